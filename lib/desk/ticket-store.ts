/**
 * Tickets are stored in runs (lib/desk/runs.ts), not one IndexedDB record each, and found
 * through an index in memory (lib/desk/ticket-index.ts), as Linear's and Replicache's clients
 * do: a first sync of 50k tickets as records with their indexes cost 14–18 s on its own
 * (docs/first-sync.md).
 *
 * The background is the only writer, so the index is kept in step as it writes: it loads from
 * the runs on first use, and each write changes it once its runs are written, inside the write's
 * transaction; a transaction that aborts drops it, to be loaded again. Reads inside a transaction
 * first wait for the transaction to hold the runs: IndexedDB runs read-write transactions on one
 * store one after another, so by then every earlier write is in the index, and two logs of the
 * same thread at once still find one ticket.
 */
import type { Transaction } from 'dexie';
import { allEntries, changeEntries, type Runs } from './runs';
import { TicketIndex, type TicketRow } from './ticket-index';

export type TicketRuns = Runs<TicketRow>;

/** About what a ticket takes stored: its fields, its subject and its status history (pulled rows are only checked to be objects). */
const storedSize = (t: TicketRow) => 600 + (t.subject?.length ?? 0) + 60 * (t.statusHistory?.length ?? 0);

/** Writes these tickets into their runs, replacing any stored under their ids. */
export function putInRuns(runs: TicketRuns, rows: readonly TicketRow[]): Promise<void> {
  return changeEntries(runs, new Map(rows.map((row) => [row.id, row])), (_, row) => row, storedSize);
}

/** The tickets, as one transaction or none sees them. */
export class TicketTable {
  private held: Promise<TicketIndex> | undefined;

  constructor(
    private readonly store: TicketStore,
    /** The transaction's own table of runs; none outside a transaction. */
    private readonly transactionRuns?: TicketRuns,
  ) {}

  private get runs(): TicketRuns {
    return this.transactionRuns ?? this.store.runs();
  }

  /** The index; in a transaction, once it holds the runs. */
  index(): Promise<TicketIndex> {
    if (!this.transactionRuns) return this.store.loaded(this.runs);
    this.held ??= this.transactionRuns.count().then(() => this.store.loaded(this.runs));
    return this.held;
  }

  async get(id: string): Promise<TicketRow | undefined> {
    return (await this.index()).get(id);
  }

  async bulkGet(ids: readonly string[]): Promise<(TicketRow | undefined)[]> {
    const index = await this.index();
    return ids.map((id) => index.get(id));
  }

  async toArray(): Promise<TicketRow[]> {
    return [...(await this.index()).newestFirst()];
  }

  async count(): Promise<number> {
    return (await this.index()).size;
  }

  async withConversationKey(key: string): Promise<TicketRow[]> {
    return (await this.index()).withConversationKey(key);
  }

  async commentsOn(postKey: string): Promise<TicketRow[]> {
    return (await this.index()).commentsOn(postKey);
  }

  async ofCustomer(customerId: string): Promise<TicketRow[]> {
    return (await this.index()).ofCustomer(customerId);
  }

  /** Adds new tickets; an id already stored is an error, as Dexie's `bulkAdd` makes it. */
  async bulkAdd(rows: readonly TicketRow[]): Promise<void> {
    const index = await this.index();
    const taken = rows.find((row) => index.get(row.id));
    if (taken) throw new Error(`Ticket ${taken.id} already exists.`);
    await this.bulkPut(rows);
  }

  async bulkPut(rows: readonly TicketRow[]): Promise<void> {
    await this.index();
    await putInRuns(this.runs, rows);
    this.store.current?.set(rows);
  }

  /** Changes the given fields of a stored ticket; returns how many were changed (0 or 1), as Dexie's `update` does. */
  async update(id: string, changes: Partial<TicketRow>): Promise<number> {
    const stored = await this.get(id);
    if (!stored) return 0;
    await this.bulkPut([{ ...stored, ...changes }]);
    return 1;
  }

  async bulkDelete(ids: readonly string[]): Promise<void> {
    await this.index();
    await changeEntries(this.runs, new Map(ids.map((id) => [id, null])), () => undefined, storedSize);
    this.store.current?.delete(ids);
  }
}

/** The tickets of one database: where their runs are, and the index of what they hold. */
export class TicketStore {
  current: TicketIndex | undefined;
  /** The tickets outside any transaction. */
  readonly outside = new TicketTable(this);
  private loading: Promise<TicketIndex> | undefined;
  private readonly tables = new WeakMap<Transaction, TicketTable>();

  constructor(readonly runs: () => TicketRuns) {}

  /** The tickets as `tx` sees them; a `tx` that aborts drops the index its writes changed. */
  in(tx: Transaction): TicketTable {
    let table = this.tables.get(tx);
    if (!table) {
      table = new TicketTable(this, tx.table('ticketRuns') as TicketRuns);
      this.tables.set(tx, table);
      tx.on('abort', () => this.forget());
    }
    return table;
  }

  /** The index, loading it through `runs` (bound to a transaction or not) when there is none. */
  loaded(runs: TicketRuns): Promise<TicketIndex> {
    if (this.current) return Promise.resolve(this.current);
    this.loading ??= allEntries(runs).then(
      (rows) => (this.current = new TicketIndex(rows)),
      (error) => {
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  }

  /** Drops the index: a write that changed it did not commit. */
  forget(): void {
    this.current = undefined;
    this.loading = undefined;
  }
}
