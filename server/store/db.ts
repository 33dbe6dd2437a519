import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrate } from './migrations';
import type { Database } from './schema';

export interface Store {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** For PostgreSQL: how to open the dedicated LISTEN connection. */
  databaseUrl?: string;
  close(): Promise<void>;
}

const INT8_OID = 20;

/** PostgreSQL options shared by the pool and the LISTEN connection: int8 as a JS number (ids and ms fit). */
export function pgClientConfig(connectionString: string): pg.ClientConfig {
  return {
    connectionString,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
    },
  };
}

export function sqliteFile(dataDir: string): string {
  return join(resolve(dataDir), 'sidedesk.sqlite');
}

/** Opens (and migrates) PostgreSQL when a URL is given, else the SQLite file under dataDir. */
export async function openStore(options: { databaseUrl?: string; dataDir: string }): Promise<Store> {
  let store: Store;
  if (options.databaseUrl) {
    const pool = new pg.Pool({ ...pgClientConfig(options.databaseUrl), max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    store = { db, dialect: 'postgres', databaseUrl: options.databaseUrl, close: () => db.destroy() };
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    const sqlite = new SqliteDatabase(sqliteFile(options.dataDir));
    sqlite.pragma('journal_mode = WAL');
    // FULL: a push is acknowledged only once its commit is on disk, not just in the OS cache.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
    // Erasing a customer must not leave their data readable in the file's free pages.
    sqlite.pragma('secure_delete = ON');
    sqlite.pragma('foreign_keys = ON');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    store = { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  await migrate(store.db as unknown as Kysely<unknown>, store.dialect);
  return store;
}
