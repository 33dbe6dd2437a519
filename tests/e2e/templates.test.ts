/**
 * Canned replies end to end, with the built extension on the site fixtures (their composers are the
 * real editors): a template made in the options page is found in the sidebar's picker on every
 * network and inserted, so that the editor library's own state holds exactly the rendered reply and
 * the site's Send sends exactly it, once; `;shortcut` + Tab expands in place (its fill-in fields asked in
 * the picker, the reply then put in its place); an unresolved
 * variable blocks insertion by name; without a composer the reply goes to the clipboard.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, type Fixture } from '../fixtures';
import type {} from '../fixtures/editors/window';
import { clickInSidebar, fixtureNamed, openExtensionPage, readTables, waitForInSidebar, waitInSidebar } from './desk-harness';
import { inSidebar, launchBrowser, openFixture, routesFor, sidebarText } from './harness';

const reply = { title: 'Order on its way', shortcut: 'onitsway', body: 'Hi {{customer.first_name|there}} 👋\nYour order is on its way 📦\n\nThanks for waiting!' };
const blocked = { title: 'Email follow-up', shortcut: 'emailfu', body: 'We will write to {{customer.email}} within the hour.' };
/** The starter pack's English away message, its fill-in field answered. */
const away = (firstName: string) => `Hi ${firstName}, thanks for your message! Our team is away right now and will be back tomorrow at 9 AM. We'll reply as soon as we're back.`;
const rendered = (firstName: string) => `Hi ${firstName} 👋\nYour order is on its way 📦\n\nThanks for waiting!`;

/** One page per composer on the site fixtures; `send` is the Send button, or undefined where Enter sends. */
const sites: { fixture: Fixture; editable: string; send?: string }[] = [
  { fixture: fixtureNamed('x/chat in the xchatEmbedRoute shadow root'), editable: '[data-testid="xchatEmbedRoute"] >>> [data-testid="dm-composer-textarea"]', send: '[data-testid="xchatEmbedRoute"] >>> [data-testid="dm-composer-send-button"]' },
  { fixture: fixtureNamed('x/post with replies'), editable: '[data-testid="tweetTextarea_0"]', send: '[data-testid="tweetButtonInline"]' },
  { fixture: fixtureNamed('instagram/dm-thread-2026'), editable: '[data-pagelet="IGDComposer"] [contenteditable="true"]', send: '[data-pagelet="IGDComposer"] [aria-label="Send"]' },
  { fixture: fixtureNamed('instagram/post-comments'), editable: 'textarea[aria-label="Add a comment…"]', send: 'form [aria-label="Post"]' },
  { fixture: fixtureNamed('facebook/messenger-thread'), editable: '[aria-placeholder="Aa"][contenteditable="true"]' },
  { fixture: fixtureNamed('facebook/post-modal'), editable: '[aria-label^="Comment as"][contenteditable="true"]' },
];
const firstNameOf = (f: Fixture) => (f.expected.ok && f.expected.customer.displayName?.split(/\s+/)[0]) || 'there';

let browser: Browser;
let options: Page;
const routes = routesFor(fixtures);

beforeAll(async () => {
  browser = await launchBrowser();
  options = await openExtensionPage(browser, 'options.html#templates');
});
afterAll(async () => browser?.close());

async function createInOptions(template: typeof reply) {
  await options.click('[data-testid="template-new"]');
  await options.type('[data-testid="template-title"]', template.title);
  await options.type('[data-testid="template-shortcut"]', template.shortcut);
  await options.type('[data-testid="template-body"]', template.body);
  await options.click('[data-testid="template-save"]');
  await options.waitForSelector('[data-testid="template-saved"]');
}

const templateRows = async () => (await readTables(options)).templates as { shortcut: string | null; usageCount: number; body: string }[];
const stateText = (page: Page) => page.evaluate(() => window.__fixtureEditorText());
const sent = (page: Page) => page.evaluate(() => [...window.__fixtureSent]);

/** Exactly `text` in the editor's state, and still exactly it after a late second application would have landed. */
async function expectState(page: Page, text: string) {
  await page.waitForFunction((wanted) => window.__fixtureEditorText() === wanted, { timeout: 3_000 }, text).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(await stateText(page)).toBe(text);
}

