/**
 * The desk: the database plus the clock and the acting agent, and the one way to change anything.
 * Every change writes its rows and their outbox entries in one Dexie transaction (DESIGN.md §5.1),
 * so a worker killed mid-write leaves either all of it or none of it.
 */
import Dexie, { type Transaction } from 'dexie';
import { monotonicFactory } from 'ulid';
import type { Customer, Message, Note, Template, Ticket } from '../model';
import { serverOwnedFields, type MutationOp, type SyncTable } from '../sync/protocol';
import type { DeskDb, OutboxEntry } from '../db';

export interface Desk {
  db: DeskDb;
  now(): number;
  newId(): string;
  /** How long a new ticket may wait for its first response before it counts as overdue. */
  responseTargetMs(): Promise<number>;
  /** The signed-in agent's id, or this browser's local agent id until sign-in. */
  agentId(): Promise<string>;
}

export function createDesk(db: DeskDb, { now = Date.now }: { now?: () => number } = {}): Desk {
  const ulid = monotonicFactory();
  const newId = () => ulid(now());
  return {
    db,
    now,
    newId,
    async responseTargetMs() {
      return ((await db.getMeta('responseTargetMinutes')) ?? 60) * 60_000;
    },
    async agentId() {
      const signedIn = await db.getMeta('agent');
      if (signedIn) return signedIn.id;
      // Read and create in one transaction: two first calls at once must not make two ids.
      return db.transaction('rw', db.meta, async () => {
        const local = await db.getMeta('localAgentId');
        if (local) return local;
        const id = newId();
        await db.setMeta('localAgentId', id);
        return id;
      });
    },
  };
}

interface RowOf {
  customers: Customer;
  tickets: Ticket;
  messages: Message;
  notes: Note;
  templates: Template;
}
type Updatable = 'customers' | 'tickets' | 'templates';

/** Derived index fields kept on local rows only. */
const localOnlyFields = new Set(['identityKeys', 'words']);

/** What a change may do; each call also queues the matching mutation. */
export interface Writer {
  insert<T extends SyncTable>(table: T, rows: RowOf[T][]): Promise<void>;
  update<T extends Updatable>(table: T, id: string, changes: Partial<RowOf[T]>): Promise<void>;
  /** Deletes a customer here and queues the mutation that does it on the server. */
  remove(table: 'customers', id: string, op: Extract<MutationOp, 'delete' | 'erase'>): Promise<void>;
}

/** Tables a change may read and write besides the outbox and rowMeta, which every change gets. */
type Scope = SyncTable | 'conflicts' | 'meta';

/**
 * Runs `change` in one transaction over `tables` + outbox + rowMeta, then announces `tables` as changed.
 * `change` must await only Dexie calls: awaiting anything else (fetch, crypto) would let the
 * transaction commit early, so compute such things before calling `write`.
 */
export async function write<R>(desk: Desk, tables: readonly Scope[], change: (writer: Writer) => Promise<R>): Promise<R> {
  const { db } = desk;
  const mutation = (table: SyncTable, op: MutationOp, rowId: string, baseSeq: number, fields: Record<string, unknown>): OutboxEntry =>
    ({ table, op, rowId, baseSeq, fields });
  const baseSeq = async (table: SyncTable, rowId: string) => (await db.rowMeta.get([table, rowId]))?.seq ?? 0;
  let transaction: Transaction | undefined;
  // Awaiting a promise Dexie does not know can lose the transaction's zone, and the next write
  // would silently run in a transaction of its own. Refuse instead, so a test catches it.
  const inTransaction = () => {
    if (Dexie.currentTransaction !== transaction) throw new Error('A desk write ran outside its transaction.');
  };
  const writer: Writer = {
    async insert(table, rows) {
      inTransaction();
      if (rows.length === 0) return;
      await db.table(table).bulkAdd(rows);
      await db.outbox.bulkAdd(rows.map((row) => mutation(table, 'insert', row.id, 0, pushable(table, row))));
    },
    async update(table, id, changes) {
      inTransaction();
      await db.table(table).update(id, changes);
      const fields = pushable(table, changes);
      if (Object.keys(fields).length > 0) await db.outbox.add(mutation(table, 'update', id, await baseSeq(table, id), fields));
    },
    async remove(table, id, op) {
      inTransaction();
      const seq = await baseSeq(table, id);
      await db.table(table).delete(id);
      await db.outbox.add(mutation(table, op, id, seq, {}));
    },
  };
  const result = await db.transaction('rw', [...tables, 'outbox', 'rowMeta'], (tx) => {
    transaction = tx;
    return change(writer);
  });
  db.changed(tables);
  return result;
}
/** The fields of a row or change the server accepts from a client. */
function pushable(table: SyncTable, fields: object): Record<string, unknown> {
  const owned = new Set(serverOwnedFields[table]);
  return Object.fromEntries(Object.entries(fields).filter(([key, value]) => value !== undefined && !owned.has(key) && !localOnlyFields.has(key)));
}
