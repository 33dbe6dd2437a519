/**
 * Putting text into the page's own composer so that the editor's state (not just its DOM) holds
 * it and the site's Send sends exactly it. Each editor library needs its own way in (DESIGN.md §7).
 * An insert is verified once, asynchronously, and never retried: editors that apply input late
 * would otherwise take it twice or three times.
 */
import { lastUsedComposer, restoreCaret, textAroundSelection } from './caret';
import { findComposer, type Composer } from './find';
import { pasteInMainWorld } from './main-world';
import type { ComposerName } from './selectors';

export type InsertFailure = 'empty' | 'no-composer' | 'busy' | 'no-main-world' | 'not-applied';
export type InsertResult = { ok: true; composer: ComposerName } | { ok: false; reason: InsertFailure; message: string };

const failureMessages: Record<InsertFailure, string> = {
  empty: 'There is no text to insert.',
  'no-composer': 'No reply box was found on this page.',
  busy: 'The reply box is still taking the previous text.',
  'no-main-world': 'Sidedesk could not reach this page’s editor.',
  'not-applied': 'The reply box did not take the text.',
};
const failure = (reason: InsertFailure): InsertResult => ({ ok: false, reason, message: failureMessages[reason] });

/** How long an editor may take to show the text before the insert counts as failed. */
const verifyTimeoutMs = 1_000;
const inserting = new WeakSet<Element>();

/** Inserts `text` at the agent's caret in the page's composer (the one they used last, else the first found). */
export async function insertIntoComposer(text: string, doc: Document = document): Promise<InsertResult> {
  if (text === '') return failure('empty');
  const composer = findComposer(doc, lastUsedComposer());
  if (!composer) return failure('no-composer');
  return exclusively(composer, async () => {
    await restoreCaret(composer.element);
    return insertNow(composer, text);
  });
}

/** Inserts `text` in place of the composer's selection, which `select` sets once the composer is free. */
export async function insertAtSelection(composer: Composer, text: string, select: () => Promise<void>): Promise<InsertResult> {
  if (text === '') return failure('empty');
  return exclusively(composer, async () => {
    await select();
    return insertNow(composer, text);
  });
}

/** One insert per composer at a time: a second one while the first may still land is refused. */
async function exclusively({ element }: Composer, insert: () => Promise<InsertResult>): Promise<InsertResult> {
  if (inserting.has(element)) return failure('busy');
  inserting.add(element);
  try {
    return await insert();
  } finally {
    inserting.delete(element);
  }
}

async function insertNow(composer: Composer, text: string): Promise<InsertResult> {
  const reason = composer.element instanceof HTMLTextAreaElement ? await insertIntoTextarea(composer.element, text) : await insertIntoEditable(composer, text);
  return reason ? failure(reason) : { ok: true, composer: composer.name };
}

/**
 * execCommand keeps the site's undo history and fires a trusted `input` that React turns into
 * state. Where it is refused or changes something else, the whole expected value is set once
 * through the native setter (React's own `value` setter would hide the change from React).
 */
async function insertIntoTextarea(textarea: HTMLTextAreaElement, text: string): Promise<InsertFailure | undefined> {
  const { value, selectionStart, selectionEnd } = textarea;
  const expected = value.slice(0, selectionStart) + text + value.slice(selectionEnd);
  textarea.ownerDocument.execCommand('insertText', false, text);
  if (textarea.value !== expected) {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(textarea, expected);
    textarea.setSelectionRange(selectionStart + text.length, selectionStart + text.length);
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }
  // A controlled textarea whose state did not take the value is reset by React within the turn.
  await nextTask();
  return textarea.value === expected ? undefined : 'not-applied';
}

/**
 * Draft.js takes text only by paste, from the main world. Lexical takes one line through
 * execCommand (it flattens newlines there), several by paste. Other contenteditables: execCommand.
 */
async function insertIntoEditable({ kind, element }: Composer, text: string): Promise<InsertFailure | undefined> {
  const around = textAroundSelection(element);
  const inserted = visibleText(text);
  const expected = around && visibleText(around.before + text + around.after);
  // Where the editor's own selection differs from the DOM's, it inserts elsewhere: grown by exactly the text still counts.
  const expectedLength = expected?.length ?? visibleText(element.textContent).length + inserted.length;
  const applied = () => {
    const now = visibleText(element.textContent);
    return now === expected || (now.length === expectedLength && now.includes(inserted));
  };

  if (kind === 'draft' || (kind === 'lexical' && text.includes('\n'))) {
    const outcome = pasteInMainWorld(element, text);
    if (outcome === 'no-main-world') return 'no-main-world';
    if (outcome === 'ignored') return 'not-applied';
  } else if (!element.ownerDocument.execCommand('insertText', false, text)) {
    return 'not-applied';
  }
  return (await waitUntil(element, applied, verifyTimeoutMs)) ? undefined : 'not-applied';
}

/**
 * Text as a contenteditable editor shows it: paragraphs and line breaks are elements there, not
 * characters, so newlines are dropped; non-breaking spaces count as spaces.
 */
const visibleText = (text: string | null) => (text ?? '').replace(/[\r\n\u200b\ufeff]/g, '').replace(/\u00a0/g, ' ');

/** Resolves true as soon as `check` holds after a change inside `element`, false after `timeoutMs`. */
function waitUntil(element: HTMLElement, check: () => boolean, timeoutMs: number): Promise<boolean> {
  if (check()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (result: boolean) => {
      observer.disconnect();
      clearTimeout(timer);
      resolve(result);
    };
    const observer = new MutationObserver(() => check() && finish(true));
    observer.observe(element, { childList: true, subtree: true, characterData: true });
    const timer = setTimeout(() => finish(check()), timeoutMs);
  });
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
