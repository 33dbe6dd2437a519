/**
 * Pull (DESIGN.md §5.3): pages of the team's changes in seq order, each applied in one Dexie
 * transaction that also stores the cursor, so a worker killed between pages resumes where the last
 * committed page ended. Local changes still in the outbox stay on top of the server's rows (rebase):
 * the agent never sees a value they just typed flip back while it is on its way.
 */
import type { Table } from 'dexie';
import type { DeskDb, OutboxEntry } from '../db';
import type { DeskTable } from '../desk/types';
import type { Message } from '../model';
import type { SyncApi } from './api';
import { limits, type PullChange, type PullResponse, type PullTable } from './protocol';
import { addToTranscripts } from '../desk/transcripts';
import { measure } from '../measure';

/** Tables whose rows can be updated, so later changes need the row's seq as their `baseSeq`. */
const versioned = new Set<PullTable>(['customers', 'tickets', 'templates']);

type Row = Record<string, unknown> & { id: string };
type Rows = Table<Row, string>;

export interface Applied {
  tables: DeskTable[];
  /** Agent ids the page's rows name (authors, assignees): the engine refreshes the team when one is new. */
  agentIds: Set<string>;
}

/** Applies one page and stores its cursor, in one transaction. */
export async function applyPage(db: DeskDb, page: PullResponse): Promise<Applied> {
  const tables = new Set<DeskTable>();
  const agentIds = new Set<string>();
  await db.transaction('rw', [db.customers, db.tickets, db.transcripts, db.notes, db.templates, db.conflicts, db.outbox, db.meta], async (tx) => {
    const pending = await pendingFor(tx.table('outbox'), page.changes);
    const byTable = new Map<PullTable, { puts: Row[]; deletes: string[] }>();
    for (const change of page.changes) {
      const group = byTable.get(change.table) ?? { puts: [], deletes: [] };
      byTable.set(change.table, group);
      if (change.deleted) {
        group.deletes.push(change.id);
        continue;
      }
      const row = rebase(change.row as unknown as Row, pending.get(`${change.table}:${change.id}`));
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
        await addToTranscripts(tx.table('transcripts'), puts as unknown as Message[]);
      } else {
        const rows = tx.table(name) as unknown as Rows;
        if (deletes.length) await rows.bulkDelete(deletes);
        if (name === 'tickets' && deletes.length) await tx.table('transcripts').bulkDelete(deletes);
        if (puts.length) await rows.bulkPut(puts);
      }
      measure(`sidedesk:pull-apply ${name}`, start);
    }
    await tx.table('meta').put({ key: 'pullCursor', value: page.cursor });
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

/**
 * Pulls until the server says there is no more. The next page is fetched while this one is applied:
 * on a fresh browser that halves the wait, and a page is still only applied after the one before it.
 */
export async function pullUntilDone(db: DeskDb, api: SyncApi, onPage: (applied: Applied, page: PullResponse) => void): Promise<number> {
  let cursor = (await db.getMeta('pullCursor')) ?? 0;
  let next = api.pull(cursor, limits.maxPullLimit);
  for (;;) {
    const page = await next;
    if (page.more) {
      next = api.pull(page.cursor, limits.maxPullLimit);
      next.catch(() => {}); // awaited on the next turn; an apply that throws first must not leave it unhandled
    }
    const start = performance.now();
    const applied = await applyPage(db, page);
    measure('sidedesk:pull-apply', start);
    cursor = page.cursor;
    onPage(applied, page);
    if (!page.more) return cursor;
  }
}
