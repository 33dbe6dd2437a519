/**
 * Fresh databases and an in-process API client for the server tests. SQLite always; PostgreSQL
 * too when TEST_DATABASE_URL is set, each test file in a schema of its own, dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ulid } from 'ulid';
import type { Agent } from '../../lib/model';
import { paths, type Mutation, type MutationOp, type PullChange, type PullResponse, type PushResponse, type SnapshotResponse, type SyncTable } from '../../lib/sync/protocol';
import { createInvite, createTeam } from '../../server/auth';
import { createApp } from '../../server/http/app';
import { LiveHub } from '../../server/live';
import { openStore, type Store } from '../../server/store/db';

export const pgUrl = process.env.TEST_DATABASE_URL || undefined;
export type Backend = 'sqlite' | 'postgres';
export const backends: Backend[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase {
  dataDir: string;
  databaseUrl: string | undefined;
  drop(): Promise<void>;
}

/** An empty database: a temporary directory for SQLite, a new schema for PostgreSQL. */
export async function freshDatabase(backend: Backend): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sidedesk-test-'));
  if (backend === 'sqlite') return { dataDir, databaseUrl: undefined, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  const schema = `sidedesk_test_${ulid().toLowerCase()}`;
  await adminQuery(`CREATE SCHEMA ${schema}`);
  const url = new URL(pgUrl!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    dataDir,
    databaseUrl: url.toString(),
    drop: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      await adminQuery(`DROP SCHEMA ${schema} CASCADE`);
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

type Fetch = (request: Request) => Response | Promise<Response>;

/** Calls the API as the extension would: JSON, a bearer token, an extension Origin. */
export class ApiClient {
  private nextMutationId = 1;

  constructor(
    private fetch: Fetch,
    public token?: string,
    public clientId = `client-${ulid()}`,
    /** Where requests go; a test points it at a restarted server. */
    public baseUrl = 'http://server',
  ) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const defaults: Record<string, string> = { Origin: 'chrome-extension://abcdefghijklmnop' };
    if (this.token) defaults.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) defaults['Content-Type'] = 'application/json';
    const init: RequestInit = { method, headers: { ...defaults, ...headers } };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await this.fetch(new Request(`${this.baseUrl}${path}`, init));
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  /** A mutation with this client's next id. */
  mutation(table: SyncTable, op: MutationOp, rowId: string, fields: Record<string, unknown> = {}, baseSeq = 0): Mutation {
    return { id: this.nextMutationId++, table, op, rowId, baseSeq, fields };
  }

  push(...mutations: Mutation[]): Promise<Reply<PushResponse>> {
    return this.request('POST', paths.push, { clientId: this.clientId, mutations });
  }

  /** Pushes mutations and fails the test unless every one applied. */
  async pushApplied(...mutations: Mutation[]): Promise<PushResponse> {
    const reply = await this.push(...mutations);
    const notApplied = reply.body?.results?.filter((result) => result.status !== 'applied');
    if (reply.status !== 200 || notApplied?.length) throw new Error(`push not applied: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  pull(cursor = 0, limit?: number): Promise<Reply<PullResponse>> {
    return this.request('GET', `${paths.pull}?cursor=${cursor}${limit ? `&limit=${limit}` : ''}`);
  }

  /** Every page of the team's snapshot, `limit` rows at a time. */
  async snapshotPages(limit = 1000): Promise<SnapshotResponse[]> {
    const pages: SnapshotResponse[] = [];
    for (let after = ''; ; ) {
      const reply = await this.request<SnapshotResponse>('GET', `${paths.snapshot}?after=${after}&limit=${limit}`);
      if (reply.status !== 200) throw new Error(`snapshot failed: ${reply.status} ${JSON.stringify(reply.body)}`);
      pages.push(reply.body);
      if (reply.body.after === null) return pages;
      after = reply.body.after;
    }
  }

  /** Pulls until done, as a client's sync engine would; the latest state of each row by id. */
  async pullAll(cursor = 0): Promise<{ rows: Map<string, PullChange>; cursor: number }> {
    const rows = new Map<string, PullChange>();
    for (;;) {
      const reply = await this.pull(cursor);
      if (reply.status !== 200) throw new Error(`pull failed: ${reply.status} ${JSON.stringify(reply.body)}`);
      for (const change of reply.body.changes) rows.set(change.id, change);
      cursor = reply.body.cursor;
      if (!reply.body.more) return { rows, cursor };
    }
  }
}

export interface TestServer {
  store: Store;
  fetch: Fetch;
  hub: LiveHub;
  /** A new team with an admin signed in; `join` signs in more agents through an invite. */
  newTeam(name?: string): Promise<{ teamId: string; admin: ApiClient; adminAgent: Agent; join(role?: 'admin' | 'agent', name?: string): Promise<ApiClient & { agent: Agent }> }>;
  close(): Promise<void>;
}

type Budget = { burst: number; perSecond: number };
const unlimited: Budget = { burst: 10_000, perSecond: 10_000 };

export async function startTestServer(database: TestDatabase, options: { rateLimit?: Budget; signInRateLimit?: Budget } = {}): Promise<TestServer> {
  const store = await openStore(database);
  const hub = new LiveHub();
  const app = createApp({
    store,
    hub,
    config: { rateLimit: options.rateLimit ?? unlimited, signInRateLimit: options.signInRateLimit ?? unlimited, trustProxy: false },
    replicaId: ulid(),
    log: () => {},
  });
  const fetch: Fetch = (request) => app.fetch(request);

  async function signIn(code: string, name: string) {
    const client = new ApiClient(fetch);
    const reply = await client.request('POST', paths.redeem, { code, name });
    if (reply.status !== 201) throw new Error(`redeem failed: ${JSON.stringify(reply.body)}`);
    client.token = reply.body.token;
    return Object.assign(client, { agent: reply.body.agent as Agent });
  }

  return {
    store,
    fetch,
    hub,
    async newTeam(name = 'Team') {
      const team = await createTeam(store, name);
      const { code } = await createInvite(store, team.id, { role: 'admin', maxUses: 1, expiresInHours: 1 });
      const admin = await signIn(code, `${name} admin`);
      return {
        teamId: team.id,
        admin,
        adminAgent: admin.agent,
        async join(role: 'admin' | 'agent' = 'agent', agentName = `${name} ${role}`) {
          const invite = await admin.request('POST', paths.invites, { role });
          return signIn(invite.body.code, agentName);
        },
      };
    },
    close: () => store.close(),
  };
}
