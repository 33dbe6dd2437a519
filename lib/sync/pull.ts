/**
 * Pull (DESIGN.md §5.3): pages of the team's changes in seq order, each applied in one Dexie
 * transaction that also stores the cursor, so a worker killed between pages resumes where the last
 * committed page ended. Local changes still in the outbox stay on top of the server's rows (rebase):
 * the agent never sees a value they just typed flip back while it is on its way.
 *
 * A browser that has never pulled copies the team from a snapshot first (server/sync/snapshot.ts
 * says why), in pages applied the same way, storing its position instead of the cursor.
 */
import type { Table } from 'dexie';
import type { DeskDb, MetaValues, OutboxEntry, SnapshotPosition } from '../db';
import type { DeskTable } from '../desk/types';
import type { Message } from '../model';
import { SyncError, type SyncApi } from './api';
import { limits, type PullChange, type PullTable } from './protocol';
import { addToTranscripts, deleteTranscripts } from '../desk/transcripts';
import { measure } from '../measure';

/** Tables whose rows can be updated, so later changes need the row's seq as their `baseSeq`. */
const versioned = new Set<PullTable>(['customers', 'tickets', 'templates']);

type Row = Record<string, unknown> & { id: string };
/** What applying a page does to a table of rows. */
type Rows = Pick<Table<Row, string>, 'bulkPut' | 'bulkDelete'>;

export interface Applied {
  tables: DeskTable[];
  /** Agent ids the page's rows name (authors, assignees): the engine refreshes the team when one is new. */
  agentIds: Set<string>;
}

/** Applies one page's changes and stores where it leaves off (`position`), in one transaction. */
export async function applyPage(db: DeskDb, changes: PullChange[], position: Partial<MetaValues>): Promise<Applied> {
  const tables = new Set<DeskTable>();
  const agentIds = new Set<string>();
  await db.transaction('rw', [db.customerRuns, db.ticketRuns, db.templateRuns, db.transcriptRuns, db.notes, db.conflicts, db.outbox, db.meta], async (tx) => {
    const pending = await pendingFor(tx.table('outbox'), changes);
    const byTable = new Map<PullTable, { puts: Row[]; deletes: string[] }>();
    for (const change of changes) {
      const group = byTable.get(change.table) ?? { puts: [], deletes: [] };
      byTable.set(change.table, group);
      if (change.deleted) {
        group.deletes.push(change.id);
        continue;
      }
      // Usually nothing is pending: a first copy then makes no key per row (about a µs each, 270k rows).
      const row = pending.size ? rebase(change.row as unknown as Row, pending.get(`${change.table}:${change.id}`)) : (change.row as unknown as Row);
      if (!row) continue;
      if (versioned.has(change.table)) row.syncSeq = change.seq;
      group.puts.push(row);
      collectAgents(row, agentIds);
    }
    for (const [name, { puts, deletes }] of byTable) {
      const start = performance.now();
      tables.add(name);
      if (name === 'messages') {
        // A message is only ever deleted with its ticket (the server's tombstone takes a row's
        // children with it), and the ticket's delete below takes its transcript.
        await addToTranscripts(tx.table('transcriptRuns'), puts as unknown as Message[]);
      } else {
        const rows = (name in db.rowStores ? db.rowStores[name as keyof DeskDb['rowStores']].in(tx) : tx.table(name)) as unknown as Rows;
        if (deletes.length) await rows.bulkDelete(deletes);
        if (name === 'tickets' && deletes.length) await deleteTranscripts(tx.table('transcriptRuns'), deletes);
        if (puts.length) await rows.bulkPut(puts);
      }
      measure(`sidedesk:pull-apply ${name}`, start);
    }
    await tx.table('meta').bulkPut(Object.entries(position).map(([key, value]) => ({ key, value })));
  });
  return { tables: [...tables], agentIds };
}

/** Outbox entries for the page's rows, oldest first, by `table:rowId`. Usually none: skip the lookup then. */
async function pendingFor(outbox: Table<OutboxEntry, number>, changes: PullChange[]): Promise<Map<string, OutboxEntry[]>> {
  const byRow = new Map<string, OutboxEntry[]>();
  if (changes.length === 0 || (await outbox.count()) === 0) return byRow;
  const entries = await outbox.where('[table+rowId]').anyOf(changes.map((c): [string, string] => [c.table, c.id])).toArray();
  for (const entry of entries.sort((a, b) => a.id! - b.id!)) {
    const key = `${entry.table}:${entry.rowId}`;
    byRow.set(key, [...(byRow.get(key) ?? []), entry]);
  }
  return byRow;
}

