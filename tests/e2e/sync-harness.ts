/**
 * What the sync end-to-end tests add to harness.ts: the real server as a process on a fixed free
 * port (so it can be stopped, killed and restarted where the browsers expect it), and agents,
 * each a Chromium with its own profile and the built extension, signed in through the options page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { paths } from '../../lib/sync/protocol';
import { ApiClient } from '../server/harness';
import { serverBundle } from '../server/process';
import { openExtensionPage, waitInSidebar } from './desk-harness';
import { chromiumPath, extensionDir, inSidebar } from './harness';

export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** DATA_DIR and DATABASE_URL, and any other setting of server/config.ts. */
export interface ServerEnv {
  DATA_DIR: string;
  DATABASE_URL?: string;
  [setting: string]: string | undefined;
}

/** One replica of the server; `start` again after `stop` or `kill` brings it back on the same port and data. */
export class SyncServer {
  output = '';
  private child: ChildProcess | undefined;
  private exited: Promise<unknown> = Promise.resolve();

  constructor(
    readonly port: number,
    readonly env: ServerEnv,
  ) {}

  static async launch(env: ServerEnv): Promise<SyncServer> {
    const server = new SyncServer(await freePort(), env);
    await server.start();
    return server;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The server process's pid while it runs. */
  get pid() {
    return this.child?.pid;
  }

  /** The admin invite printed on the first start. */
  get inviteCode(): string | undefined {
    return /^Invite code: (\S+)$/m.exec(this.output)?.[1];
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [(await serverBundle()).main], {
      env: { ...process.env, PORT: String(this.port), HOST: '127.0.0.1', DATABASE_URL: '', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = once(child, 'exit');
    const started = this.output.length;
    child.stdout!.on('data', (chunk) => (this.output += chunk));
    child.stderr!.on('data', (chunk) => (this.output += chunk));
    const deadline = Date.now() + 60_000;
    while (!this.output.slice(started).includes('listening on')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** SIGTERM: finishes in-flight requests, then exits. */
  async stop(): Promise<void> {
    this.signal('SIGTERM');
    await this.exited;
  }

  /** SIGKILL: gone at once, mid-request or not. */
  async kill(): Promise<void> {
    this.signal('SIGKILL');
    await this.exited;
  }

  /** SIGSTOP/SIGCONT: requests wait in the socket's backlog, then are served in arrival order. */
  signal(signal: NodeJS.Signals) {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  client(token?: string): ApiClient {
    return new ApiClient((request) => fetch(request), token, undefined, this.url);
  }
}

/** A temporary data directory, removed with `drop`. */
export function tempDataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'sidedesk-sync-e2e-'));
  return { dir, drop: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Redeems the first-start admin invite for the test itself, and makes codes for the browsers' agents. */
export async function teamInvites(server: SyncServer): Promise<{ admin: ApiClient; adminCode: string; agentCode: string }> {
  const admin = server.client();
  const redeemed = await admin.request('POST', paths.redeem, { code: server.inviteCode, name: 'Test admin' });
  if (redeemed.status !== 201) throw new Error(`redeem failed: ${JSON.stringify(redeemed.body)}`);
  admin.token = redeemed.body.token;
  const invite = async (role: 'admin' | 'agent') => (await admin.request('POST', paths.invites, { role, maxUses: 20 })).body.code as string;
  return { admin, adminCode: await invite('admin'), agentCode: await invite('agent') };
}

let snapshot: string | undefined;
/**
 * A copy of the built extension taken once per run. Sync tests keep browsers open for minutes, and
 * a rebuild of `.output` meanwhile (another suite's global setup) would pull files from under them.
 */
export async function extensionSnapshot(): Promise<string> {
  if (snapshot) return snapshot;
  for (let attempt = 0; attempt < 50 && !snapshot; attempt++) {
    const copy = mkdtempSync(join(tmpdir(), 'sidedesk-extension-'));
    try {
      cpSync(extensionDir, copy, { recursive: true });
      if (existsSync(join(copy, 'manifest.json')) && existsSync(join(copy, 'background.js'))) snapshot = copy;
    } catch {
      // a rebuild was half-way: try again
    }
    if (!snapshot) rmSync(copy, { recursive: true, force: true });
    else process.once('exit', () => rmSync(copy, { recursive: true, force: true }));
    if (!snapshot) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (!snapshot) throw new Error(`no built extension in ${extensionDir}`);
  return snapshot;
}

/** harness.ts's launchBrowser, on the snapshot of the extension and a profile of its own. */
export async function launchAgentBrowser(userDataDir: string): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromiumPath,
    pipe: true,
    headless: true,
    userDataDir,
    enableExtensions: [await extensionSnapshot()],
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--window-size=1280,800'],
    defaultViewport: { width: 1280, height: 800 },
  });
}

export interface Agent {
  name: string;
  browser: Browser;
  /** The options page, on Team: it reads the extension's database and shows the sign-in. */
  options: Page;
  close(): Promise<void>;
}

/** A Chromium with its own profile and the extension, signed in as `name` through the options page. */
export async function signedInAgent(serverUrl: string, code: string, name: string): Promise<Agent> {
  const profile = mkdtempSync(join(tmpdir(), 'sidedesk-profile-'));
  const browser = await launchAgentBrowser(profile);
  const options = await openExtensionPage(browser, 'options.html#team');
  await options.waitForSelector('[data-testid="server-url"]');
  await options.type('[data-testid="server-url"]', serverUrl);
  await options.type('[data-testid="invite-code"]', code);
  await options.type('[data-testid="agent-name"]', name);
  await options.click('[data-testid="sign-in"]');
  await options.waitForFunction((who) => document.querySelector('[data-testid="signed-in-as"]')?.textContent?.includes(who), { timeout: 15_000 }, name);
  return {
    name,
    browser,
    options,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const syncState = (page: Page) => page.$eval(inSidebar('sync-status'), (el) => el.getAttribute('data-state'));

export const waitForSyncState = (page: Page, state: string, timeout = 15_000) =>
  waitInSidebar(page, (root, wanted) => root.querySelector('[data-testid="sync-status"]')?.getAttribute('data-state') === wanted, state, timeout);

/**
 * Records in the page, by the shared machine clock, when `predicate(sidebar root, arg)` first holds.
 * Both browsers run on this machine, so one's action time and the other's display time compare.
 * The predicate runs in the page: it may use only its arguments.
 */
export async function watchFor<A>(page: Page, name: string, predicate: (root: ShadowRoot, arg: A) => unknown, arg: A) {
  await page.evaluate(
    (key, source, value) => {
      const root = document.querySelector('sidedesk-sidebar')!.shadowRoot!;
      const check = new Function(`return (${source})`)() as (r: ShadowRoot, a: unknown) => unknown;
      const seen = ((window as { __seenAt?: Record<string, number> }).__seenAt ??= {});
      const test = () => {
        if (seen[key] === undefined && check(root, value)) seen[key] = Date.now();
      };
      new MutationObserver(test).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
      // A select's value is a property, which no mutation reports.
      setInterval(test, 10);
      test();
    },
    name,
    predicate.toString(),
    arg as unknown,
  );
  return async (timeout = 5_000) => {
    await page.waitForFunction((key) => (window as { __seenAt?: Record<string, number> }).__seenAt?.[key] !== undefined, { timeout, polling: 20 }, name);
    return page.evaluate((key) => (window as { __seenAt?: Record<string, number> }).__seenAt![key], name);
  };
}
