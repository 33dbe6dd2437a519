/**
 * Reading and writing synced rows inside one push transaction. Every write takes the next number
 * of the team's change sequence; a cache keeps the rows a push touches so a batch that creates a
 * customer and then its ticket sees its own writes without re-reading them.
 */
import type { Transaction } from 'kysely';
import type { PullTable } from '../../lib/sync/protocol';
import type { Database, RowTable } from '../store/schema';

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

// Well under SQLite's and PostgreSQL's limits on bound parameters.
const LOOKUP_CHUNK = 500;

export class RowWriter {
  private cache = new Map<string, StoredRow | null>();

  constructor(
    private trx: Transaction<Database>,
    private teamId: string,
    /** The last seq handed out; the team row is locked, so nobody else hands out numbers. */
    public seq: number,
  ) {}

  /** Reads many rows in a few queries, so a batch of 100 does not cost 100 round trips. */
  async preload(ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.cache.has(id));
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

  async findByDedupeKey(key: string): Promise<string | undefined> {
    const row = await this.trx.selectFrom('rows').select('id').where('team_id', '=', this.teamId).where('dedupe_key', '=', key).executeTakeFirst();
    return row?.id;
  }

  /** Live rows that belong to a row (its tickets, messages, notes, recorded conflicts). */
  async children(parentId: string): Promise<StoredRow[]> {
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

  async insert(row: Omit<StoredRow, 'seq' | 'deleted'>): Promise<StoredRow> {
    const stored: StoredRow = { ...row, seq: this.nextSeq(), deleted: false };
    await this.trx.insertInto('rows').values(this.toTable(stored)).execute();
    this.cache.set(stored.id, stored);
    return stored;
  }

  /** Writes a changed row back under a new seq, so pull delivers its latest state once. */
  async save(row: StoredRow): Promise<StoredRow> {
    const stored: StoredRow = { ...row, seq: this.nextSeq() };
    const { team_id: _team, id: _id, ...changes } = this.toTable(stored);
    await this.trx.updateTable('rows').set(changes).where('team_id', '=', this.teamId).where('id', '=', row.id).execute();
    this.cache.set(stored.id, stored);
    return stored;
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
    };
  }
}
