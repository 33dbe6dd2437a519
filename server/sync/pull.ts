/**
 * Pull reads the team's sequence first and then rows up to it: every row at or below that number
 * is committed, so a page never skips a row that a concurrent push is still writing.
 */
import type { PullChange, PullResponse } from '../../lib/sync/protocol';
import type { Auth } from '../auth';
import type { Store } from '../store/db';

export class CursorAheadError extends Error {}

export async function pull(store: Store, auth: Auth, cursor: number, limit: number): Promise<PullResponse> {
  const team = await store.db.selectFrom('teams').select('seq').where('id', '=', auth.teamId).executeTakeFirstOrThrow();
  if (cursor > team.seq) {
    throw new CursorAheadError(
      `Your browser has changes up to ${cursor} but this server only up to ${team.seq}: it was probably reset. Sign out and sign in again to resync.`,
    );
  }
  const rows = await store.db
    .selectFrom('rows')
    .select(['tbl', 'id', 'seq', 'deleted', 'data'])
    .where('team_id', '=', auth.teamId)
    .where('seq', '>', cursor)
    .where('seq', '<=', team.seq)
    .where((eb) => eb.or([eb('visible_to', 'is', null), eb('visible_to', '=', auth.agent.id)]))
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const changes = page.map(
    (row): PullChange =>
      (row.deleted
        ? { table: row.tbl, id: row.id, seq: row.seq, deleted: true }
        : { table: row.tbl, id: row.id, seq: row.seq, deleted: false, row: JSON.parse(row.data) }) as PullChange,
  );
  // A short page reaches the team's sequence, including rows this agent may not see.
  return { changes, cursor: more ? page[page.length - 1].seq : team.seq, more, head: team.seq };
}
