/**
 * Runs the built extension in a real Chromium against fixture pages served on the sites' real URLs
 * (request interception), so the manifest's match patterns are what decides where Sidedesk runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer';
import type { Fixture } from '../fixtures';
import { fixturesDir, readFixtureHtml } from '../fixtures/load';

export const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : puppeteer.executablePath());
export const extensionDir = resolve('.output/chrome-mv3');
const editorsBundle = join(fixturesDir, '.build/editors.js');

export async function launchBrowser({ extension = true, userDataDir }: { extension?: boolean; userDataDir?: string } = {}): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromiumPath,
    pipe: true,
    headless: true,
    userDataDir,
    enableExtensions: extension ? [extensionDir] : false,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--window-size=1280,800'],
    defaultViewport: { width: 1280, height: 800 },
  });
}

/** Pages by real URL (query included, hash and trailing slash ignored). */
export type Routes = Map<string, string>;
export const routeKey = (href: string) => {
  const url = new URL(href);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}${url.search}`;
};
export const routesFor = (fixtures: Fixture[]): Routes => new Map(fixtures.map((f) => [routeKey(f.url), readFixtureHtml(f.file)]));

const siteHosts = /^https:\/\/(?:[\w-]+\.)*(?:x|twitter|instagram|facebook|messenger)\.com\//;

/** Serves fixtures on their real URLs; the extension's own files pass; nothing else leaves the machine. */
export async function serve(page: Page, routes: Routes, headers: Record<string, string> = {}) {
  // tsx (benches) compiles with esbuild's keepNames, which wraps functions passed to page.evaluate in __name().
  await page.evaluateOnNewDocument('globalThis.__name ??= (fn) => fn');
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    const url = request.url();
    if (url.startsWith('chrome-extension:') || url.startsWith('data:')) return void request.continue();
    if (!siteHosts.test(url)) return void request.abort();
    if (new URL(url).pathname === '/__fixture__/editors.js') {
      return void request.respond({ status: 200, contentType: 'text/javascript', body: existsSync(editorsBundle) ? readFileSync(editorsBundle) : '' });
    }
    const html = routes.get(routeKey(url));
    if (html !== undefined) return void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', headers, body: html });
    void request.respond({ status: 404, contentType: 'text/plain', body: 'not a fixture' });
  });
}

export async function openFixture(browser: Browser, fixture: Fixture, routes: Routes = routesFor([fixture])): Promise<Page> {
  const page = await browser.newPage();
  await serve(page, routes);
  await page.goto(fixture.url, { waitUntil: 'domcontentloaded' });
  return page;
}

/** A selector inside the sidebar's open shadow root. */
export const inSidebar = (testId: string) => `sidedesk-sidebar >>> [data-testid="${testId}"]`;

/** The text of `testId` once the sidebar shows it (polled: waitForSelector would miss changes inside the shadow root). */
export async function sidebarText(page: Page, testId: string, timeout = 5_000): Promise<string> {
  const handle = await page.waitForFunction(
    (selector) => {
      const element = document.querySelector('sidedesk-sidebar')?.shadowRoot?.querySelector(selector);
      return element ? [element.textContent ?? ''] : false; // an array, so that empty text still counts as shown
    },
    { timeout, polling: 'raf' },
    `[data-testid="${testId}"]`,
  );
  return ((await handle.jsonValue()) as [string])[0];
}

/** Waits until the sidebar shows `text` in `testId`; returns how long that took. */
export async function waitForSidebarText(page: Page, testId: string, text: string, timeout = 5_000): Promise<number> {
  const start = Date.now();
  await page.waitForFunction(
    (selector, wanted) => {
      const host = document.querySelector('sidedesk-sidebar');
      return host?.shadowRoot?.querySelector(selector)?.textContent === wanted;
    },
    { timeout, polling: 'raf' },
    `[data-testid="${testId}"]`,
    text,
  );
  return Date.now() - start;
}

/**
 * Single-page navigation as the sites do it: pushState and a re-render of the app root, in either
 * order. The page's editors are mounted again; the sidebar's host on <html> stays.
 */
export async function navigateInPage(page: Page, fixture: Fixture, order: 'url-first' | 'view-first' = 'url-first') {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(readFixtureHtml(fixture.file))?.[1] ?? '';
  await page.evaluate(
    (url, html, urlFirst) => {
      (window as { __navigationStartedAt?: number }).__navigationStartedAt = performance.now();
      const render = () => {
        const next = document.createElement('body');
        next.setHTMLUnsafe(html);
        document.body.replaceChildren(...next.childNodes);
        (window as { __mountFixtureEditors?: () => void }).__mountFixtureEditors?.();
      };
      if (urlFirst) {
        history.pushState({}, '', url);
        setTimeout(render, 60);
      } else {
        render();
        history.pushState({}, '', url);
      }
    },
    fixture.url,
    body,
    order === 'url-first',
  );
}

type Shown = { href: string; name: string | null; state: string | null; at: number };

/**
 * Records every customer name the sidebar shows, with the URL and the page's clock at that moment,
 * so timings are what the agent sees, free of the test driver's round trips.
 */
export async function recordShownCustomers(page: Page) {
  await page.evaluate(() => {
    const root = document.querySelector('sidedesk-sidebar')!.shadowRoot!;
    const seen: Shown[] = [];
    (window as { __shownCustomers?: Shown[] }).__shownCustomers = seen;
    new MutationObserver(() => {
      const name = root.querySelector('[data-testid="customer-name"]')?.textContent ?? null;
      const state = root.querySelector('[data-testid="context-status"]')?.getAttribute('data-state') ?? null;
      const last = seen.at(-1);
      if (last?.name !== name || last?.state !== state || last?.href !== location.href) seen.push({ href: location.href, name, state, at: performance.now() });
    }).observe(root, { subtree: true, childList: true, characterData: true });
  });
  return () =>
    page.evaluate(() => ({
      shown: (window as { __shownCustomers?: Shown[] }).__shownCustomers ?? [],
      navigationStartedAt: (window as { __navigationStartedAt?: number }).__navigationStartedAt ?? NaN,
    }));
}
