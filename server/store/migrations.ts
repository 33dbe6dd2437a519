import { Migrator, sql, type Kysely, type Migration } from 'kysely';

// Only portable types: 'bigint' is INTEGER on SQLite and int8 on PostgreSQL (parsed to number).
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('teams')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('next_ticket_number', 'bigint', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('agents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('agents_team').on('agents').column('team_id').execute();
      await db.schema
        .createTable('tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema.createIndex('tokens_agent').on('tokens').columns(['team_id', 'agent_id']).execute();
      await db.schema
        .createTable('invites')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('code_hash', 'text', (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('max_uses', 'integer', (c) => c.notNull())
        .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sync_clients')
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id'))
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('last_mutation_id', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('sync_clients_pk', ['team_id', 'agent_id', 'client_id'])
        .execute();
      await db.schema
        .createTable('rows')
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('tbl', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('field_writes', 'text', (c) => c.notNull())
        .addColumn('parent_id', 'text')
        .addColumn('visible_to', 'text')
        .addColumn('dedupe_key', 'text')
        .addPrimaryKeyConstraint('rows_pk', ['team_id', 'id'])
        .execute();
      await db.schema.createIndex('rows_seq').on('rows').columns(['team_id', 'seq']).unique().execute();
      await db.schema.createIndex('rows_parent').on('rows').columns(['team_id', 'parent_id']).execute();
      await db.schema.createIndex('rows_dedupe').on('rows').columns(['team_id', 'dedupe_key']).unique().execute();
    },
  },
  // The order a fresh browser copies the team in (server/sync/snapshot.ts).
  '0002_snapshot_key': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('rows').addColumn('snapshot_key', 'text').execute();
      await sql`update rows set snapshot_key = case when tbl = 'messages' then parent_id || id else id end`.execute(db);
      await db.schema.createIndex('rows_snapshot').on('rows').columns(['team_id', 'snapshot_key']).execute();
    },
  },
};

/**
 * Brings the schema up to date; Kysely's lock makes concurrent replicas wait for each other.
 * On PostgreSQL its bookkeeping tables live in the connection's own schema: without naming it,
 * Kysely would take another schema's lock table for ours and fail when that one is not on our path.
 */
export async function migrate(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const migrationTableSchema =
    dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({ db, migrationTableSchema, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
}
