/**
 * Keeps the page context current on single-page sites: re-reads when the URL changes and when the
 * page's DOM changes, once it is still (lib/content/when-still.ts).
 */
import { badgesOnly } from './badge-element';
import { observePage } from './observe-page';
import { whenStill } from './when-still';
import { createRowMemo, rowAttributes } from '../sites/dom';
import type { PageContext, SiteAdapter } from '../sites/types';

export type WatchedContext = { state: 'reading'; url: string } | { state: 'read'; url: string; context: PageContext };

interface Options {
  /** How long the DOM stays still before a change is read. */
  quietMs?: number;
  /** The longest a change waits to be read while the DOM keeps changing, at first (lib/content/when-still.ts). */
  maxWaitMs?: number;
  /** After a URL change, how long to wait for the page to render the new view before reading anyway. */
  renderWaitMs?: number;
  signal: AbortSignal;
}

export function watchPage(adapter: SiteAdapter, onChange: (watched: WatchedContext) => void, { quietMs = 150, maxWaitMs = 1_000, renderWaitMs = 400, signal }: Options) {
  let url = location.href;
  let awaitingRender = false;

  let shown: WatchedContext | undefined;
  const show = (watched: WatchedContext) => onChange((shown = watched));

  /** Rows parsed by earlier reads and unchanged since (a list streaming in is not parsed again from its start). */
  const rows = adapter.memoRows ? createRowMemo() : undefined;

  const read = () => {
    // Changes not yet delivered to the observer are the memo's to forget, and may come with a new URL.
    rows?.forget(observer.takeRecords());
    if (checkUrl()) return;
    reads.cancel();
    awaitingRender = false;
    const context = adapter.read(new URL(url), document, rows);
    // The sites change around a conversation all the time (typing, presence, hover): a read that
    // finds the same context renders nothing again.
    if (!(shown?.state === 'read' && shown.url === url && sameData(shown.context, context))) show({ state: 'read', url, context });
    observeShadowRoots();
  };
  const reads = whenStill(read, { quietMs, maxWaitMs });

  // A new URL with the old view still on screen would show the previous customer under the new
  // thread: clear the sidebar at once, then read on the first render of the new view.
  const checkUrl = () => {
    if (location.href === url) return false;
    url = location.href;
    awaitingRender = true;
    show({ state: 'reading', url });
    reads.after(renderWaitMs);
    return true;
  };

  // Where the Navigation API reports every URL change (Chromium), a change to the DOM need not read
  // the URL: a list streaming in changes the DOM every frame.
  const navigation = (globalThis as { navigation?: EventTarget }).navigation;
  const onMutation = () => {
    if (!navigation && checkUrl()) return;
    if (awaitingRender) reads.soon();
    else reads.changed();
  };

  // The ticket badges we add to the page's rows change nothing the adapters read: no re-read for them.
  // Attributes are observed for the row memo only: the sites change them all the time (hover, focus),
  // and a change to them alone is read with the next change to the page's content.
  const changesContent = (record: MutationRecord) => record.type !== 'attributes' && !badgesOnly(record);
  const observer = new MutationObserver((records) => {
    rows?.forget(records);
    if (records.some(changesContent)) onMutation();
  });
  const init: MutationObserverInit = { childList: true, subtree: true, characterData: true, ...(rows && { attributeFilter: rowAttributes }) };
  const { observeShadowRoots } = observePage(observer, init, !!adapter.shadowRoots);
  window.addEventListener('popstate', checkUrl, { signal });
  // pushState fires no event of its own; the Navigation API (Chromium) reports it once the URL has
  // changed, and elsewhere the DOM observer notices the new URL with the new view.
  navigation?.addEventListener('currententrychange', checkUrl, { signal });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    reads.cancel();
  });
  read();
}

/** Plain data (a page context) equal field by field. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => sameData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
