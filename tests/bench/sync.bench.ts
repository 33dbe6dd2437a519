/**
 * Sync, browser to browser, `npx tsx tests/bench/sync.bench.ts`, on a real server process (SQLite;
 * also PostgreSQL when TEST_DATABASE_URL is set):
 * - propagation: a note added in one Chromium until the other's sidebar shows it (p50, p95), against
 *   the same note reaching a second tab of the first browser (no server in between);
 * - initial sync of 10k templates, 50k tickets (with 10k customers) and 200k messages into a fresh
 *   browser, against fetching the same pages in that browser without applying them; and, as the
 *   floor of storing them, every pulled row put into IndexedDB as one record with no index, and the
 *   same rows packed a few hundred to a record (what per-record overhead costs).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Page } from 'puppeteer';
import { ulid } from 'ulid';
import { paths, type Mutation } from '../../lib/sync/protocol';
import { fixtures } from '../fixtures';
import { clickInSidebar, fixtureNamed, logTicket, openExtensionPage, waitForInSidebar, waitInSidebar, workerControl } from '../e2e/desk-harness';
import { inSidebar, openFixture, routesFor } from '../e2e/harness';
import { extensionSnapshot, launchAgentBrowser, SyncServer, signedInAgent, teamInvites, tempDataDir, waitForSyncState, type ServerEnv } from '../e2e/sync-harness';
import { freshDatabase, pgUrl } from '../server/harness';
import { customerFields, messageFields, templateFields, ticketFields } from '../server/rows';
import { authenticate, createInvite, createTeam, redeemInvite } from '../../server/auth';
import { openStore } from '../../server/store/db';
import { push } from '../../server/sync/push';
import { processTree } from './cpu-time';
import { percentile, report } from './report';

/** `BENCH_SYNC_PROFILE=path` writes the worker's CPU profile of each initial sync to path-<backend>.cpuprofile (DevTools opens it), and its measures, each page's fetch, check and apply, to path-<backend>.measures.json. */
const profileTo = process.env.BENCH_SYNC_PROFILE;
const NOTES = Number(process.env.BENCH_SYNC_NOTES ?? 40);
const scale = Number(process.env.BENCH_SYNC_SCALE ?? 1);
const counts = { templates: 10_000 * scale, customers: 10_000 * scale, tickets: 50_000 * scale, messages: 200_000 * scale };
const routes = routesFor(fixtures);
const thread = fixtureNamed('facebook/messenger-thread');

execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
await extensionSnapshot();

/** Records, in the page, when each note text first shows in the sidebar. */
async function recordNotes(page: Page) {
  await page.evaluate(() => {
    const root = document.querySelector('sidedesk-sidebar')!.shadowRoot!;
    const seen: Record<string, number> = {};
    (window as { __notesSeen?: typeof seen }).__notesSeen = seen;
    const scan = () => {
      for (const note of root.querySelectorAll('[data-testid="ticket-note"]')) {
        for (const [, word] of (note.textContent ?? '').matchAll(/(bench-\d+)\./g)) seen[word] ??= Date.now();
      }
    };
    new MutationObserver(scan).observe(root, { subtree: true, childList: true, characterData: true });
    scan();
  });
  return (word: string) => page.waitForFunction((w) => (window as { __notesSeen?: Record<string, number> }).__notesSeen?.[w], { timeout: 10_000, polling: 20 }, word).then((h) => h.jsonValue() as Promise<number>);
}

