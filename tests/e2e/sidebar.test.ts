/** For every fixture context: the sidebar appears, shows the right customer, follows navigation, keeps its keys. */
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformNames } from '../../components/labels';
import { fixtures, type Fixture } from '../fixtures';
import { sidebarAttr, waitForInSidebar } from './desk-harness';
import { inSidebar, launchBrowser, navigateInPage, openFixture, recordShownCustomers, routesFor, sidebarText, waitForSidebarText } from './harness';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

const routes = routesFor(fixtures);
const shownName = (f: Fixture) => (f.expected.ok ? f.expected.customer.displayName || f.expected.customer.handle : null);
/** Another detected context on the same origin with a different customer: where in-page navigation can go. */
const nextOnSameSite = (f: Fixture) =>
  fixtures.find((other) => other !== f && new URL(other.url).origin === new URL(f.url).origin && other.expected.ok && shownName(other) !== shownName(f));

describe.each(fixtures)('$name', (fixture) => {
  let page: Page;
  beforeAll(async () => (page = await openFixture(browser, fixture, routes)));
  afterAll(async () => page?.close());

  it('shows the sidebar with what the page is about', async () => {
    await waitForInSidebar(page, 'sidebar', 10_000);
    expect(await sidebarAttr(page, 'sidebar', 'data-state')).toBe('open');
    const expected = fixture.expected;
    if (!expected.ok) {
      await waitForInSidebar(page, 'manual-handle');
      expect(await sidebarText(page, 'context-status')).toMatch(expected.reason);
      return;
    }
    await waitForSidebarText(page, 'customer-name', shownName(fixture)!);
    expect(await sidebarText(page, 'customer-handle')).toBe(expected.customer.handle);
    expect(await sidebarText(page, 'customer-platform')).toBe(platformNames[expected.platform]);
    const status = await page.$eval(inSidebar('context-status'), (el) => ({ kind: el.getAttribute('data-kind'), count: el.getAttribute('data-message-count') }));
    expect(status).toEqual({ kind: expected.kind, count: String(expected.messageCount) });
  });

  it('keeps keys typed into the sidebar from the page', async () => {
    await page.evaluate(() => {
      const keys: string[] = [];
      (window as { __pageKeys?: string[] }).__pageKeys = keys;
      for (const target of [window, document]) for (const type of ['keydown', 'keyup', 'keypress']) target.addEventListener(type, (e) => keys.push((e as KeyboardEvent).key));
    });
    const field = (await page.$(inSidebar('manual-handle'))) ?? (await page.$(inSidebar('sidebar-toggle')));
    await field!.focus();
    await page.keyboard.type('jk?n');
    expect(await page.evaluate(() => (window as { __pageKeys?: string[] }).__pageKeys)).toEqual([]);
  });

  const target = nextOnSameSite(fixture);
  if (target) it(`follows in-page navigation to ${target.name} and back within half a second, never showing a stale customer`, async () => {
    for (const order of ['url-first', 'view-first'] as const) {
      const [from, to] = order === 'url-first' ? [fixture, target] : [target, fixture];
      const record = await recordShownCustomers(page);
      await navigateInPage(page, to, order);
      if (to.expected.ok) await waitForSidebarText(page, 'customer-name', shownName(to)!, 2_000);
      else await waitForInSidebar(page, 'manual-handle', 2_000);
      const { shown, navigationStartedAt } = await record();
      const arrived = shown.find((s) => s.href === to.url && (to.expected.ok ? s.name === shownName(to) : s.state === 'undetected'))!;
      expect(arrived.at - navigationStartedAt, `${from.name} → ${to.name} (${order}), ms`).toBeLessThan(500);
      const stale = shown.filter((s) => s.href === to.url && s.name !== null && s.name === shownName(from));
      expect(stale, `${from.name} → ${to.name} (${order})`).toEqual([]);
    }
  });
});
