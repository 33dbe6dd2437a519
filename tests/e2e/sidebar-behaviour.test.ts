/** What an agent notices about the sidebar itself: collapse, the shortcut, the theme, and hostile page text. */
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, type Fixture } from '../fixtures';
import { readFixtureHtml } from '../fixtures/load';
import { waitForInSidebar } from './desk-harness';
import { inSidebar, launchBrowser, openFixture, routeKey, routesFor, serve } from './harness';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

const detected = (platform: string) => fixtures.find((f) => f.expected.ok && f.expected.platform === platform)!;
const sidebarState = (page: Page) => page.$eval(inSidebar('sidebar'), (el) => el.getAttribute('data-state'));
const waitForState = (page: Page, state: string) =>
  page.waitForFunction((s) => document.querySelector('sidedesk-sidebar')?.shadowRoot?.querySelector('[data-testid="sidebar"]')?.getAttribute('data-state') === s, { timeout: 3_000 }, state);

describe('collapsing', () => {
  it('collapses to a tab, and remembers that on the same site only', async () => {
    const x = detected('x');
    const page = await openFixture(browser, x, routesFor(fixtures));
    await waitForInSidebar(page, 'sidebar');
    await page.click(inSidebar('sidebar-toggle'));
    await waitForState(page, 'collapsed');
    expect(await page.$(inSidebar('customer-name'))).toBeNull();

    await page.reload({ waitUntil: 'domcontentloaded' });
    await waitForInSidebar(page, 'sidebar');
    expect(await sidebarState(page)).toBe('collapsed');

    const other = await openFixture(browser, detected('instagram'), routesFor(fixtures));
    await waitForInSidebar(other, 'sidebar');
    expect(await sidebarState(other)).toBe('open');

    await page.bringToFront();
    await page.click(inSidebar('sidebar-toggle'));
    await waitForState(page, 'open');
    await Promise.all([page.close(), other.close()]);
  });

  it('toggles with Alt+Shift+S', async () => {
    const page = await openFixture(browser, detected('facebook'), routesFor(fixtures));
    await waitForInSidebar(page, 'sidebar');
    const toggle = async () => {
      await page.keyboard.down('Alt');
      await page.keyboard.down('Shift');
      await page.keyboard.press('KeyS');
      await page.keyboard.up('Shift');
      await page.keyboard.up('Alt');
    };
    await toggle();
    await waitForState(page, 'collapsed');
    await toggle();
    await waitForState(page, 'open');
    await page.close();
  });
});

it("follows the site's light and dark theme", async () => {
  const page = await openFixture(browser, detected('x'), routesFor(fixtures));
  await waitForInSidebar(page, 'sidebar');
  const themeIs = (theme: string) =>
    page.waitForFunction((t) => document.querySelector('sidedesk-sidebar')?.shadowRoot?.querySelector('[data-testid="sidebar"]')?.getAttribute('data-theme') === t, { timeout: 3_000 }, theme);
  await page.evaluate(() => (document.body.style.backgroundColor = 'rgb(0, 0, 0)'));
  await themeIs('dark');
  await page.evaluate(() => (document.body.style.backgroundColor = 'rgb(255, 255, 255)'));
  await themeIs('light');
  await page.close();
});

it("is styled under a site's Content-Security-Policy that does not list the extension", async () => {
  const page = await browser.newPage();
  // x.com's own style-src, on every fixture page it serves.
  await serve(page, routesFor(fixtures), { 'content-security-policy': "style-src 'self' 'unsafe-inline' https://abs.twimg.com" });
  await page.goto(detected('x').url, { waitUntil: 'domcontentloaded' });
  await waitForInSidebar(page, 'customer-name');
  const style = await page.$eval(inSidebar('sidebar'), (aside) => {
    const panel = getComputedStyle(aside.lastElementChild!);
    return { position: getComputedStyle(aside).position, width: panel.width, shadow: panel.boxShadow };
  });
  // The shadow needs Tailwind's --tw-* properties registered in the page's document, not only in the shadow root.
  expect(style).toMatchObject({ position: 'fixed', width: '320px', shadow: expect.stringMatching(/rgba?\(/) });
  await page.close();
});

describe.each(['x', 'instagram', 'facebook'])('hostile names on %s', (platform) => {
  it('are shown as text, never as HTML', async () => {
    const fixture = detected(platform) as Fixture & { expected: { ok: true } };
    const name = fixture.expected.customer.displayName!;
    const hostile = '<img src=x onerror="window.__pwned=1">\u202eevil\u200b 🦊';
    const escaped = hostile.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const html = readFixtureHtml(fixture.file).split(name).join(escaped);
    const page = await openFixture(browser, fixture, new Map([[routeKey(fixture.url), html]]));
    // Shown as the literal text (the adapter may drop invisible characters, never the markup).
    await page.waitForFunction(
      (markup) => document.querySelector('sidedesk-sidebar')?.shadowRoot?.querySelector('[data-testid="customer-name"]')?.textContent?.includes(markup),
      { timeout: 5_000 },
      '<img src=x onerror="window.__pwned=1">',
    );
    expect(await page.$$(inSidebar('sidebar') + ' img')).toHaveLength(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.close();
  });
});
