/**
 * Inline expansion: the agent types `;shortcut` then Tab in the page's composer, and the token is
 * replaced in place by the rendered reply. Finding the token and rendering the reply belong to
 * the templates module; this file only knows the composers.
 */
import { selectAndWait, selectionRange } from './caret';
import { composerOf, type Composer } from './find';
import { insertAtSelection, type InsertResult } from './insert';

export interface ShortcutExpansion {
  /** The `;shortcut` token that ends at the caret: its shortcut and the index where the token starts. */
  findToken(textBeforeCaret: string): { shortcut: string; start: number } | undefined;
  /** The rendered reply, or undefined when there is none to insert (unknown shortcut, missing variable). */
  render(shortcut: string): Promise<string | undefined>;
  /** How each expansion went, so the UI can say why one did not happen. */
  onResult?(result: ExpansionResult, shortcut: string): void;
}

export type ExpansionResult = InsertResult | { ok: false; reason: 'no-reply' | 'changed'; message: string };

/** A token found at the caret: how to select it for replacing, and whether it is still there as typed. */
interface Token {
  shortcut: string;
  select(): Promise<void>;
  isIntact(): boolean;
}

/** Expands shortcuts on Tab in every composer of `doc` until the returned function is called. */
export function expandShortcutsOnTab(expansion: ShortcutExpansion, doc: Document = document): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Tab' || event.shiftKey || event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return;
    const composer = composerOf(event.composedPath()[0]);
    const token = composer && tokenAtCaret(composer, expansion.findToken);
    if (!composer || !token) return; // an ordinary Tab: the page moves focus as it always does
    event.preventDefault();
    event.stopImmediatePropagation(); // the site must not act on a Tab that was ours
    void expand(composer, token, expansion);
  };
  const win = doc.defaultView!;
  win.addEventListener('keydown', onKeyDown, true);
  return () => win.removeEventListener('keydown', onKeyDown, true);
}

async function expand(composer: Composer, token: Token, { render, onResult }: ShortcutExpansion) {
  const text = await render(token.shortcut);
  let result: ExpansionResult;
  if (text === undefined) result = { ok: false, reason: 'no-reply', message: `No reply to insert for ;${token.shortcut}.` };
  else if (!token.isIntact()) result = { ok: false, reason: 'changed', message: `;${token.shortcut} was edited before its reply was ready.` };
  else result = await insertAtSelection(composer, text, token.select);
  onResult?.(result, token.shortcut);
}

function tokenAtCaret({ element }: Composer, findToken: ShortcutExpansion['findToken']): Token | undefined {
  if (element instanceof HTMLTextAreaElement) {
    const { value, selectionStart: caret, selectionEnd } = element;
    const found = caret === selectionEnd ? findToken(value.slice(0, caret)) : undefined;
    if (!found) return undefined;
    const typed = value.slice(found.start, caret);
    return {
      shortcut: found.shortcut,
      isIntact: () => element.value.slice(found.start, caret) === typed,
      select: async () => {
        element.focus({ preventScroll: true });
        element.setSelectionRange(found.start, caret);
      },
    };
  }
  // In an editor the token is typed text, so it lies within the text node that holds the caret.
  const caret = selectionRange(element.ownerDocument);
  if (!caret?.collapsed || caret.startContainer.nodeType !== Node.TEXT_NODE || !element.contains(caret.startContainer)) return undefined;
  const textBefore = element.ownerDocument.createRange();
  textBefore.setStart(element, 0);
  textBefore.setEnd(caret.startContainer, caret.startOffset);
  const before = textBefore.toString();
  const found = findToken(before);
  const length = found ? before.length - found.start : 0;
  if (!found || length > caret.startOffset) return undefined;
  const range = caret.cloneRange();
  range.setStart(caret.startContainer, caret.startOffset - length);
  const typed = range.toString();
  return {
    shortcut: found.shortcut,
    isIntact: () => element.contains(range.startContainer) && range.toString() === typed,
    select: async () => {
      element.focus({ preventScroll: true });
      await selectAndWait(range);
    },
  };
}
