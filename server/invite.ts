/**
 * `npm run invite -- [--role agent|admin] [--uses N] [--days D] [--team <id>]`: makes an invite
 * code straight in the database (same DATA_DIR / DATABASE_URL as the server), for when no admin
 * can sign in yet or the first code expired.
 */
import { parseArgs } from 'node:util';
import { createInviteRequestSchema } from '../lib/sync/protocol';
import { createInvite } from './auth';
import { configFromEnv } from './config';
import { openStore } from './store/db';
import { describeIssues } from './validation';

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'agent' },
    uses: { type: 'string', default: '1' },
    days: { type: 'string', default: '7' },
    team: { type: 'string' },
  },
});

const options = createInviteRequestSchema.safeParse({ role: values.role, maxUses: Number(values.uses), expiresInHours: Number(values.days) * 24 });
if (!options.success) {
  console.error(`Invalid option: ${describeIssues(options.error)}`);
  process.exit(2);
}

const store = await openStore(configFromEnv());
try {
  const teams = await store.db.selectFrom('teams').select(['id', 'name']).orderBy('created_at').execute();
  const team = values.team ? teams.find((candidate) => candidate.id === values.team) : teams.length === 1 ? teams[0] : undefined;
  if (!team) {
    console.error(teams.length === 0 ? 'No team yet: start the server once to create it.' : 'Pick a team with --team <id>:');
    for (const candidate of teams) console.error(`  ${candidate.id}  ${candidate.name}`);
    process.exitCode = 2;
  } else {
    const invite = await createInvite(store, team.id, options.data);
    console.log(`Team: ${team.name}; role: ${invite.role}; uses: ${invite.maxUses}; expires: ${new Date(invite.expiresAt).toISOString()}`);
    console.log(`Invite code: ${invite.code}`);
  }
} finally {
  await store.close();
}
