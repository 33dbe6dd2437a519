/**
 * Reading and writing synced rows inside one push transaction. Every write takes the next number
 * of the team's change sequence; a cache keeps the rows a push touches so a batch that creates a
 * customer and then its ticket sees its own writes without re-reading them. New rows are written
 * together in a few multi-row inserts: a round trip per row is most of a push's cost otherwise.
 */
import type { Transaction } from 'kysely';
import type { PullTable } from '../../lib/sync/protocol';
import type { Database, RowTable } from '../store/schema';
import { snapshotKey } from './snapshot';

/** Per field: [seq of the write, agent id, client id, server time]. */
export type FieldWrites = Record<string, [number, string, string, number]>;

export interface StoredRow {
  tbl: PullTable;
  id: string;
  seq: number;
  deleted: boolean;
  data: Record<string, unknown>;
  writes: FieldWrites;
  parentId: string | null;
  visibleTo: string | null;
  dedupeKey: string | null;
}

const fromTable = (row: RowTable): StoredRow => ({
  tbl: row.tbl,
  id: row.id,
  seq: row.seq,
  deleted: row.deleted === 1,
  data: JSON.parse(row.data),
  writes: JSON.parse(row.field_writes),
  parentId: row.parent_id,
  visibleTo: row.visible_to,
  dedupeKey: row.dedupe_key,
});

// Well under SQLite's and PostgreSQL's limits on bound parameters (10 per inserted row).
const LOOKUP_CHUNK = 500;
const INSERT_CHUNK = 200;

export class RowWriter {
  private cache = new Map<string, StoredRow | null>();
  /** Dedupe keys known to exist: looked up in bulk, plus those written by this push. */
  private dedupeKeys = new Map<string, string>();
  private checkedDedupeKeys = new Set<string>();
  /** New rows not written yet, by id; a later change in the same push edits them here. */
  private pending = new Map<string, StoredRow>();

  constructor(
    private trx: Transaction<Database>,
    private teamId: string,
    /** The last seq handed out; the team row is locked, so nobody else hands out numbers. */
    public seq: number,
  ) {}

  /** Reads many rows in a few queries, so a batch of 100 does not cost 100 round trips. */
  async preload(ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.cache.has(id));
    if (missing.length > 0) await this.flush();
    for (let i = 0; i < missing.length; i += LOOKUP_CHUNK) {
      const chunk = missing.slice(i, i + LOOKUP_CHUNK);
      const rows = await this.trx.selectFrom('rows').selectAll().where('team_id', '=', this.teamId).where('id', 'in', chunk).execute();
      for (const id of chunk) this.cache.set(id, null);
      for (const row of rows) this.cache.set(row.id, fromTable(row));
    }
  }

  async get(id: string): Promise<StoredRow | null> {
    if (!this.cache.has(id)) await this.preload([id]);
    return this.cache.get(id) ?? null;
  }

  async preloadDedupeKeys(keys: Iterable<string>): Promise<void> {
    const unchecked = [...new Set(keys)].filter((key) => !this.checkedDedupeKeys.has(key));
    if (unchecked.length > 0) await this.flush();
    for (let i = 0; i < unchecked.length; i += LOOKUP_CHUNK) {
      const chunk = unchecked.slice(i, i + LOOKUP_CHUNK);
      const rows = await this.trx.selectFrom('rows').select(['id', 'dedupe_key']).where('team_id', '=', this.teamId).where('dedupe_key', 'in', chunk).execute();
      for (const key of chunk) this.checkedDedupeKeys.add(key);
      for (const row of rows) this.dedupeKeys.set(row.dedupe_key!, row.id);
    }
  }

  /** The id of the row holding this dedupe key, if any. */
  async findByDedupeKey(key: string): Promise<string | undefined> {
    await this.preloadDedupeKeys([key]);
    return this.dedupeKeys.get(key);
  }

  /** Live rows that belong to a row (its tickets, messages, notes, recorded conflicts). */
  async children(parentId: string): Promise<StoredRow[]> {
    await this.flush();
    const rows = await this.trx
      .selectFrom('rows')
      .selectAll()
      .where('team_id', '=', this.teamId)
      .where('parent_id', '=', parentId)
      .where('deleted', '=', 0)
      .orderBy('seq')
      .execute();
    return rows.map((row) => this.cache.get(row.id) ?? fromTable(row));
  }

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  insert(row: Omit<StoredRow, 'seq' | 'deleted'>): StoredRow {
    const stored: StoredRow = { ...row, seq: this.nextSeq(), deleted: false };
    this.pending.set(stored.id, stored);
    this.cache.set(stored.id, stored);
    if (stored.dedupeKey) this.dedupeKeys.set(stored.dedupeKey, stored.id);
    return stored;
  }

  /** Writes a changed row back under a new seq, so pull delivers its latest state once. */
  async save(row: StoredRow): Promise<StoredRow> {
    const stored: StoredRow = { ...row, seq: this.nextSeq() };
    this.cache.set(stored.id, stored);
    if (row.dedupeKey && !stored.dedupeKey) this.dedupeKeys.delete(row.dedupeKey);
    if (this.pending.has(stored.id)) {
      this.pending.set(stored.id, stored);
      return stored;
    }
    const { team_id: _team, id: _id, ...changes } = this.toTable(stored);
    await this.trx.updateTable('rows').set(changes).where('team_id', '=', this.teamId).where('id', '=', row.id).execute();
    return stored;
  }

  /** Writes the new rows; before any query that must see them, and at the end of the push. */
  async flush(): Promise<void> {
    const rows = [...this.pending.values()].map((row) => this.toTable(row));
    this.pending.clear();
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await this.trx.insertInto('rows').values(rows.slice(i, i + INSERT_CHUNK)).execute();
  }

  private toTable(row: StoredRow): RowTable {
    return {
      team_id: this.teamId,
      id: row.id,
      tbl: row.tbl,
      seq: row.seq,
      deleted: row.deleted ? 1 : 0,
      data: JSON.stringify(row.data),
      field_writes: JSON.stringify(row.writes),
      parent_id: row.parentId,
      visible_to: row.visibleTo,
      dedupe_key: row.dedupeKey,
      snapshot_key: snapshotKey(row.tbl, row.id, row.parentId),
    };
  }
}
