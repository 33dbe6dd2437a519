/**
 * Browsers syncing through the real server app, in process: each "browser" is a desk on its own
 * in-memory IndexedDB with its own sync engine; the network between them is a fetch the test can
 * cut, or make lose the server's answers.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { DeskDb } from '../../../lib/db';
import { createDesk } from '../../../lib/desk/desk';
import type { Fetch } from '../../../lib/sync/api';
import { SyncEngine } from '../../../lib/sync/engine';
import { limits, paths } from '../../../lib/sync/protocol';
import { memoryStorage, type SyncStorage } from '../../../lib/sync/storage';
import { freshDatabase, startTestServer, type ApiClient, type TestDatabase, type TestServer } from '../../server/harness';
import { customerFields, messageFields, newId, ticketFields } from '../../server/rows';

export const serverUrl = 'http://server';

export interface Network {
  /** Requests fail as with the server down. */
  down: boolean;
  /** The server handles requests but their answers never arrive (a connection cut after the commit). */
  loseAnswers: boolean;
  /** Every request that reached the server, as "METHOD path?query". */
  requests: string[];
  fetch: Fetch;
}

export function network(server: TestServer): Network {
  const net: Network = {
    down: false,
    loseAnswers: false,
    requests: [],
    async fetch(request) {
      if (net.down) throw new TypeError('Failed to fetch');
      const url = new URL(request.url);
      net.requests.push(`${request.method} ${url.pathname}${url.search}`);
      const response = await server.fetch(request);
      if (net.loseAnswers) throw new TypeError('network connection was lost');
      return response;
    },
  };
  return net;
}

export type TestBrowser = Awaited<ReturnType<typeof openBrowser>>;

let browsers = 0;
/** A browser profile: desk + engine; pass `storage` and `indexedDB` of an earlier one to "restart its worker". */
export function openBrowser(net: Network, restart?: { storage: SyncStorage; indexedDB: IDBFactory; name: string }) {
  const indexedDB = restart?.indexedDB ?? new IDBFactory();
  const storage = restart?.storage ?? memoryStorage();
  const name = restart?.name ?? `sidedesk-sync-${browsers++}`;
  const db = new DeskDb(name, { indexedDB, IDBKeyRange });
  const desk = createDesk(db);
  const engine = new SyncEngine({ db, storage, fetch: (request) => net.fetch(request) });
  return {
    db,
    desk,
    engine,
    storage,
    restartWith: (nextNet: Network = net) => openBrowser(nextNet, { storage, indexedDB, name }),
    /** Waits for the sync that local writes started, and one more, so nothing is in flight. */
    settle: () => engine.request('manual'),
  };
}

export interface Team {
  server: TestServer;
  database: TestDatabase;
  admin: ApiClient;
  /** An invite code good for ten sign-ins. */
  code: string;
  close(): Promise<void>;
}

export async function startTeam(): Promise<Team> {
  const database = await freshDatabase('sqlite');
  const server = await startTestServer(database);
  const { admin } = await server.newTeam('Acme support');
  const invite = await admin.request('POST', paths.invites, { maxUses: 10 });
  return {
    server,
    database,
    admin,
    code: invite.body.code,
    async close() {
      await server.close();
      await database.drop();
    },
  };
}

/** A history longer than one pull page: one customer's ticket with 2,500 messages, pushed by the admin. */
/** Messages in the long history: two and a half pages' worth. */
export const longHistory = 2.5 * limits.maxPullLimit;

export async function pushLongHistory(team: Team) {
  const customerId = newId();
  const ticketId = newId();
  await team.admin.pushApplied(team.admin.mutation('customers', 'insert', customerId, customerFields()), team.admin.mutation('tickets', 'insert', ticketId, ticketFields(customerId)));
  for (let batch = 0; batch < longHistory / 500; batch++) {
    await team.admin.pushApplied(...Array.from({ length: 500 }, () => team.admin.mutation('messages', 'insert', newId(), messageFields(ticketId))));
  }
}

/** A browser signed in to the team as `name`. */
export async function signedIn(team: Team, name: string, net = network(team.server)) {
  const browser = openBrowser(net);
  await browser.engine.signIn({ serverUrl, code: team.code, name });
  await browser.settle();
  return Object.assign(browser, { net });
}