/** Presses the site's Send: it must deliver exactly `text`, once, and leave the composer empty. */
async function expectSentExactly(page: Page, site: (typeof sites)[number], text: string) {
  const before = (await sent(page)).length;
  if (site.send) {
    const button = (await page.$(site.send))!;
    // The fixture's virtualised cells keep their places while a long reply makes the composer taller, so
    // the next cell may cover the button (X itself re-lays them out): then the click goes to the button.
    const covered = await button.evaluate((el) => {
      el.scrollIntoView({ block: 'center' });
      const box = el.getBoundingClientRect();
      const top = (el.getRootNode() as Document | ShadowRoot).elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
      return !top || !el.contains(top);
    });
    if (covered) await button.evaluate((el) => (el as HTMLElement).click());
    else await button.click();
  } else {
    await page.focus(site.editable);
    await page.keyboard.press('Enter');
  }
  await page.waitForFunction((n) => window.__fixtureSent.length > n, { timeout: 2_000 }, before);
  expect((await sent(page)).slice(before)).toEqual([text]);
  expect(await stateText(page)).toBe('');
}

/** Types in the picker's search box, as an agent would after clicking it, and presses Enter. */
async function pickWithEnter(page: Page, query: string) {
  await waitForInSidebar(page, 'template-search', 10_000);
  const search = (await page.$(inSidebar('template-search')))!;
  await search.click({ count: 3 }); // selects what was typed before
  await page.keyboard.type(query);
  await waitInSidebar(page, (root, shortcut) => root.querySelector('[data-testid="template-item"][aria-selected="true"]')?.getAttribute('data-shortcut') === shortcut, query.replace(/^;/, ''));
  await page.keyboard.press('Enter');
}

describe('the options page', () => {
  it('creates templates, showing a mistake in the body while it is typed', async () => {
    await options.waitForSelector('[data-testid="templates"]');
    await options.click('[data-testid="template-new"]');
    await options.type('[data-testid="template-body"]', 'Hi {{customer.first_name');
    expect(await options.$eval('[data-testid="template-errors"]', (el) => el.textContent)).toMatch(/line 1, column 4: "\{\{" is never closed/);

    await createInOptions(reply);
    await createInOptions(blocked);
    const rows = await templateRows();
    expect(rows.find((t) => t.shortcut === reply.shortcut)).toMatchObject({ body: reply.body, usageCount: 0 });
    expect(rows.filter((t) => t.shortcut?.startsWith('ack'))).toHaveLength(5); // the starter pack, seeded once
  });
});

describe.each(sites)('$fixture.name', (site) => {
  const text = rendered(firstNameOf(site.fixture));
  let page: Page;
  beforeAll(async () => {
    page = await openFixture(browser, site.fixture, routes);
    await page.waitForSelector(site.editable, { timeout: 10_000 });
  });
  afterAll(() => page?.close());

  it('inserts the picked reply into the empty composer, and Send sends exactly it', async () => {
    await pickWithEnter(page, reply.shortcut);
    await expectState(page, text);
    expect(await sidebarText(page, 'template-notice')).toBe(`Inserted “${reply.title}”.`);
    await expectSentExactly(page, site, text);
  });

  it("inserts at the caret of the agent's draft", async () => {
    await page.click(site.editable);
    await page.keyboard.type('Hello world');
    for (let i = 0; i < 'world'.length; i++) await page.keyboard.press('ArrowLeft');
    await pickWithEnter(page, `;${reply.shortcut}`);
    await expectState(page, `Hello ${text}world`);
    await expectSentExactly(page, site, `Hello ${text}world`);
  });

  it('expands ;shortcut + Tab in the composer, in place', async () => {
    await page.click(site.editable);
    await page.keyboard.type(`Sure! ;${reply.shortcut}`);
    await page.keyboard.press('Tab');
    await expectState(page, `Sure! ${text}`);
    await expectSentExactly(page, site, `Sure! ${text}`);
  });

  it('asks the fill-in field of a ;shortcut in the picker, then puts the reply in its place', async () => {
    await page.click(site.editable);
    await page.keyboard.type('Thanks! ;away');
    await page.keyboard.press('Tab');
    await waitInSidebar(page, (root) => root.activeElement?.getAttribute('data-testid') === 'template-ask', null);
    await page.keyboard.type('tomorrow at 9 AM');
    await page.keyboard.press('Enter');
    await expectState(page, `Thanks! ${away(firstNameOf(site.fixture))}`);
    await expectSentExactly(page, site, `Thanks! ${away(firstNameOf(site.fixture))}`);
  });
});

