/**
 * Pasting from the page's main world. Draft.js only takes text through a paste event, and an event
 * made in the extension's isolated world reaches the page with an empty DataTransfer in Firefox;
 * so the isolated script asks the main-world script (a second, tiny content script) to paste.
 * Both halves talk through DOM CustomEvents carrying JSON strings, which cross worlds intact.
 */
const requestEvent = 'sidedesk:paste-request';
const answerEvent = 'sidedesk:paste-answer';

interface PasteRequest {
  id: string;
  text: string;
}
interface PasteAnswer {
  id: string;
  /** Whether the editor took the paste (called preventDefault, as editors that handle it do). */
  handled: boolean;
}

export type PasteOutcome = 'handled' | 'ignored' | 'no-main-world';

/** Isolated world: asks the main world to paste `text` into `target`. */
export function pasteInMainWorld(target: HTMLElement, text: string): PasteOutcome {
  const doc = target.ownerDocument;
  const id = crypto.randomUUID();
  let answer: PasteAnswer | undefined;
  const onAnswer = (event: Event) => {
    const parsed = parseDetail(event);
    if (parsed?.id === id && typeof parsed.handled === 'boolean') answer = { id, handled: parsed.handled };
  };
  doc.addEventListener(answerEvent, onAnswer);
  // dispatchEvent runs every world's listeners before it returns, so the answer is already here.
  target.dispatchEvent(new CustomEvent(requestEvent, { detail: JSON.stringify({ id, text } satisfies PasteRequest), bubbles: true, composed: true }));
  doc.removeEventListener(answerEvent, onAnswer);
  if (!answer) return 'no-main-world';
  return answer.handled ? 'handled' : 'ignored';
}

/** Main world: answers paste requests with a real `paste` event carrying the text, until the returned function is called. */
export function answerPasteRequests(): () => void {
  const onRequest = (event: Event) => {
    const request = parseDetail(event);
    const target = event.composedPath()[0];
    if (typeof request?.id !== 'string' || typeof request.text !== 'string' || !(target instanceof HTMLElement)) return;
    event.stopImmediatePropagation(); // the page's own listeners have no business with it
    const data = new DataTransfer();
    data.setData('text/plain', request.text);
    const paste = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true });
    target.dispatchEvent(paste);
    const answer: PasteAnswer = { id: request.id, handled: paste.defaultPrevented };
    document.dispatchEvent(new CustomEvent(answerEvent, { detail: JSON.stringify(answer) }));
  };
  window.addEventListener(requestEvent, onRequest, true);
  return () => window.removeEventListener(requestEvent, onRequest, true);
}

/** The event's JSON detail as loose fields: it may come from the page, so every field is checked where used. */
function parseDetail(event: Event): Partial<Record<keyof PasteRequest | keyof PasteAnswer, unknown>> | undefined {
  const detail: unknown = (event as CustomEvent).detail;
  if (typeof detail !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(detail);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}