/**
 * The server's row with this browser's unsent changes replayed on top; null when a delete of it is
 * still waiting to be sent. A pending insert means the server already has it (its answer was lost):
 * its row is newer than ours, so the insert adds nothing.
 */
export function rebase(row: Row, pending: readonly OutboxEntry[] | undefined): Row | null {
  if (!pending) return row;
  const next = { ...row };
  for (const entry of pending) {
    if (entry.op === 'delete' || entry.op === 'erase') return null;
    if (entry.op === 'update') Object.assign(next, entry.fields);
    if (entry.op === 'increment') next.usageCount = Number(next.usageCount ?? 0) + Number(entry.fields.usageCount ?? 0);
  }
  return next;
}

const agentFields = ['createdBy', 'updatedBy', 'authorId', 'assigneeId', 'ownerId'];
function collectAgents(row: Row, into: Set<string>) {
  for (const field of agentFields) if (typeof row[field] === 'string') into.add(row[field] as string);
}

/** Where a page leaves the pull: the cursor, whether more follows, and how far along (0–1) a long catch-up is. */
export interface PulledPage {
  cursor: number;
  more: boolean;
  progress: number | null;
}

type OnPage = (applied: Applied, page: PulledPage) => void;

/**
 * Pulls until the server says there is no more; a browser that has never pulled copies the
 * snapshot first. The next page is fetched while this one is applied: on a fresh browser that
 * halves the wait, and a page is still only applied after the one before it.
 */
export async function pullUntilDone(db: DeskDb, api: SyncApi, onPage: OnPage): Promise<number> {
  let cursor = (await db.getMeta('pullCursor')) ?? 0;
  if (cursor === 0) cursor = await copySnapshot(db, api, onPage);
  const from = cursor;
  let next = api.pull(cursor, limits.maxPullLimit);
  for (;;) {
    const page = await next;
    if (page.more) next = prefetched(api.pull(page.cursor, limits.maxPullLimit));
    const start = performance.now();
    const applied = await applyPage(db, page.changes, { pullCursor: page.cursor });
    measure('sidedesk:pull-apply', start);
    cursor = page.cursor;
    onPage(applied, { cursor, more: page.more, progress: page.more && page.head ? (cursor - from) / (page.head - from) : null });
    if (!page.more) return cursor;
  }
}

/**
 * Copies the team's snapshot, resuming where a killed worker left it; returns the cursor to pull
 * from. A server without snapshots (older than this extension) answers 404: pull from 0 then.
 */
async function copySnapshot(db: DeskDb, api: SyncApi, onPage: OnPage): Promise<number> {
  let position = (await db.getMeta('snapshot')) ?? null;
  let next = api.snapshot(position?.after ?? '', limits.maxPullLimit);
  for (;;) {
    let page;
    try {
      page = await next;
    } catch (error) {
      if (error instanceof SyncError && error.kind === 'refused' && !position) return 0;
      throw error;
    }
    if (page.after !== null) next = prefetched(api.snapshot(page.after, limits.maxPullLimit));
    const head = position?.head ?? page.head;
    const copied = (position?.copied ?? 0) + page.changes.length;
    const total = position?.total ?? page.total ?? copied;
    position = page.after === null ? null : ({ after: page.after, head, copied, total } satisfies SnapshotPosition);
    const start = performance.now();
    const applied = await applyPage(db, page.changes, position ? { snapshot: position } : { snapshot: null, pullCursor: head });
    measure('sidedesk:pull-apply', start);
    // Not done until the pull from `head` is: more follows either way, of a size unknown after the last page.
    onPage(applied, { cursor: position ? 0 : head, more: true, progress: position ? Math.min(0.99, copied / total) : null });
    if (!position) return head;
  }
}

/** A page fetched ahead is awaited on the next turn; an apply that throws first must not leave it unhandled. */
function prefetched<T>(request: Promise<T>): Promise<T> {
  request.catch(() => {});
  return request;
}
