/**
 * A snapshot: how a fresh browser copies the team, in pages, instead of pulling its history from
 * seq 0. Pull order scatters a ticket's messages over the whole history, so a browser storing
 * messages as one transcript per ticket would write each transcript again for every page that adds
 * to it; in snapshot order each message comes right after its ticket, so each is written about once.
 *
 * The browser keeps the `head` of its first page and, once the snapshot is done, pulls from there:
 * every row changed after it (including tombstones) comes again in seq order, so a row copied in an
 * older state, or copied and deleted since, ends up as it is. Tombstones are in the snapshot too,
 * so it holds exactly what a pull from 0 would, in another order.
 */
import { sql } from 'kysely';
import type { PullTable, SnapshotResponse } from '../../lib/sync/protocol';
import type { Auth } from '../auth';
import type { Store } from '../store/db';
import { pageOf, visibleRows, type StoredPage } from './pull';

/** Ids are ULIDs, all 26 characters: a ticket's key is a prefix of its messages' keys and sorts right before them. */
export const snapshotKey = (tbl: PullTable, id: string, parentId: string | null) => (tbl === 'messages' && parentId ? parentId + id : id);

/** Up to `limit` rows whose snapshot key is past `after` ('' for the first page). */
export async function snapshot(store: Store, auth: Auth, after: string, limit: number): Promise<StoredPage<SnapshotResponse>> {
  if (after === '') await freshStatistics(store);
  const team = await store.db.selectFrom('teams').select('seq').where('id', '=', auth.teamId).executeTakeFirstOrThrow();
  const visible = visibleRows(store, auth);
  const [rows, counted] = await Promise.all([
    visible
      .select(['tbl', 'id', 'seq', 'deleted', 'data', 'snapshot_key'])
      .where('snapshot_key', '>', after)
      .orderBy('snapshot_key')
      .limit(limit + 1)
      .execute(),
    // Only the first page counts, for the progress shown while a long first sync runs.
    after === '' ? visible.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow() : undefined,
  ]);
  const { page, full } = pageOf(rows, limit);
  return { changes: page, after: full ? page[page.length - 1].snapshot_key : null, head: team.seq, ...(counted && { total: Number(counted.total) }) };
}

/**
 * PostgreSQL plans by statistics that autovacuum refreshes only a while after a bulk import. With
 * them stale it reads and sorts every row past the key for each page: a fresh browser's copy of
 * 270k rows spent 38 s fetching instead of 6. So a snapshot's first page refreshes them when a
 * tenth of the table changed since they were taken, as autovacuum would.
 */
async function freshStatistics(store: Store) {
  if (store.dialect !== 'postgres') return;
  const { rows } = await sql<{ stale: boolean }>`select n_mod_since_analyze > greatest(n_live_tup / 10, 1000) as stale from pg_stat_user_tables where relid = 'rows'::regclass`.execute(store.db);
  if (rows[0]?.stale) await sql`analyze rows`.execute(store.db);
}
