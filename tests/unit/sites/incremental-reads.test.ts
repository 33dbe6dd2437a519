/**
 * The page watch re-reads a changing page with a row memo (lib/sites/dom.ts): rows unchanged since
 * the last read are not parsed again. After any change, that read must say what a fresh read says.
 */
import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../../lib/sites';
import { createRowMemo, rowAttributes } from '../../../lib/sites/dom';
import { fixtures } from '../../fixtures';
import { loadPage, readFixtureHtml } from '../../fixtures/load';

interface Case {
  file: string;
  rows: string;
  /** The element holding a row's own text. */
  text: string;
  /** An attribute edit the reader sees: who wrote the row. */
  changeAuthor(row: Element): void;
}

const cases: Case[] = [
  {
    file: 'instagram/dm-thread-2026.html',
    rows: '[role="group"][tabindex="-1"]',
    text: '[role="presentation"] [dir="auto"]',
    changeAuthor: (row) => row.querySelector('a[aria-label^="Open the profile page of"]')?.setAttribute('aria-label', 'Open the profile page of mike.runner'),
  },
  {
    file: 'instagram/dm-group-2026.html',
    rows: '[role="group"][tabindex="-1"]',
    text: '[role="presentation"] [dir="auto"]',
    changeAuthor: (row) => row.querySelector('a[aria-label^="Open the profile page of"]')?.setAttribute('aria-label', 'Open the profile page of mike.runner'),
  },
  ...['x/chat-shadow.html', 'x/chat-document.html', 'x/chat-group.html'].map((file) => ({
    file,
    rows: '[data-dm-message-row]:not([data-testid^="message-text-"])',
    text: '[data-testid^="message-text-"] [dir="auto"]',
    changeAuthor: (row: Element) => row.classList.replace('justify-start', 'justify-end') || row.classList.replace('justify-end', 'justify-start'),
  })),
];

describe.each(cases)('re-reading $file as it changes', ({ file, rows, text, changeAuthor }) => {
  const { url: pageUrl, document, window } = loadPage(readFixtureHtml(file), fixtures.find((f) => f.file === file)!.url);
  const adapter = adapterFor(pageUrl)!;
  const root: Document | ShadowRoot = document.querySelector('[data-testid="xchatEmbedRoute"]')?.shadowRoot ?? document;
  const memo = createRowMemo();
  // As the page watch observes the page.
  const observer = new window.MutationObserver((records) => memo.forget(records as unknown as MutationRecord[]));
  for (const target of new Set<Node>([document.body, root])) observer.observe(target as never, { childList: true, subtree: true, characterData: true, attributeFilter: rowAttributes });
  const all = () => [...root.querySelectorAll(rows)];
  /** Rows with text of their own (not a photo or a sticker), and that text's node. */
  const withText = () => all().filter((row) => row.querySelector(text)?.firstChild?.nodeType === 3);
  const textNode = (row: Element) => row.querySelector(text)!.firstChild as Text;
  const rereadMatchesFresh = () => {
    memo.forget(observer.takeRecords() as unknown as MutationRecord[]);
    const reread = adapter.read(pageUrl, document, memo);
    expect(reread).toEqual(adapter.read(pageUrl, document));
    return reread;
  };

  it('reads the page as a fresh read does', () => {
    const first = rereadMatchesFresh();
    expect(first.ok && first.messages.length).toBeGreaterThan(1);
    expect(rereadMatchesFresh()).toEqual(first);
  });

  it('reads rows appended since', () => {
    const last = all().at(-1)!;
    for (const n of [3, 2, 1]) {
      const copy = withText().at(-1)!.cloneNode(true) as Element;
      textNode(copy).nodeValue = `Appended message ${n}`;
      last.after(copy);
    }
    const reread = rereadMatchesFresh();
    expect(reread.ok && reread.messages.at(-1)!.text).toBe('Appended message 3');
  });

  it('reads a row whose text was edited, in place or by new elements', () => {
    textNode(withText()[0]).nodeValue = 'Edited in place';
    withText()[1].querySelector(text)!.replaceChildren('Edited by React');
    const texts = (rereadMatchesFresh() as { messages: { text: string }[] }).messages.map((m) => m.text);
    expect(texts).toEqual(expect.arrayContaining(['Edited in place', 'Edited by React']));
  });

  it('reads a row whose author changed', () => {
    const before = rereadMatchesFresh();
    changeAuthor(all()[0]);
    expect(rereadMatchesFresh()).not.toEqual(before);
  });

  it('reads changes told in several batches between two reads, as a streaming page tells them', () => {
    const before = rereadMatchesFresh();
    const told = () => memo.forget(observer.takeRecords() as unknown as MutationRecord[]);
    const copy = withText().at(-1)!.cloneNode(true) as Element;
    textNode(copy).nodeValue = 'Appended before the edits';
    all().at(-1)!.after(copy);
    told();
    // Below the rows' container, whose ancestors the append already had forgotten.
    textNode(withText()[0]).nodeValue = 'Edited after an append';
    told();
    const moved = withText()[1];
    all().at(-1)!.after(moved);
    told();
    textNode(moved).nodeValue = 'Edited after a move';
    told();
    const texts = (rereadMatchesFresh() as { messages: { text: string }[] }).messages.map((m) => m.text);
    expect(texts).toEqual(expect.arrayContaining(['Appended before the edits', 'Edited after an append', 'Edited after a move']));
    expect(texts).not.toEqual((before as { messages: { text: string }[] }).messages.map((m) => m.text));
  });

  it('drops removed rows', () => {
    const count = (rereadMatchesFresh() as { messages: unknown[] }).messages.length;
    all()[0].remove();
    all()[2].remove();
    expect((rereadMatchesFresh() as { messages: unknown[] }).messages.length).toBeLessThan(count);
  });
});
