/**
 * The desk: the database plus the clock and the acting agent, and the one way to change anything.
 * Every change writes its rows and their outbox entries in one Dexie transaction (DESIGN.md §5.1),
 * so a worker killed mid-write leaves either all of it or none of it.
 */
import type { Table } from 'dexie';
import { monotonicFactory } from 'ulid';
import type { Customer, Message, Note, Template, Ticket } from '../model';
import { serverOwnedFields, type MutationOp, type SyncTable } from '../sync/protocol';
import type { DeskDb, OutboxEntry } from '../db';
import { addToTranscripts } from './transcripts';

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

/** Who changed a row and when: a change of only these is no change. */
const stampFields = new Set(['updatedAt', 'updatedBy']);

/** Derived index fields kept on local rows only. */
const localOnlyFields = new Set(['syncSeq']);

/** What a change may do; each call also queues the matching mutation. */
export interface Writer {
  insert<T extends SyncTable>(table: T, rows: RowOf[T][]): Promise<void>;
  update<T extends Updatable>(table: T, id: string, changes: Partial<RowOf[T]>): Promise<void>;
  /** Marks a ticket as worked on (a note was added): its updatedAt moves even though no field did. */
  touch(table: 'tickets', id: string, stamp: Pick<Ticket, 'updatedAt' | 'updatedBy'>): Promise<void>;
  /** Deletes a customer here and queues the mutation that does it on the server. */
  remove(table: 'customers', id: string, op: Extract<MutationOp, 'delete' | 'erase'>): Promise<void>;
}

/** Tables a change may read and write besides the outbox, which every change gets; `messages` are kept in transcripts. */
type Scope = SyncTable | 'conflicts' | 'meta';

/** The database's tables, as a change sees them: bound to its transaction. */
export type DeskTables = Pick<DeskDb, 'customers' | 'tickets' | 'transcriptRuns' | 'notes' | 'templates' | 'conflicts' | 'outbox' | 'meta'>;

type RowStoreName = keyof DeskDb['rowStores'];

/**
 * Runs `change` in one transaction over `tables` + outbox, then announces `tables` as changed.
 * `change` reads and writes through the tables it is given, which are bound to the transaction:
 * Dexie's implicit transaction zone does not survive deep chains of native promises, and a write
 * that lost it would silently commit on its own. `change` must not await anything but the
 * database (no fetch, no Web Crypto): compute such things before calling `write`.
 */
export async function write<R>(desk: Desk, tables: readonly Scope[], change: (writer: Writer, db: DeskTables) => Promise<R>): Promise<R> {
  const stores = tables.map((table) => (table === 'messages' ? 'transcriptRuns' : table in desk.db.rowStores ? desk.db.rowStores[table as RowStoreName].kind.runsStore : table));
  const result = await desk.db.transaction('rw', [...stores, 'outbox'], (tx) => {
    const db = new Proxy({} as DeskTables, { get: (_, name: string) => (name in desk.db.rowStores ? desk.db.rowStores[name as RowStoreName].in(tx) : tx.table(name)) });
    return change(writerIn(db), db);
  });
  desk.db.changed(tables);
  return result;
}

function writerIn(db: DeskTables): Writer {
  const mutation = (table: SyncTable, op: MutationOp, rowId: string, baseSeq: number, fields: Record<string, unknown>): OutboxEntry => ({
    table,
    op,
    rowId,
    baseSeq,
    fields,
  });
  const rowsOf = (table: Exclude<SyncTable, 'messages'>) => db[table] as unknown as Pick<Table<{ id: string; syncSeq?: number }, string>, 'get' | 'bulkAdd' | 'update' | 'bulkDelete'>;
  const baseSeq = async (table: Updatable, rowId: string) => (await rowsOf(table).get(rowId))?.syncSeq ?? 0;
  const change = async (table: Updatable, id: string, changes: object, { stampOnly }: { stampOnly: boolean }) => {
    const current = (await rowsOf(table).get(id)) as (Record<string, unknown> & { syncSeq?: number }) | undefined;
    if (!current) throw new Error(`The ${table.slice(0, -1)} to change no longer exists.`);
    // Only what really changes is written and pushed: an unchanged value would overwrite a newer one from another agent.
    const changed = Object.fromEntries(Object.entries(changes).filter(([key, value]) => JSON.stringify(current[key]) !== JSON.stringify(value)));
    const keys = Object.keys(changed);
    if (keys.length === 0 || (!stampOnly && keys.every((key) => stampFields.has(key)))) return;
    await rowsOf(table).update(id, changed);
    const fields = pushable(table, changed);
    if (Object.keys(fields).length > 0) await db.outbox.add(mutation(table, 'update', id, current.syncSeq ?? 0, fields));
  };
  return {
    async insert(table, rows) {
      if (rows.length === 0) return;
      if (table === 'messages') await addToTranscripts(db.transcriptRuns, rows as Message[]);
      else await rowsOf(table).bulkAdd(rows);
      await db.outbox.bulkAdd(rows.map((row) => mutation(table, 'insert', row.id, 0, pushable(table, row))));
    },
    async update(table, id, changes) {
      await change(table, id, changes, { stampOnly: false });
    },
    async touch(table, id, stamp) {
      await change(table, id, stamp, { stampOnly: true });
    },
    async remove(table, id, op) {
      const seq = await baseSeq(table, id);
      await rowsOf(table).bulkDelete([id]);
      await db.outbox.add(mutation(table, op, id, seq, {}));
    },
  };
}

/** The fields of a row or change the server accepts from a client. */
function pushable(table: SyncTable, fields: object): Record<string, unknown> {
  const owned = new Set(serverOwnedFields[table]);
  return Object.fromEntries(Object.entries(fields).filter(([key, value]) => value !== undefined && !owned.has(key) && !localOnlyFields.has(key)));
}
