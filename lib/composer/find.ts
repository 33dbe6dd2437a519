/** Finding the page's reply box and telling which editor library runs it. */
import { queryDeep } from '../sites/dom';
import { composerSelectors, editableSelector, type ComposerName } from './selectors';

/** How text gets into it: each editor keeps its own state, and each needs its own way in. */
export type ComposerKind = 'textarea' | 'draft' | 'lexical' | 'contenteditable';

export interface Composer {
  name: ComposerName;
  kind: ComposerKind;
  /** The element that takes the caret: a textarea or the contenteditable root. */
  element: HTMLElement;
}

const composerNames = Object.keys(composerSelectors) as ComposerName[];

/** The composer holding `node` (the agent's caret or a key event's target), if `node` is in one. */
export function composerOf(node: EventTarget | null | undefined): Composer | null {
  const element = node instanceof Element ? node.closest<HTMLElement>(editableSelector) : null;
  if (!element) return null;
  for (const name of composerNames) {
    if (composerSelectors[name].some((selector) => element.closest(selector))) return { name, kind: kindOf(element), element };
  }
  return null;
}

/** The page's composer: the one the agent used last when it is still there, else the first found. */
export function findComposer(root: Document, lastUsed?: Element | null): Composer | null {
  if (lastUsed?.isConnected) {
    const composer = composerOf(lastUsed);
    if (composer) return composer;
  }
  for (const name of composerNames) {
    for (const selector of composerSelectors[name]) {
      const match = queryDeep<HTMLElement>(root, selector);
      const element = match?.matches(editableSelector) ? match : match?.querySelector<HTMLElement>(editableSelector);
      if (element) return { name, kind: kindOf(element), element };
    }
  }
  return null;
}

function kindOf(element: HTMLElement): ComposerKind {
  if (element.localName === 'textarea') return 'textarea';
  if (element.dataset.lexicalEditor === 'true') return 'lexical';
  if (element.closest('.DraftEditor-root') || element.querySelector('[data-contents]')) return 'draft';
  return 'contenteditable';
}
