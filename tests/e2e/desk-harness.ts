/**
 * What the desk's end-to-end tests add to harness.ts: the extension's own pages and database,
 * stopping its service worker over CDP, and waiting on conditions inside the sidebar.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type CDPSession, type Page } from 'puppeteer';
import type { Fixture } from '../fixtures';
import { fixtures } from '../fixtures';
import { chromiumPath, extensionDir, inSidebar } from './harness';

/**
 * launchBrowser's Chromium, on a private copy of the built extension: a build started elsewhere
 * meanwhile (another test run in the same checkout) rewrites .output, and a service worker that
 * restarts mid-test (as these tests make it) would load half-written files.
 */
export async function launchDeskBrowser(): Promise<Browser> {
  const copy = await copyBuiltExtension();
  const browser = await puppeteer.launch({
    executablePath: chromiumPath,
    pipe: true,
    headless: true,
    enableExtensions: [copy],
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--window-size=1280,800'],
    defaultViewport: { width: 1280, height: 800 },
  });
  browser.once('disconnected', () => rmSync(copy, { recursive: true, force: true }));
  return browser;
}

export const fixtureNamed = (name: string): Fixture => {
  const fixture = fixtures.find((f) => f.name === name);
  if (!fixture) throw new Error(`no fixture ${name}`);
  return fixture;
};

export async function extensionId(browser: Browser): Promise<string> {
  const worker = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'), { timeout: 10_000 });
  return new URL(worker.url()).host;
}

