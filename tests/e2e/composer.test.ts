/**
 * Inserting replies into each site's own composer, in Chromium, with the real editor libraries:
 * the editor's state must hold exactly the text, the fixture's Send must deliver exactly it, and
 * nothing may be duplicated. lib/composer runs in an isolated world, as the content script will.
 */
import type { Browser } from 'puppeteer';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleComposerScripts, openComposerTab, type ComposerScripts, type ComposerTab } from '../fixtures/editors/driver';
import { composerPages, type ComposerPage } from '../fixtures/editors/pages';
import { launchBrowser } from './harness';

const oneLine = 'Thanks for getting in touch, Jane. Your order ships today.';
const multiLine = 'Hi Jane,\nYour order ships today.\n\nThanks for waiting!';
const emoji = 'Thank you 🙏🏽 we’re on it 👍 — 🇵🇭 ❤️';
const expansion = 'Thanks for your message 🙂\nWe are looking into it.';

let browser: Browser;
let scripts: ComposerScripts;
let ownTab: ComposerTab | undefined;

beforeAll(async () => {
  [browser, scripts] = await Promise.all([launchBrowser({ extension: false }), bundleComposerScripts()]);
});
afterEach(async () => {
  await ownTab?.page.close();
  ownTab = undefined;
});
afterAll(() => browser?.close());

/** A page of its own for one test, closed after it. */
async function open(fixture: ComposerPage, options?: { mainWorld: boolean }) {
  ownTab = await openComposerTab(browser, fixture, scripts, options);
  return ownTab;
}

/** Exactly `text` in the editor's state, and still exactly it after a late second application would have landed. */
async function expectState(current: ComposerTab, text: string) {
  await current.page.waitForFunction((wanted) => window.__fixtureEditorText() === wanted, { timeout: 2_000 }, text).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(await current.stateText()).toBe(text);
}

async function expectSentExactly(current: ComposerTab, text: string) {
  await current.pressSend();
  expect(await current.sent()).toEqual([text]);
  expect(await current.stateText()).toBe('');
}

describe.each(composerPages)('$composer', (fixture) => {
  // One page per composer, put back as loaded before each test (a single-page navigation).
  let tab: ComposerTab;
  beforeAll(async () => {
    tab = await openComposerTab(browser, fixture, scripts);
  });
  beforeEach(() => tab.reset());
  afterAll(() => tab?.page.close());

  it.each([
    ['a one-line reply', oneLine],
    ['multi-line text', multiLine],
    ['emoji', emoji],
  ])('puts %s into the empty composer, and Send sends exactly it', async (_, text) => {
    expect(await tab.insert(text)).toEqual({ ok: true, composer: fixture.composer });
    await expectState(tab, text);
    await expectSentExactly(tab, text);
  });

  it('inserts at the caret of a draft after the agent clicked into the sidebar', async () => {
    await tab.page.click(fixture.editable);
    await tab.page.keyboard.type('Hello world');
    for (let i = 0; i < 'world'.length; i++) await tab.page.keyboard.press('ArrowLeft');
    await tab.focusSidebar();

    expect(await tab.insert('dear 🙂 ')).toMatchObject({ ok: true });
    await expectState(tab, 'Hello dear 🙂 world');
    await expectSentExactly(tab, 'Hello dear 🙂 world');
  });

  it('inserts at a caret moved just before focus left for the sidebar, before the page reported the move', async () => {
    await tab.page.click(fixture.editable);
    await tab.page.keyboard.type('Hello world');
    const editable = (await tab.page.$(fixture.editable))!;
    await editable.evaluate((element) => {
      if (element instanceof HTMLTextAreaElement) element.setSelectionRange(6, 6);
      else {
        const text = document.createTreeWalker(element, NodeFilter.SHOW_TEXT).nextNode() as Text;
        document.getSelection()!.collapse(text, 6);
      }
      document.querySelector('stand-in-sidebar')!.shadowRoot!.querySelector('input')!.focus();
    });

    expect(await tab.insert('dear 🙂 ')).toMatchObject({ ok: true });
    await expectState(tab, 'Hello dear 🙂 world');
  });

  it('expands ;shortcut + Tab in place, keeping the text around it', async () => {
    await tab.isolated(`composerUnderTest.replies.set('ack', ${JSON.stringify(expansion)})`);
    await tab.page.click(fixture.editable);
    await tab.page.keyboard.type('Hi Jane! ;ack');
    await tab.page.keyboard.press('Tab');

    await expectState(tab, `Hi Jane! ${expansion}`);
    expect(await tab.expansions()).toEqual([{ ok: true, composer: fixture.composer }]);
    await expectSentExactly(tab, `Hi Jane! ${expansion}`);
  });

  it('leaves an unknown ;shortcut as typed and says so', async () => {
    await tab.page.click(fixture.editable);
    await tab.page.keyboard.type('Hi ;nosuchreply');
    await tab.page.keyboard.press('Tab');

    await expect.poll(() => tab.expansions()).toEqual([expect.objectContaining({ ok: false, reason: 'no-reply' })]);
    expect(await tab.stateText()).toBe('Hi ;nosuchreply');
  });

  it('refuses a second insert while the first may still land, so nothing is duplicated', async () => {
    const results = await tab.isolated<{ ok: boolean; reason?: string }[]>(
      `Promise.all([composerUnderTest.insert(${JSON.stringify(oneLine)}), composerUnderTest.insert(${JSON.stringify(oneLine)})])`,
    );
    expect(results.map((r) => r.reason ?? 'ok')).toEqual(['ok', 'busy']);
    await expectState(tab, oneLine);
  });
});

describe('what the site sees', () => {
  it("X's Post button turns enabled from Draft's state, not just its DOM", async () => {
    const current = await open(composerPages.find((p) => p.composer === 'x-reply')!);
    const postDisabled = () => current.page.$eval('[data-testid="tweetButtonInline"]', (el) => el.getAttribute('aria-disabled'));
    expect(await postDisabled()).toBe('true');
    await current.insert(oneLine);
    await expect.poll(postDisabled).toBe('false');
  });

  it("X chat's send button appears once React's state has the text", async () => {
    const fixture = composerPages.find((p) => p.composer === 'x-chat')!;
    const current = await open(fixture);
    expect(await current.page.$(fixture.send!)).toBeNull();
    await current.insert(oneLine);
    expect(await current.page.waitForSelector(fixture.send!, { timeout: 1_000 })).not.toBeNull();
  });
});

describe('failures the UI can act on (it copies the text to the clipboard instead)', () => {
  it('says there is no composer on a page without one', async () => {
    const current = await open({ ...composerPages[0], html: '<!doctype html><title>X</title><main role="main">Home</main>', editable: 'main' });
    expect(await current.insert(oneLine)).toMatchObject({ ok: false, reason: 'no-composer', message: expect.any(String) });
  });

  it.each(['x-reply', 'messenger'] as const)('%s: says so, and inserts nothing, when the main-world script is missing', async (name) => {
    const current = await open(composerPages.find((p) => p.composer === name)!, { mainWorld: false });
    expect(await current.insert(multiLine)).toMatchObject({ ok: false, reason: 'no-main-world' });
    expect(await current.stateText()).toBe('');
  });
});
