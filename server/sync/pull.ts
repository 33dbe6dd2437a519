/**
 * Pull reads the team's sequence first and then rows up to it: every row at or below that number
 * is committed, so a page never skips a row that a concurrent push is still writing.
 *
 * A page looks at most `window × limit` seqs past the cursor. Seqs are unique per team, so however
 * the database plans the query (PostgreSQL, with statistics older than a bulk import, sorts every
 * row past the cursor: a fresh browser's first sync went quadratic), it reads a bounded range. Seqs
 * of rows changed again since are gaps, so such a page can come back short, or empty, with more to come.
 */
import { limits, type PullResponse } from '../../lib/sync/protocol';
import type { Auth } from '../auth';
import type { Store } from '../store/db';
import type { RowTable } from '../store/schema';

export class CursorAheadError extends Error {}

const window = 4;

export async function pull(store: Store, auth: Auth, cursor: number, limit: number): Promise<StoredPage<PullResponse>> {
  const team = await store.db.selectFrom('teams').select('seq').where('id', '=', auth.teamId).executeTakeFirstOrThrow();
  if (cursor > team.seq) {
    throw new CursorAheadError(
      `Your browser has changes up to ${cursor} but this server only up to ${team.seq}: it was probably reset. Sign out and sign in again to resync.`,
    );
  }
  const upTo = Math.min(team.seq, cursor + window * limit);
  const rows = await visibleRows(store, auth)
    .select(['tbl', 'id', 'seq', 'deleted', 'data'])
    .where('seq', '>', cursor)
    .where('seq', '<=', upTo)
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  const { page: changes, full } = pageOf(rows, limit);
  // A short page holds every row up to `upTo`, including rows this agent may not see.
  const next = full ? changes[changes.length - 1].seq : upTo;
  return { changes, cursor: next, more: next < team.seq, head: team.seq };
}

/**
 * The page out of `rows` (read `limit + 1` at most): `limit` rows, or fewer once their data passes
 * `limits.maxPageBytes`, but never none; `full` when rows are left after it.
 */
export function pageOf<T extends Pick<RowTable, 'data'>>(rows: T[], limit: number): { page: T[]; full: boolean } {
  let bytes = 0;
  for (let i = 0; i < Math.min(rows.length, limit); i++) {
    bytes += rows[i].data.length;
    if (bytes > limits.maxPageBytes && i > 0) return { page: rows.slice(0, i), full: true };
  }
  return rows.length > limit ? { page: rows.slice(0, limit), full: true } : { page: rows, full: false };
}

/** The rows of the caller's team that the caller may see: the team's, and their own personal ones. */
export const visibleRows = (store: Store, auth: Auth) =>
  store.db
    .selectFrom('rows')
    .where('team_id', '=', auth.teamId)
    .where((eb) => eb.or([eb('visible_to', 'is', null), eb('visible_to', '=', auth.agent.id)]));

type StoredChange = Pick<RowTable, 'tbl' | 'id' | 'seq' | 'deleted' | 'data'>;

/** A pull or snapshot response with its changes as they are stored: `asJson` writes it for the client. */
export type StoredPage<T extends { changes: unknown[] }> = Omit<T, 'changes'> & { changes: StoredChange[] };

/**
 * A page as the JSON clients receive, each row's stored JSON spliced in as it is: parsing it only
 * to write it again took a second of the server's time per copy of 270k rows, five times what
 * splicing takes. A tombstone says only which row is gone.
 */
export function asJson<T extends { changes: unknown[] }>({ changes, ...rest }: StoredPage<T>): string {
  const rows = changes.map(({ tbl, id, seq, deleted, data }) =>
    deleted ? JSON.stringify({ table: tbl, id, seq, deleted: true }) : `{"table":${JSON.stringify(tbl)},"id":${JSON.stringify(id)},"seq":${seq},"deleted":false,"row":${data}}`,
  );
  const tail = JSON.stringify(rest);
  return `{"changes":[${rows.join(',')}]${tail === '{}' ? '}' : `,${tail.slice(1)}`}`;
}