describe('what the picker refuses or cannot do', () => {
  it('blocks a reply with an unresolved variable, naming it, and leaves the composer alone', async () => {
    const site = sites[0];
    const page = await openFixture(browser, site.fixture, routes);
    await page.waitForSelector(site.editable, { timeout: 10_000 });
    await pickWithEnter(page, blocked.shortcut);
    await waitInSidebar(page, (root) => !!root.querySelector('[data-testid="template-blocked"]'), null);
    expect(await sidebarText(page, 'template-blocked')).toMatch(/No value for customer\.email/);
    expect(await page.$eval(inSidebar('template-insert'), (el) => (el as HTMLButtonElement).disabled)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await stateText(page)).toBe('');

    // The same template through ;shortcut + Tab: not expanded, and the picker says why.
    await page.click(site.editable);
    await page.keyboard.type(`;${blocked.shortcut}`);
    await page.keyboard.press('Tab');
    await waitInSidebar(page, (root) => /customer\.email/.test(root.querySelector('[data-testid="template-notice"]')?.textContent ?? ''), null);
    expect(await stateText(page)).toBe(`;${blocked.shortcut}`);
    await page.close();
  });

  it('copies the reply to the clipboard where the page has no reply box, and says so', async () => {
    const profile = fixtureNamed('x/profile');
    await browser.defaultBrowserContext().overridePermissions('https://x.com', ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
    const page = await openFixture(browser, profile, routes);
    await pickWithEnter(page, reply.shortcut);
    await waitInSidebar(page, (root) => root.querySelector('[data-testid="template-notice"]')?.getAttribute('data-tone') === 'problem', null);
    expect(await sidebarText(page, 'template-notice')).toMatch(/No reply box was found on this page\. The reply is on the clipboard/);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(rendered(firstNameOf(profile)));
    await page.close();
  });

  it('counted every use, once', async () => {
    await expect.poll(async () => (await templateRows()).find((t) => t.shortcut === reply.shortcut)?.usageCount).toBe(sites.length * 3 + 1);
    expect((await templateRows()).find((t) => t.shortcut === blocked.shortcut)?.usageCount).toBe(0);
  });
});

describe('import and export in the options page', () => {
  it('imports a CSV, reporting the rows it refused, and the picker finds the imported reply', async () => {
    const csv = ['title,shortcut,body,language', 'Refund sent,refundsent,"Your refund is on its way, {{customer.first_name|friend}} 💸",en', 'Broken,broken,"Hi {{agent.shoe_size}}",en', ',notitle,"text",en'].join('\n');
    const input = (await options.$('[data-testid="template-import"]')) as ElementHandle<HTMLInputElement>;
    const file = join(mkdtempSync(join(tmpdir(), 'sidedesk-')), 'library.csv');
    writeFileSync(file, csv);
    await input.uploadFile(file);
    await options.waitForSelector('[data-testid="template-import-report"]');
    rmSync(dirname(file), { recursive: true });
    const report = await options.$eval('[data-testid="template-import-report"]', (el) => el.textContent);
    expect(report).toMatch(/1 new, 0 updated, 0 unchanged; 2 not imported/);
    const problems = await options.$$eval('[data-testid="template-import-problem"]', (items) => items.map((li) => li.textContent));
    expect(problems).toEqual([expect.stringMatching(/^Row 2 \(line 3\): body: .*agent\.shoe_size/), expect.stringMatching(/^Row 3 \(line 4\): title is empty/)]);

    const page = await openFixture(browser, sites[0].fixture, routes);
    await page.waitForSelector(sites[0].editable, { timeout: 10_000 });
    await pickWithEnter(page, 'refundsent');
    await expectState(page, 'Your refund is on its way, Jane 💸');
    await page.close();
  });
});