/** Copies the built extension, again if a build elsewhere was halfway through writing it (the manifest is written last). */
async function copyBuiltExtension(): Promise<string> {
  const complete = (dir: string) => ['manifest.json', 'background.js', 'options.html'].every((file) => existsSync(join(dir, file)));
  for (let attempt = 0; attempt < 60; attempt++) {
    const copy = mkdtempSync(join(tmpdir(), 'sidedesk-extension-'));
    try {
      if (complete(extensionDir)) {
        cpSync(extensionDir, copy, { recursive: true });
        if (complete(copy)) return copy;
      }
    } catch {
      // a file went away while it was copied: the build is still running
    }
    rmSync(copy, { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  throw new Error(`No complete build in ${extensionDir}`);
}

/** An extension page (options.html by default): it can read the extension's IndexedDB and drive its service worker. */
export async function openExtensionPage(browser: Browser, path = 'options.html'): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`chrome-extension://${await extensionId(browser)}/${path}`, { waitUntil: 'domcontentloaded' });
  return page;
}

/**
 * Every row of every table of the extension's database, read with plain IndexedDB from an extension
 * page; and, out of their runs, every customer, ticket, template and logged message as `customers`, `tickets`, `templates` and `messages`.
 */
export function readTables(extensionPage: Page): Promise<Record<string, unknown[]>> {
  return extensionPage.evaluate(
    () =>
      new Promise<Record<string, unknown[]>>((resolve, reject) => {
        const request = indexedDB.open('sidedesk');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const names = [...db.objectStoreNames];
          const tables: Record<string, unknown[]> = {};
          const tx = db.transaction(names, 'readonly');
          for (const name of names) {
            const rows = tx.objectStore(name).getAll();
            rows.onsuccess = () => (tables[name] = rows.result);
          }
          tx.oncomplete = () => {
            db.close();
            const entries = <T>(runs: unknown[]) => (runs as { entries: string }[]).flatMap((run) => (JSON.parse(run.entries) as [string, T][]).map(([, entry]) => entry));
            resolve({ ...tables, customers: entries(tables.customerRuns), tickets: entries(tables.ticketRuns), templates: entries(tables.templateRuns), messages: entries<unknown[]>(tables.transcriptRuns).flat() });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** Stops the extension's service worker as Chrome does when it is idle (CDP `ServiceWorker.stopWorker`); the next event wakes it. */
export async function workerControl(extensionPage: Page) {
  const session: CDPSession = await extensionPage.createCDPSession();
  let versionId: string | undefined;
  let status = '';
  const statusChanged = new Set<() => void>();
  session.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) {
      if (!version.scriptURL.endsWith('/background.js')) continue;
      versionId = version.versionId;
      status = version.runningStatus;
      statusChanged.forEach((notify) => notify());
    }
  });
  await session.send('ServiceWorker.enable');
  const until = (wanted: string) =>
    new Promise<void>((resolve) => {
      const check = () => status === wanted && (statusChanged.delete(check), resolve());
      statusChanged.add(check);
      check();
    });
  await until('running');
  return {
    get status() {
      return status;
    },
    async stop() {
      await session.send('ServiceWorker.stopWorker', { versionId: versionId! });
      await until('stopped');
    },
  };
}

/** Waits until `predicate(sidebar's shadow root, arg)` is truthy; the predicate runs in the page. On timeout, says what the sidebar showed. */
export async function waitInSidebar<A>(page: Page, predicate: (root: ShadowRoot, arg: A) => unknown, arg: A, timeout = 5_000) {
  try {
    await page.waitForFunction(
      (source: string, a: unknown) => {
        const root = document.querySelector('sidedesk-sidebar')?.shadowRoot;
        return !!root && (new Function(`return (${source})`)() as (r: ShadowRoot, a: unknown) => unknown)(root, a);
      },
      { timeout, polling: 20 },
      predicate.toString(),
      arg,
    );
  } catch (error) {
    // The controls and alerts, with their values: enough to tell what the sidebar was doing.
    // and how many of each listed item it held, and whether the page was in front.
    const shown = await page.evaluate(() => {
      const root = document.querySelector('sidedesk-sidebar')?.shadowRoot;
      const controls = [...(root?.querySelectorAll('button[data-testid], select[data-testid], [role="alert"]') ?? [])].map(
        (el) => `${el.getAttribute('data-testid')}: ${(el as HTMLSelectElement).value ?? ''} ${(el.textContent ?? '').slice(0, 100)}`,
      );
      const counts = new Map<string, number>();
      for (const el of root?.querySelectorAll('li[data-testid]') ?? []) counts.set(el.getAttribute('data-testid')!, (counts.get(el.getAttribute('data-testid')!) ?? 0) + 1);
      return [...controls, ...[...counts].map(([id, n]) => `${n} × ${id}`), `page ${document.visibilityState}`];
    });
    throw new Error(`${(error as Error).message}\nThe sidebar showed:\n${shown.join('\n')}`);
  }
}

/**
 * Waits for an element in the sidebar. Puppeteer's waitForSelector re-checks on mutations of the
 * document only, and the sidebar changes inside its shadow root: a quiet page would never re-check.
 */
export const waitForInSidebar = (page: Page, testId: string, timeout = 5_000) =>
  waitInSidebar(page, (root, id) => root.querySelector(`[data-testid="${id}"]`), testId, timeout);

export const sidebarAttr = (page: Page, testId: string, attr: string) => page.$eval(inSidebar(testId), (el, name) => el.getAttribute(name), attr);
export const sidebarValue = (page: Page, testId: string) => page.$eval(inSidebar(testId), (el) => (el as HTMLSelectElement).value);
export const clickInSidebar = (page: Page, testId: string) => page.$eval(inSidebar(testId), (el) => (el as HTMLElement).click());

/** Waits for the log button to be ready (messages read and hashed), then clicks it. */
export async function logTicket(page: Page) {
  await waitInSidebar(page, (root) => {
    const button = root.querySelector<HTMLButtonElement>('[data-testid="log-ticket"]');
    return button && !button.disabled;
  }, null, 10_000);
  await clickInSidebar(page, 'log-ticket');
}

export const waitForTicketMessages = (page: Page, count: number, timeout = 5_000) =>
  waitInSidebar(page, (root, n) => root.querySelector('[data-testid="ticket-message-count"]')?.getAttribute('data-count') === String(n), count, timeout);

/** Appends messages to the open X chat as X renders them: copies of the last row, each with a new id and text. */
export function appendXChatMessages(page: Page, messages: { id: string; text: string }[]) {
  return page.evaluate((added) => {
    const root = document.querySelector('[data-testid="xchatEmbedRoute"]')?.shadowRoot ?? document;
    let last = [...root.querySelectorAll('[data-dm-message-row]')].at(-1)!;
    const template = document.createElement('template');
    for (const { id, text } of added) {
      template.innerHTML = last.outerHTML.split(last.getAttribute('data-dm-message-row')!).join(id);
      const row = template.content.firstElementChild!;
      row.querySelector('[data-testid^="message-text-"] span[dir="auto"]')!.textContent = text;
      last.after(row);
      last = row;
    }
  }, messages);
}