async function propagation(server: SyncServer, backend: string) {
  const invites = await teamInvites(server);
  const [ana, ben] = await Promise.all([signedInAgent(server.url, invites.adminCode, 'Ana'), signedInAgent(server.url, invites.agentCode, 'Ben')]);
  const [anaPage, benPage] = await Promise.all([openFixture(ana.browser, thread, routes), openFixture(ben.browser, thread, routes)]);
  await Promise.all([waitForSyncState(anaPage, 'synced'), waitForSyncState(benPage, 'synced')]);
  await logTicket(anaPage);
  await waitForInSidebar(benPage, 'ticket-note-input', 15_000);
  const anaTab = await openFixture(ana.browser, thread, routes);
  await waitForInSidebar(anaTab, 'ticket-note-input', 15_000);
  await anaPage.bringToFront();
  const [seenByBen, seenInTab] = [await recordNotes(benPage), await recordNotes(anaTab)];

  const remote: number[] = [];
  const local: number[] = [];
  for (let i = 0; i < NOTES; i++) {
    const word = `bench-${i}`;
    await anaPage.$eval(inSidebar('ticket-note-input'), (el, text) => {
      (el as HTMLTextAreaElement).value = text;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, `Note ${word}.`);
    const addedAt = await anaPage.$eval(inSidebar('ticket-note-add'), (el) => ((el as HTMLElement).click(), Date.now()));
    const [there, here] = await Promise.all([seenByBen(word), seenInTab(word)]);
    remote.push(there - addedAt);
    local.push(here - addedAt);
    await waitInSidebar(anaPage, (root, w) => !!root.querySelector('[data-testid="ticket-note-input"]') && root.textContent!.includes(w), word);
  }
  const baseline = percentile(local, 50);
  report(`propagation browser to browser p50 (${backend})`, percentile(remote, 50), 'ms', { baseline });
  report(`propagation browser to browser p95 (${backend})`, percentile(remote, 95), 'ms', { budget: 250, baseline: percentile(local, 95) });
  await Promise.all([ana.close(), ben.close()]);
}

/**
 * The team's history, written before the server starts with the server's own push (no HTTP: the
 * seeding is not what is measured). Returns an invite code for the fresh browser and a token to
 * pull with for the baseline.
 */
async function seed(env: ServerEnv): Promise<{ code: string; token: string }> {
  const store = await openStore({ dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL });
  const team = await createTeam(store, 'Bench team');
  const { token } = await redeemInvite(store, (await createInvite(store, team.id, { role: 'admin', maxUses: 1, expiresInHours: 1 })).code, 'Seeder');
  const auth = (await authenticate(store, token))!;
  let next = 1;
  let batch: Mutation[] = [];
  const flush = async () => {
    if (batch.length) await push(store, auth, { clientId: 'bench-seeder', mutations: batch }, 'bench');
    batch = [];
  };
  const add = async (table: Mutation['table'], rowId: string, fields: Record<string, unknown>) => {
    batch.push({ id: next++, table, op: 'insert', rowId, baseSeq: 0, fields });
    if (batch.length === 500) await flush();
  };
  const started = performance.now();
  for (let i = 0; i < counts.templates; i++) await add('templates', ulid(), templateFields({ title: `Reply ${i}`, shortcut: `r${i}`, approved: false }));
  const customers = Array.from({ length: counts.customers }, () => ulid());
  for (const [c, id] of customers.entries()) await add('customers', id, customerFields({ name: `Customer ${c}`, identities: [{ platform: 'x', handle: `customer${c}` }] }));
  await flush(); // tickets must find their customers
  // As agents log: a ticket with the messages it was logged with; then a fifth of all messages are
  // appended to tickets logged again later, spread over every ticket.
  const tickets = Array.from({ length: counts.tickets }, (_, t) => ({ id: ulid(), c: t % counts.customers }));
  const appended = Math.round(counts.messages / 5);
  const loggedFirst = counts.messages - appended;
  const message = (m: number, ticket: (typeof tickets)[number]) => add('messages', ulid(), messageFields(ticket.id, { text: `Message ${m} about order ${ticket.c}: where is my parcel?` }));
  let m = 0;
  for (const [t, ticket] of tickets.entries()) {
    await add('tickets', ticket.id, ticketFields(customers[ticket.c], { conversationKey: `x:dm:${ticket.c}-${t}`, subject: `Order ${t}` }));
    for (const end = Math.round(((t + 1) * loggedFirst) / tickets.length); m < end; m++) await message(m, ticket);
  }
  for (; m < counts.messages; m++) await message(m, tickets[m % tickets.length]);
  await flush();
  const code = (await createInvite(store, team.id, { role: 'agent', maxUses: 1, expiresInHours: 1 })).code;
  await store.close();
  console.log(`seeded ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { code, token };
}

/** Rows per record in the packed floor: about 128 KB, the size transcripts are stored in (lib/desk/transcripts.ts). */
const packedRows = 250;

async function initialSync(env: ServerEnv, backend: string) {
  const { code, token } = await seed(env);
  const server = await launchServer(env);
  const profile = tempDataDir();
  const browser = await launchAgentBrowser(profile.dir);
  try {
    const options = await openExtensionPage(browser, 'options.html#team');
    // Baselines, in this browser: the same pages fetched and parsed; and the floor of storing them,
    // every pulled row put as one record into IndexedDB with no index and no logic, then packed.
    const raw = await options.evaluate(
      async (url, bearer, pullPath, packedRows) => {
        type Page = { cursor: number; more: boolean; changes: { table: string; row?: object }[] };
        const tables = ['customers', 'tickets', 'messages', 'notes', 'templates'];
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open('bench-floor', 1);
          request.onupgradeneeded = () => {
            tables.forEach((table) => request.result.createObjectStore(table, { keyPath: 'id' }));
            request.result.createObjectStore('packed', { keyPath: 'key' });
          };
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        let fetchMs = 0;
        let putMs = 0;
        let packedMs = 0;
        for (let cursor = 0; ; ) {
          let started = performance.now();
          const page: Page = await (await fetch(`${url}${pullPath}?cursor=${cursor}&limit=1000`, { headers: { Authorization: `Bearer ${bearer}` } })).json();
          fetchMs += performance.now() - started;
          started = performance.now();
          await new Promise((resolve, reject) => {
            const tx = db.transaction(tables, 'readwrite');
            for (const change of page.changes) if (change.row) tx.objectStore(change.table).put(change.row);
            tx.oncomplete = resolve;
            tx.onerror = () => reject(tx.error);
          });
          putMs += performance.now() - started;
          started = performance.now();
          await new Promise((resolve, reject) => {
            const tx = db.transaction('packed', 'readwrite');
            const rows = page.changes.flatMap((change) => (change.row ? [change.row] : []));
            for (let i = 0; i < rows.length; i += packedRows) tx.objectStore('packed').put({ key: `${cursor}:${i}`, rows: rows.slice(i, i + packedRows) });
            tx.oncomplete = resolve;
            tx.onerror = () => reject(tx.error);
          });
          packedMs += performance.now() - started;
          cursor = page.cursor;
          if (!page.more) break;
        }
        db.close();
        indexedDB.deleteDatabase('bench-floor');
        return { fetchMs, putMs, packedMs };
      },
      server.url,
      token,
      paths.pull,
      packedRows,
    );

    // The worker keeps only its latest measure of each name: sum every one as it is made.
    const worker = (await (await browser.waitForTarget((t) => t.type() === 'service_worker')).worker())!;
    await worker.evaluate(() => {
      const sums: Record<string, number> = ((globalThis as { __spent?: Record<string, number> }).__spent = {});
      const timeline: [string, number, number][] = ((globalThis as { __timeline?: typeof timeline }).__timeline = []);
      new PerformanceObserver((list) => {
        for (const m of list.getEntries()) {
          timeline.push([m.name, Math.round(m.startTime), Math.round(m.duration)]);
          const [, step] = /^sidedesk:(fetch|check) \/v1\/sync\/(pull|snapshot)/.exec(m.name) ?? [];
          const name = step ?? (m.name.startsWith('sidedesk:pull-apply') ? m.name.slice(9) : undefined);
          if (name) sums[name] = (sums[name] ?? 0) + m.duration;
        }
      }).observe({ type: 'measure' });
    });
    await options.type('[data-testid="server-url"]', server.url);
    await options.type('[data-testid="invite-code"]', code);
    await options.type('[data-testid="agent-name"]', 'Fresh browser');
    const cpu = { browser: processTree(browser.process()!.pid!), server: processTree(server.pid!) };
    const cpuBefore = { browser: cpu.browser.sample(), server: cpu.server.sample() };
    if (profileTo) await worker.client.send('Profiler.enable').then(() => worker.client.send('Profiler.start'));
    const started = Date.now();
    await options.click('[data-testid="sign-in"]');
    await options.waitForFunction(() => document.querySelector('[data-testid="sync-status"]')?.getAttribute('data-state') === 'synced', { timeout: 300_000, polling: 50 });
    const syncMs = Date.now() - started;
    const cpuSpent = { ...cpu.browser.spent(cpuBefore.browser, cpu.browser.sample()), server: Object.values(cpu.server.spent(cpuBefore.server, cpu.server.sample())).reduce((a, b) => a + b, 0) };
    if (profileTo) {
      const { profile } = await worker.client.send('Profiler.stop');
      writeFileSync(`${profileTo}-${backend}.cpuprofile`, JSON.stringify(profile));
      // Every measure the worker made, [name, start, duration] in ms: when each page was fetched, checked and applied.
      writeFileSync(`${profileTo}-${backend}.measures.json`, JSON.stringify(await worker.evaluate(() => (globalThis as { __timeline?: unknown }).__timeline)));
    }
    report(`initial sync of ${counts.templates} templates, ${counts.tickets} tickets, ${counts.messages} messages (${backend})`, syncMs / 1000, 's', { budget: 10, baseline: raw.fetchMs / 1000 });
    console.log(`   floor in this browser: putting every pulled row as one record, without indexes, takes ${(raw.putMs / 1000).toFixed(1)} s (the baseline above is fetching them)`);
    console.log(`   the same rows packed ${packedRows} to a record take ${(raw.packedMs / 1000).toFixed(1)} s: what a store that is not one record per row could reach`);
    // Where the worker spent it: the wire (which overlaps applying), checking pages, applying them.
    const spent = await worker.evaluate(() => (globalThis as { __spent?: Record<string, number> }).__spent!);
    const seconds = (name: string) => `${((spent[name] ?? 0) / 1000).toFixed(1)} s`;
    console.log(`   of which, in the worker: fetching pages ${seconds('fetch')} (overlapping the rest), checking them ${seconds('check')}, applying them ${seconds('pull-apply')}`);
    const cpuLine = Object.entries(cpuSpent).sort(([, a], [, b]) => b - a).map(([role, seconds]) => `${role} ${seconds.toFixed(1)} s`).join(', ');
    console.log(`   CPU time by process (two cores): ${cpuLine}`);
    console.log(`   applying, by table: ${Object.keys(spent).filter((n) => n.startsWith('pull-apply ')).map((n) => `${n.slice(11)} ${seconds(n)}`).join(', ')}`);

    // Tickets and customers are held in memory by the worker (lib/desk/row-store.ts): what that costs
    // its heap, and the ticket list's wait when the worker has restarted and loads them on its first read.
    await worker.client.send('HeapProfiler.collectGarbage');
    const { usedSize } = await worker.client.send('Runtime.getHeapUsage');
    console.log(`   the worker's heap after the sync, tickets, customers and templates in memory: ${(usedSize / 1e6).toFixed(0)} MB`);
    const ticketListMs = async () => {
      const started = Date.now();
      const page = await openExtensionPage(browser, 'options.html#tickets');
      await page.waitForSelector('[data-testid="ticket-row"]', { timeout: 60_000 });
      await page.close();
      return Date.now() - started;
    };
    const running = await ticketListMs();
    const control = await workerControl(options);
    await control.stop();
    report(`ticket list shown by a restarted worker, which loads ${counts.tickets} tickets and ${counts.customers} customers (${backend})`, await ticketListMs(), 'ms', { baseline: running });
  } finally {
    await browser.close();
    profile.drop();
    await server.kill();
  }
}

async function propagationOn(env: ServerEnv, backend: string) {
  const server = await launchServer(env);
  try {
    await propagation(server, backend);
  } finally {
    await server.kill();
  }
}

/** The server as deployed, but with a per-token budget that a bench's bursts of writes do not exhaust. */
const launchServer = (env: ServerEnv) => SyncServer.launch({ ...env, RATE_LIMIT_BURST: '100000', RATE_LIMIT_PER_SECOND: '10000' });

/** `BENCH_SYNC_ONLY=propagation` (or `initial`) runs one of the two; both by default. */
const only = process.env.BENCH_SYNC_ONLY;
const measures = [propagationOn, initialSync].filter((m) => !only || (only === 'initial' ? m === initialSync : m === propagationOn));

async function run(backend: string, database: () => Promise<{ env: ServerEnv; drop(): Promise<void> }>) {
  for (const measure of measures) {
    const target = await database();
    try {
      await measure(target.env, backend);
    } finally {
      await target.drop();
    }
  }
}

await run('SQLite', async () => {
  const data = tempDataDir();
  return { env: { DATA_DIR: data.dir }, drop: async () => data.drop() };
});
if (pgUrl) {
  await run('PostgreSQL', async () => {
    const database = await freshDatabase('postgres');
    return { env: { DATA_DIR: database.dataDir, DATABASE_URL: database.databaseUrl }, drop: () => database.drop() };
  });
}
