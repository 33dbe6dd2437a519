/**
 * Tickets and customers are stored in runs (lib/desk/runs.ts), not one IndexedDB record each, and
 * found through an index in memory, as Linear's and Replicache's clients do: a first sync of 50k
 * tickets as records with their indexes cost 14–18 s on its own (docs/first-sync.md).
 *
 * The background is the only writer, so each index is kept in step as it writes: it loads from the
 * runs on first use, and each write changes it once its runs are written, inside the write's
 * transaction; a transaction that aborts drops it, to be loaded again. Reads inside a transaction
 * first wait for the transaction to hold the runs: IndexedDB runs read-write transactions on one
 * store one after another, so by then every earlier write is in the index, and two logs of the
 * same thread at once still find one ticket.
 */
import type { Transaction } from 'dexie';
import { allEntries, changeEntries, type Runs } from './runs';

/** What a store keeps in memory: its rows by id, and whatever lookups its table needs besides. */
export interface RowIndex<Row> {
  readonly size: number;
  get(id: string): Row | undefined;
  /** Every row, in an order of the index's choosing. */
  all(): Row[];
  set(rows: readonly Row[]): void;
  delete(ids: readonly string[]): void;
}

export interface RowKind<Row, Index> {
  /** The object store holding the runs. */
  runsStore: string;
  indexOf(rows: readonly Row[]): Index;
}

type Keyed = { id: string };

/** Writes these rows into their runs, replacing any stored under their ids. */
export function putInRuns<Row extends Keyed>(runs: Runs<Row>, rows: readonly Row[]): Promise<void> {
  return changeEntries(runs, new Map(rows.map((row) => [row.id, row])), (_, row) => row);
}

/** The rows, as one transaction or none sees them; what Dexie's tables offer that the desk uses. */
export class RowTable<Row extends Keyed, Index extends RowIndex<Row>> {
  private held: Promise<Index> | undefined;

  constructor(
    private readonly store: RowStore<Row, Index>,
    /** The transaction's own table of runs; none outside a transaction. */
    private readonly transactionRuns?: Runs<Row>,
  ) {}

  private get runs(): Runs<Row> {
    return this.transactionRuns ?? this.store.runs();
  }

  /** The index; in a transaction, once it holds the runs. */
  index(): Promise<Index> {
    if (!this.transactionRuns) return this.store.loaded(this.runs);
    this.held ??= this.transactionRuns.count().then(() => this.store.loaded(this.runs));
    return this.held;
  }

  async get(id: string): Promise<Row | undefined> {
    return (await this.index()).get(id);
  }

  async bulkGet(ids: readonly string[]): Promise<(Row | undefined)[]> {
    const index = await this.index();
    return ids.map((id) => index.get(id));
  }

  async toArray(): Promise<Row[]> {
    return (await this.index()).all();
  }

  async count(): Promise<number> {
    return (await this.index()).size;
  }

  /** Adds new rows; an id already stored is an error, as Dexie's `bulkAdd` makes it. */
  async bulkAdd(rows: readonly Row[]): Promise<void> {
    const index = await this.index();
    const taken = rows.find((row) => index.get(row.id));
    if (taken) throw new Error(`${taken.id} already exists.`);
    await this.bulkPut(rows);
  }

  async bulkPut(rows: readonly Row[]): Promise<void> {
    await this.index();
    await putInRuns(this.runs, rows);
    this.store.current?.set(rows);
  }

  /** Changes the given fields of a stored row; returns how many were changed (0 or 1), as Dexie's `update` does. */
  async update(id: string, changes: Partial<Row>): Promise<number> {
    const stored = await this.get(id);
    if (!stored) return 0;
    await this.bulkPut([{ ...stored, ...changes }]);
    return 1;
  }

  async bulkDelete(ids: readonly string[]): Promise<void> {
    await this.index();
    await changeEntries(this.runs, new Map(ids.map((id) => [id, null])), () => undefined);
    this.store.current?.delete(ids);
  }
}

/** One kind of row in one database: where its runs are, and the index of what they hold. */
export class RowStore<Row extends Keyed, Index extends RowIndex<Row>> {
  current: Index | undefined;
  /** The rows outside any transaction. */
  readonly outside = new RowTable(this);
  private loading: Promise<Index> | undefined;
  private readonly tables = new WeakMap<Transaction, RowTable<Row, Index>>();

  constructor(
    readonly kind: RowKind<Row, Index>,
    readonly runs: () => Runs<Row>,
  ) {}

  /** The rows as `tx` sees them; a `tx` that aborts drops the index its writes changed. */
  in(tx: Transaction): RowTable<Row, Index> {
    let table = this.tables.get(tx);
    if (!table) {
      table = new RowTable(this, tx.table(this.kind.runsStore) as Runs<Row>);
      this.tables.set(tx, table);
      tx.on('abort', () => this.forget());
    }
    return table;
  }

  /** The index, loading it through `runs` (bound to a transaction or not) when there is none. */
  loaded(runs: Runs<Row>): Promise<Index> {
    if (this.current) return Promise.resolve(this.current);
    this.loading ??= allEntries(runs).then(
      (rows) => (this.current = this.kind.indexOf(rows)),
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
