/**
 * Teams, agents, invites and tokens. Secrets (tokens, invite codes) are random, shown once and
 * stored only as SHA-256 hashes: a copy of the database lets nobody sign in.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { ulid } from 'ulid';
import type { Agent, Role, Team } from '../lib/model';
import type { Store } from './store/db';
import type { AgentTable, TeamTable } from './store/schema';

export interface Auth {
  agent: Agent;
  teamId: string;
  tokenId: string;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 80 random bits as four groups of four letters and digits, easy to read out and type. */
function newInviteCode(): string {
  const chars = [...randomBytes(16)].map((byte) => CROCKFORD[byte & 31]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** Typing slips forgiven: case, spaces, dashes, and letters that look like digits. */
function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** 256 random bits. */
function newToken(): string {
  return `sdk_${randomBytes(32).toString('base64url')}`;
}

export const toAgent = (row: AgentTable): Agent => ({ id: row.id, teamId: row.team_id, name: row.name, role: row.role, createdAt: row.created_at });
export const toTeam = (row: TeamTable): Team => ({ id: row.id, name: row.name, createdAt: row.created_at });

export class AuthError extends Error {}

export interface InviteOptions {
  role: Role;
  maxUses: number;
  expiresInHours: number;
  createdBy?: string;
}

export async function createInvite(store: Store, teamId: string, options: InviteOptions) {
  const code = newInviteCode();
  const now = Date.now();
  const expiresAt = now + Math.round(options.expiresInHours * 3_600_000);
  await store.db
    .insertInto('invites')
    .values({
      id: ulid(),
      team_id: teamId,
      code_hash: sha256(normaliseCode(code)),
      role: options.role,
      max_uses: options.maxUses,
      uses: 0,
      expires_at: expiresAt,
      created_by: options.createdBy ?? null,
      created_at: now,
    })
    .execute();
  return { code, role: options.role, maxUses: options.maxUses, expiresAt };
}

/** Spends one use of an invite and makes a new agent with a fresh token. */
export async function redeemInvite(store: Store, code: string, name: string) {
  const codeHash = sha256(normaliseCode(code));
  return store.db.transaction().execute(async (trx) => {
    const now = Date.now();
    const spent = await trx
      .updateTable('invites')
      .set((eb) => ({ uses: eb('uses', '+', 1) }))
      .where('code_hash', '=', codeHash)
      .whereRef('uses', '<', 'max_uses')
      .where('expires_at', '>', now)
      .returning(['team_id', 'role'])
      .executeTakeFirst();
    if (!spent) {
      const invite = await trx.selectFrom('invites').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
      if (!invite) throw new AuthError('This invite code is not valid. Check it for typos, or ask your team admin for a new one.');
      if (invite.expires_at <= now) throw new AuthError('This invite code has expired. Ask your team admin for a new one.');
      throw new AuthError('This invite code has already been used. Ask your team admin for a new one.');
    }
    const agent: AgentTable = { id: ulid(), team_id: spent.team_id, name, role: spent.role, created_at: now };
    await trx.insertInto('agents').values(agent).execute();
    const token = newToken();
    await trx
      .insertInto('tokens')
      .values({ id: ulid(), team_id: spent.team_id, agent_id: agent.id, token_hash: sha256(token), created_at: now, revoked_at: null })
      .execute();
    const team = await trx.selectFrom('teams').selectAll().where('id', '=', spent.team_id).executeTakeFirstOrThrow();
    return { token, agent: toAgent(agent), team: toTeam(team) };
  });
}

/** The agent behind a bearer token, or undefined when it is unknown or revoked. */
export async function authenticate(store: Store, token: string): Promise<Auth | undefined> {
  const row = await store.db
    .selectFrom('tokens')
    .innerJoin('agents', 'agents.id', 'tokens.agent_id')
    .select(['tokens.id as tokenId', 'agents.id', 'agents.team_id', 'agents.name', 'agents.role', 'agents.created_at'])
    .where('tokens.token_hash', '=', sha256(token))
    .where('tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return { agent: toAgent(row), teamId: row.team_id, tokenId: row.tokenId };
}

export async function revokeToken(store: Store, auth: Auth): Promise<void> {
  await store.db.updateTable('tokens').set({ revoked_at: Date.now() }).where('team_id', '=', auth.teamId).where('id', '=', auth.tokenId).execute();
}

/** Revokes every token of an agent of the team; false when the team has no such agent. */
export async function revokeAgentTokens(store: Store, teamId: string, agentId: string): Promise<boolean> {
  const agent = await store.db.selectFrom('agents').select('id').where('team_id', '=', teamId).where('id', '=', agentId).executeTakeFirst();
  if (!agent) return false;
  await store.db
    .updateTable('tokens')
    .set({ revoked_at: Date.now() })
    .where('team_id', '=', teamId)
    .where('agent_id', '=', agentId)
    .where('revoked_at', 'is', null)
    .execute();
  return true;
}

export async function listAgents(store: Store, teamId: string): Promise<Agent[]> {
  const rows = await store.db.selectFrom('agents').selectAll().where('team_id', '=', teamId).orderBy('name').orderBy('id').execute();
  return rows.map(toAgent);
}

export async function getTeam(store: Store, teamId: string): Promise<Team> {
  return toTeam(await store.db.selectFrom('teams').selectAll().where('id', '=', teamId).executeTakeFirstOrThrow());
}

export async function createTeam(store: Store, name: string): Promise<Team> {
  const team: TeamTable = { id: ulid(), name, seq: 0, next_ticket_number: 1, created_at: Date.now() };
  await store.db.insertInto('teams').values(team).execute();
  return toTeam(team);
}

/**
 * First start: when there is no team yet, creates one and an admin invite. Replicas starting
 * together on PostgreSQL serialise on a table lock, so exactly one of them creates it.
 */
export async function bootstrapTeam(store: Store, teamName: string): Promise<{ team: Team; code: string } | undefined> {
  return store.db.transaction().execute(async (trx) => {
    if (store.dialect === 'postgres') await sql`LOCK TABLE teams IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    const existing = await trx.selectFrom('teams').select('id').limit(1).executeTakeFirst();
    if (existing) return undefined;
    const inner: Store = { ...store, db: trx };
    const team = await createTeam(inner, teamName);
    const { code } = await createInvite(inner, team.id, { role: 'admin', maxUses: 1, expiresInHours: 24 * 7 });
    return { team, code };
  });
}
