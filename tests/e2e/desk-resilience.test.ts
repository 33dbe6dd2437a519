/** The desk under stress in Chromium: the service worker stopped mid-logging, and hostile page text. */
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../fixtures';
import { appendXChatMessages, clickInSidebar, fixtureNamed, launchDeskBrowser, openExtensionPage, readTables, waitForTicketMessages, waitInSidebar, workerControl } from './desk-harness';
import { inSidebar, openFixture, routesFor } from './harness';

let browser: Browser;
let extensionPage: Page;
const routes = routesFor(fixtures);
beforeAll(async () => {
  browser = await launchDeskBrowser();
  extensionPage = await openExtensionPage(browser);
});
afterAll(async () => browser?.close());

type Row = Record<string, unknown>;

describe('hostile text', () => {
  it('renders as text and logs intact: markup, a 100 KB message, right-to-left, emoji, zero-width characters', async () => {
    const hostile = [
      { id: 'hostile-1', text: '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>' },
      { id: 'hostile-2', text: `${'A very long complaint. '.repeat(4_500)}END` },
      { id: 'hostile-3', text: 'مرحبا، طلبي رقم ٤٤١١ لم يصل \u202Egnp.exe' },
      { id: 'hostile-4', text: '👍🏽🦊 👨‍👩‍👧 pay\u200Bpal\u200D\uFEFFok' },
    ];
    expect(hostile[1].text.length).toBeGreaterThan(100_000);
    const page = await openFixture(browser, fixtureNamed('x/chat in the plain document'), routes);
    await appendXChatMessages(page, hostile);
    await waitInSidebar(page, (root) => root.querySelector('[data-testid="log-ticket"]')?.getAttribute('data-new-count') === '8', null, 10_000);
    await clickInSidebar(page, 'log-ticket');
    await waitForTicketMessages(page, 8);

    expect(await page.$$(inSidebar('sidebar') + ' img, ' + inSidebar('sidebar') + ' script')).toHaveLength(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    const shown = await page.$$eval(inSidebar('logged-message'), (items) =>
      items.map((item) => {
        const text = item.querySelector('[data-testid="clamped-text"]')!;
        return { text: text.textContent!, dir: text.getAttribute('dir') };
      }),
    );
    for (const { text } of [hostile[0], hostile[2], hostile[3]]) expect(shown).toContainEqual({ text, dir: 'auto' });
    const long = shown.find((s) => s.text.startsWith('A very long complaint.'))!;
    expect(long.text.length).toBeLessThan(400); // clamped until "Show more"

    const stored = ((await readTables(extensionPage)).messages as Row[]).map((m) => m.text);
    for (const { text } of hostile) expect(stored).toContain(text);
    await page.close();
  });
});

describe('a service worker stopped in the middle of logging', () => {
  // A long thread (the adapters read up to 200 messages) keeps the worker busy for a while, so the stop lands inside the logging.
  const trials = [
    { fixture: fixtureNamed('x/chat in the xchatEmbedRoute shadow root'), stopAfterMs: 0 },
    { fixture: fixtureNamed('x/group chat'), stopAfterMs: 25 },
  ];

  it.each(trials)('logs $fixture.name exactly once after the worker wakes (stopped $stopAfterMs ms after the click)', async ({ fixture, stopAfterMs }) => {
    if (!fixture.expected.ok) throw new Error('needs a detected conversation');
    const { conversationKey, messageCount } = fixture.expected;
    const added = Array.from({ length: 150 }, (_, i) => ({ id: `bulk-${i}`, text: `Message ${i} of a long thread` }));
    const worker = await workerControl(extensionPage);
    const page = await openFixture(browser, fixture, routes);
    await appendXChatMessages(page, added);
    const total = messageCount + added.length;
    await waitInSidebar(page, (root, n) => root.querySelector('[data-testid="log-ticket"]')?.textContent === `Log conversation (${n} messages)`, total, 10_000);

    await clickInSidebar(page, 'log-ticket');
    await new Promise((resolve) => setTimeout(resolve, stopAfterMs));
    await worker.stop();
    const answeredBeforeStop = (await page.$(inSidebar('ticket-status'))) !== null;

    await waitForTicketMessages(page, total, 15_000);
    const tables = await readTables(extensionPage);
    const tickets = (tables.tickets as Row[]).filter((t) => t.conversationKey === conversationKey);
    expect(tickets).toHaveLength(1);
    const messages = (tables.messages as Row[]).filter((m) => m.ticketId === tickets[0].id);
    expect(messages).toHaveLength(total);
    expect(new Set(messages.map((m) => m.contentHash)).size).toBe(total);
    expect(answeredBeforeStop, 'the stop came after the sidebar had its answer: not the middle of logging').toBe(false);
    await page.close();
  });
});
