/**
 * The agent's caret in the page's composers. Clicking a reply in the sidebar moves focus (and the
 * document's selection) away from the composer, so the caret is remembered while the agent types
 * and put back before inserting; the editors then read it from the DOM like any caret move.
 */
import { composerOf } from './find';

/**
 * A caret as the DOM points it was at (a StaticRange: a live Range would drift as the editor
 * re-renders), and as character offsets for when the editor has replaced those nodes.
 */
interface SavedCaret {
  points: StaticRange;
  start: number;
  end: number;
}

const savedCarets = new WeakMap<Element, SavedCaret>();
let lastComposer: WeakRef<HTMLElement> | undefined;

/** The composer the agent focused last, if it is still on the page. */
export const lastUsedComposer = (): HTMLElement | null => {
  const element = lastComposer?.deref();
  return element?.isConnected ? element : null;
};

/** Follows focus and caret in composers until the returned function is called. */
export function trackComposerCaret(doc: Document = document): () => void {
  const onFocus = (event: Event) => {
    const composer = composerOf(event.composedPath()[0]);
    if (composer) lastComposer = new WeakRef(composer.element);
  };
  const saveCaret = () => {
    const range = selectionRange(doc);
    const composer = range && composerOf(elementOf(range.startContainer));
    if (!range || !composer || composer.kind === 'textarea' || !composer.element.contains(range.endContainer)) return;
    const [start, end] = [offsetOf(composer.element, range.startContainer, range.startOffset), offsetOf(composer.element, range.endContainer, range.endOffset)];
    savedCarets.set(composer.element, { points: new StaticRange(range), start, end });
  };
  // `selectionchange` is coalesced and queued: a caret moved just before focus leaves is reported
  // only once the selection is already elsewhere, so the caret is also read as focus leaves.
  doc.addEventListener('focusin', onFocus, true);
  doc.addEventListener('focusout', saveCaret, true);
  doc.addEventListener('selectionchange', saveCaret);
  return () => {
    doc.removeEventListener('focusin', onFocus, true);
    doc.removeEventListener('focusout', saveCaret, true);
    doc.removeEventListener('selectionchange', saveCaret);
  };
}

/**
 * Focuses the composer with the agent's caret where they left it (at the end if they never placed
 * one), and waits until the editor has seen that caret.
 */
export async function restoreCaret(element: HTMLElement): Promise<void> {
  const doc = element.ownerDocument;
  if (element.localName === 'textarea') {
    element.focus({ preventScroll: true }); // a textarea keeps its own selection while blurred
    return;
  }
  const live = selectionRange(doc);
  if (deepActiveElement(doc) === element && live && element.contains(live.startContainer)) return;
  const current = live && new StaticRange(live); // focusing may move the live one
  const saved = savedCarets.get(element);
  element.focus({ preventScroll: true });
  const target = (saved && liveRange(element, saved)) ?? endOf(element);
  if (current && sameRange(current, target)) return; // nothing moved, so the editor already has it
  await selectAndWait(target);
}

/** The composer's text before and after the selection, or undefined when the selection is not in it. */
export function textAroundSelection(element: HTMLElement): { before: string; after: string } | undefined {
  const range = selectionRange(element.ownerDocument);
  if (!range || !element.contains(range.startContainer) || !element.contains(range.endContainer)) return undefined;
  const before = element.ownerDocument.createRange();
  before.setStart(element, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const after = element.ownerDocument.createRange();
  after.setStart(range.endContainer, range.endOffset);
  after.setEnd(element, element.childNodes.length);
  return { before: before.toString(), after: after.toString() };
}

/** Selects `range` and waits until the page's editors have read it (they do on `selectionchange`). */
export async function selectAndWait(range: Range): Promise<void> {
  const doc = range.startContainer.ownerDocument!;
  const selection = doc.getSelection()!;
  selection.removeAllRanges();
  selection.addRange(range);
  await selectionSeen(doc);
}

export function selectionRange(doc: Document): Range | undefined {
  const selection = doc.getSelection();
  return selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : undefined;
}

/**
 * `selectionchange` is queued, and editors listen for it on the document before we do; once our
 * listener runs they have run. The timeout covers a change the browser saw as no change at all.
 */
function selectionSeen(doc: Document): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      doc.removeEventListener('selectionchange', done);
      resolve();
    };
    const timer = setTimeout(done, 50);
    doc.addEventListener('selectionchange', done);
  });
}

function deepActiveElement(doc: Document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

const elementOf = (node: Node): Element | null => (node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement);

function sameRange(a: AbstractRange, b: AbstractRange): boolean {
  return a.startContainer === b.startContainer && a.startOffset === b.startOffset && a.endContainer === b.endContainer && a.endOffset === b.endOffset;
}

function endOf(element: HTMLElement): Range {
  const range = element.ownerDocument.createRange();
  const texts = textNodes(element);
  const last = texts.at(-1);
  if (last) range.setStart(last, last.length);
  else range.setStart(element, element.childNodes.length);
  range.collapse(true);
  return range;
}

/** The saved points if their nodes are still in the composer, else the same character offsets in today's nodes. */
function liveRange(element: HTMLElement, { points, start, end }: SavedCaret): Range | undefined {
  const range = element.ownerDocument.createRange();
  const stillThere = (node: Node, offset: number) => element.contains(node) && offset <= (node.nodeType === Node.TEXT_NODE ? (node as Text).length : node.childNodes.length);
  if (stillThere(points.startContainer, points.startOffset) && stillThere(points.endContainer, points.endOffset)) {
    range.setStart(points.startContainer, points.startOffset);
    range.setEnd(points.endContainer, points.endOffset);
    return range;
  }
  const [from, to] = [pointAt(element, start), pointAt(element, end)];
  if (!from || !to) return undefined;
  range.setStart(from.node, from.offset);
  range.setEnd(to.node, to.offset);
  return range;
}

function offsetOf(element: HTMLElement, node: Node, offset: number): number {
  const range = element.ownerDocument.createRange();
  range.setStart(element, 0);
  range.setEnd(node, offset);
  return range.toString().length;
}

function pointAt(element: HTMLElement, offset: number): { node: Text; offset: number } | undefined {
  let remaining = offset;
  for (const node of textNodes(element)) {
    if (remaining <= node.length) return { node, offset: remaining };
    remaining -= node.length;
  }
  return undefined;
}

function textNodes(element: HTMLElement): Text[] {
  const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  while (walker.nextNode()) nodes.push(walker.currentNode as Text);
  return nodes;
}
