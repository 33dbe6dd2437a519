/**
 * Push throughput, `npx tsx tests/bench/server.bench.ts`: mutations per second through the real
 * HTTP server in batches of 100, as a ratio to inserting the very same stored rows straight into
 * the same database (100 per transaction). SQLite always; PostgreSQL when DATABASE_URL or
 * TEST_DATABASE_URL is set (in a scratch schema, dropped afterwards).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ulid } from 'ulid';
import { paths, type Mutation } from '../../lib/sync/protocol';
import { createInvite, createTeam } from '../../server/auth';
import { configFromEnv } from '../../server/config';
import { openStore } from '../../server/store/db';
import { startServer } from '../../server/server';
import { customerFields, messageFields, ticketFields } from '../server/rows';

const BATCH = 100;
const BATCHES = 40;

interface Target {
  name: string;
  dataDir: string;
  databaseUrl?: string;
  cleanup(): Promise<void>;
}

async function sqliteTarget(): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sidedesk-bench-'));
  return { name: 'sqlite', dataDir, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

async function postgresTarget(url: string): Promise<Target> {
  const schema = `sidedesk_bench_${ulid().toLowerCase()}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(text).finally(() => client.end());
  };
  await admin(`CREATE SCHEMA ${schema}`);
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'sidedesk-bench-'));
  return { name: 'postgres', dataDir, databaseUrl: scoped.toString(), cleanup: () => admin(`DROP SCHEMA ${schema} CASCADE`) };
}

/** A realistic batch: 10 customers, each with a ticket and 8 logged messages. */
function batch(nextId: () => number): Mutation[] {
  const mutations: Mutation[] = [];
  const add = (table: Mutation['table'], fields: Record<string, unknown>) => {
    const rowId = ulid();
    mutations.push({ id: nextId(), table, op: 'insert', rowId, baseSeq: 0, fields });
    return rowId;
  };
  while (mutations.length < BATCH) {
    const customerId = add('customers', customerFields());
    const ticketId = add('tickets', ticketFields(customerId));
    for (let i = 0; i < 8; i++) add('messages', messageFields(ticketId));
  }
  return mutations;
}

async function measure(target: Target): Promise<void> {
  const config = { ...configFromEnv({}), port: 0, host: '127.0.0.1', dataDir: target.dataDir, databaseUrl: target.databaseUrl };
  config.rateLimit = { burst: 1_000_000, perSecond: 1_000_000 };
  const server = await startServer(config, () => {});
  const store = await openStore(config);
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const team = await createTeam(store, 'Bench');
    const { code } = await createInvite(store, team.id, { role: 'admin', maxUses: 1, expiresInHours: 1 });
    const redeemed = await (await fetch(base + paths.redeem, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, name: 'Bench' }) })).json();
    const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${redeemed.token}` };
    let mutationId = 0;
    // Made before the clock starts: generating ids is the client's work, not the server's.
    const bodies = Array.from({ length: BATCHES + 1 }, () => JSON.stringify({ clientId: 'bench-client', mutations: batch(() => ++mutationId) }));
    const push = async (body: string) => {
      const response = await fetch(base + paths.push, { method: 'POST', headers, body });
      const reply = await response.json();
      if (!response.ok || reply.results.some((result: { status: string }) => result.status !== 'applied')) throw new Error(JSON.stringify(reply).slice(0, 500));
    };
    await push(bodies[0]); // warm-up: first queries, JIT

    const pushStart = performance.now();
    for (const body of bodies.slice(1)) await push(body);
    const pushRate = (BATCH * BATCHES) / ((performance.now() - pushStart) / 1000);

    // The same stored rows again, under another team so ids and seqs do not collide.
    const stored = await store.db.selectFrom('rows').selectAll().where('team_id', '=', team.id).orderBy('seq').execute();
    const rows = stored.slice(BATCH); // without the warm-up batch
    const rawTeam = await createTeam(store, 'Raw');
    const rawStart = performance.now();
    for (let i = 0; i < rows.length; i += BATCH) {
      const chunk = rows.slice(i, i + BATCH).map((row) => ({ ...row, team_id: rawTeam.id }));
      await store.db.transaction().execute((trx) => trx.insertInto('rows').values(chunk).execute());
    }
    const rawRate = rows.length / ((performance.now() - rawStart) / 1000);

    console.log(`push throughput ${target.name}: ${Math.round(pushRate)} mutations/s (${(pushRate / rawRate).toFixed(2)} of raw inserts)`);
    console.log(`raw inserts ${target.name}: ${Math.round(rawRate)} rows/s (1.00)`);
  } finally {
    await store.close();
    await server.close();
    await target.cleanup();
  }
}

const pgUrl = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
await measure(await sqliteTarget());
if (pgUrl) await measure(await postgresTarget(pgUrl));
