/** DOM helpers every site adapter shares. Pure reads: nothing here writes to the page. */
import type { PageContext, Platform, ReadRoot } from './types';

/**
 * querySelectorAll as an array. Chromium walks a NodeList through a generic iterator for `for…of`,
 * spread and Array.from, 3–5 times slower than indexing it: readers go through every row of a
 * thread, and every element of each row, at each re-read of a page streaming in messages. A search
 * that stops at its first match is queryFind: a copy would walk the whole list first.
 */
export function queryAll<E extends Element = Element>(root: ParentNode, selector: string): E[] {
  const list = root.querySelectorAll<E>(selector);
  const found = new Array<E>(list.length);
  for (let i = 0; i < list.length; i++) found[i] = list[i];
  return found;
}

/** The first element matching `selector` that passes `test`, looking no further. */
export function queryFind<E extends Element = Element>(root: ParentNode, selector: string, test: (el: E) => unknown): E | undefined {
  const list = root.querySelectorAll<E>(selector);
  for (let i = 0; i < list.length; i++) if (test(list[i])) return list[i];
  return undefined;
}

/** queryAll that also looks inside open shadow roots (X renders its chat in one). */
export function queryAllDeep<E extends Element = Element>(root: ReadRoot, selector: string): E[] {
  const found = queryAll<E>(root, selector);
  for (const host of shadowHosts(root)) found.push(...queryAllDeep<E>(host.shadowRoot!, selector));
  return found;
}

export function queryDeep<E extends Element = Element>(root: ReadRoot, selector: string): E | null {
  return root.querySelector<E>(selector) ?? shadowHosts(root).map((h) => queryDeep<E>(h.shadowRoot!, selector)).find(Boolean) ?? null;
}

/** Hosts of open shadow roots under `root`; only known hosts are walked, to keep reads cheap. */
const shadowHostSelector = '[data-testid="xchatEmbedRoute"], [data-testid="xchatEmbedOverlays"]';
export function shadowHosts(root: ReadRoot): Element[] {
  return queryAll(root, shadowHostSelector).filter((el) => el.shadowRoot);
}

/** The first element matching any selector of a fallback list (preferred selectors first); not inside shadow roots. */
export function queryFirst<E extends Element = Element>(root: ReadRoot, selectors: readonly string[]): E | null {
  for (const selector of selectors) {
    const el = root.querySelector<E>(selector);
    if (el) return el;
  }
  return null;
}

/**
 * The most messages one read returns, the newest: the sites keep a few dozen rows of a thread in their
 * virtualised lists, so a page holding more was built otherwise, and reading every one of them at
 * each change of a page streaming in history would slow it down.
 */
export const maxMessagesRead = 200;

/** The last `maxMessagesRead` elements matching `selector`, in page order: a thread's newest message rows. */
export function queryNewest<E extends Element = Element>(root: ParentNode, selector: string): E[] {
  const list = root.querySelectorAll<E>(selector);
  const from = Math.max(0, list.length - maxMessagesRead);
  const found = new Array<E>(list.length - from);
  for (let i = from; i < list.length; i++) found[i - from] = list[i];
  return found;
}

/** What textWithEmoji reads differently from textContent. */
const notPlainText = 'img, br, script, style, [hidden]';

/** Visible text of an element with emoji images (`<img alt="😀">`) turned back into characters. */
export function textWithEmoji(el: Node | null | undefined): string {
  if (!el) return '';
  // Most messages hold none of those: the browser's own textContent is then the same, and several
  // times faster than walking the nodes here (a page streaming in a thousand messages is re-read).
  if (el.nodeType === 1 && !(el as Element).matches(notPlainText) && !(el as Element).querySelector(notPlainText)) return (el.textContent ?? '').trim();
  let text = '';
  const walk = (node: Node) => {
    if (node.nodeType === 3) text += node.nodeValue ?? '';
    else if (node.nodeType === 1) {
      const element = node as Element;
      const tag = element.tagName;
      if (tag === 'IMG') text += element.getAttribute('alt') ?? '';
      else if (tag === 'BR') text += '\n';
      else if (tag !== 'SCRIPT' && tag !== 'STYLE' && !element.hasAttribute('hidden')) node.childNodes.forEach(walk);
    }
  };
  walk(el);
  return text.trim();
}

/** Parses an ISO or RFC date attribute to UTC ms; undefined when it is not a full date. */
export function parseDateTime(value: string | null | undefined): number | undefined {
  if (!value || !/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Runs an adapter's read so that no markup, however broken, makes it throw. */
export function readSafely(platform: Platform, read: () => PageContext): PageContext {
  try {
    return read();
  } catch (error) {
    return { ok: false, platform, reason: `Could not read this page (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** A short stable hash (FNV-1a) for content that has no site id. */
export function contentHash(value: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/**
 * Elements under `container` that belong to it and not to a nested item of the same kind (a reply
 * inside its comment, a quoted post inside its post): their closest `boundary` is the container.
 */
export function queryAllOwn<E extends Element = Element>(container: Element, selector: string, boundary: string): E[] {
  return queryAll<E>(container, selector).filter((el) => el.closest(boundary) === container);
}

/**
 * Elements grouped by their closest `boundary` ancestor (elements outside any are left out). One
 * query for a whole list instead of one per item: reading 1,000 comments stays one pass.
 */
export function groupByClosest<E extends Element>(elements: Iterable<E>, boundary: string): Map<Element, E[]> {
  const groups = new Map<Element, E[]>();
  for (const element of elements) {
    const owner = element.closest(boundary);
    if (!owner) continue;
    const group = groups.get(owner);
    if (group) group.push(element);
    else groups.set(owner, [element]);
  }
  return groups;
}

/**
 * What a reader parsed of each row (a message) of a list, kept until something in the row changes:
 * a page streaming in a thousand messages is re-read while it grows, and a re-read then parses only
 * the rows added since. Only what a row's own subtree says is kept (its text, its link), never what
 * depends on the rest of the page. Whoever keeps one tells it every change (forget); a reader given
 * none parses every row, as a fresh read.
 */
export interface RowMemo {
  parse<T>(row: Element, read: (row: Element) => T): T;
}

export const freshReads: RowMemo = { parse: (row, read) => read(row) };

/** The attributes row readers look at: a change to one of them in a row changes the row. */
export const rowAttributes = ['aria-label', 'href', 'alt', 'hidden', 'role', 'tabindex', 'id', 'class', 'data-testid', 'data-dm-message-row', 'dir'];

export function createRowMemo(): RowMemo & { forget(records: MutationRecord[]): void } {
  const parsed = new WeakMap<Node, { read: unknown; value: unknown }>();
  /**
   * Nodes forgotten, with all their ancestors, since a row was last parsed: a list streaming in
   * rows changes the same container every frame, and its ancestors are walked once, not every frame.
   */
  let forgotten: WeakSet<Node> | undefined;
  return {
    parse<T>(row: Element, read: (row: Element) => T): T {
      const known = parsed.get(row);
      if (known?.read === read) return known.value as T;
      const value = read(row);
      parsed.set(row, { read, value });
      forgotten = undefined;
      return value;
    },
    /** A changed node changes every row it is in: each of its ancestors is parsed again. */
    forget(records) {
      const walked = (forgotten ??= new WeakSet());
      let previous: Node | undefined;
      for (const { target } of records) {
        // Consecutive records of one node are common: a list appends its rows one by one.
        if (target === previous) continue;
        previous = target;
        for (let node: Node | null = target; node && !walked.has(node); node = node.parentNode) {
          walked.add(node);
          parsed.delete(node);
        }
      }
    },
  };
}
