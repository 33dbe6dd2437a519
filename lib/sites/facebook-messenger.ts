/**
 * Reads an open Messenger thread (facebook.com/messages, messenger.com, and the same components
 * wherever Meta embeds them): its title and its visible messages, oldest first.
 */
import { queryAll, queryNewest, queryFirst, textWithEmoji } from './dom';
import type { PageMessage } from './types';

export interface MessengerThread {
  /** The contact's name ("with Jane Doe") or the group's title ("titled Acme VIP"). */
  title?: string;
  isGroup: boolean;
  /** The element holding the messages; the header around it names the contact. */
  log: Element;
  /** Authors are names as the thread shows them; the caller knows who the peer is. */
  messages: PageMessage[];
}

const messageSelector = '[aria-roledescription="message"]';
/** The older layout's message rows. */
const cellSelector = '[role="gridcell"][data-scope="messages_table"]';
const logSelectors = [
  '[role="log"][aria-label^="Messages in conversation"]',
  '[role="grid"][aria-label^="Messages in conversation"]',
  '[role="main"] [role="log"]',
];

export function readMessengerThread(root: Document | Element): MessengerThread | undefined {
  const log = queryFirst(root, logSelectors);
  if (!log) return undefined;
  const label = /^Messages in conversation (with|titled) (.+)$/s.exec(log.getAttribute('aria-label') ?? '');
  const messages = log.querySelector(messageSelector) ? readLabelledMessages(log) : readGridCells(log);
  return { title: label?.[2].trim() || undefined, isGroup: label?.[1] === 'titled', log, messages };
}

/** Bidi and zero-width marks Facebook puts around names; they must not stop "You" being recognised. */
const invisibleMarks = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const isYou = (sender: string) => sender === 'You';

/**
 * "At 9:11 PM, Jane: hello" or "At Jun 3, 2025, 9:11 PM, You: …". The time is the first H:MM
 * (with AM/PM when the locale has it), so commas inside the date do not split the sender off early;
 * attachments have no ": text" part.
 */
const messageLabel = /^At (.*?\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?), ([^:]+?)(?:: ([\s\S]*))?$/;

function readLabelledMessages(log: Element): PageMessage[] {
  return queryNewest(log, messageSelector).map((message) => {
    const label = messageLabel.exec(message.getAttribute('aria-label')?.replace(invisibleMarks, '') ?? '');
    const sender = label?.[2].trim() || 'Unknown';
    return {
      role: isYou(sender) ? 'agent' : 'customer',
      author: { displayName: sender },
      text: bubbleText(message) || label?.[3]?.trim() || attachmentText(message),
      ...timeOf(label?.[1]),
      ...siteIdOf(message),
    };
  });
}

/** The older layout: one gridcell per message, an `h5` naming the sender at the start of each run. */
function readGridCells(log: Element): PageMessage[] {
  let sender = '';
  const messages: PageMessage[] = [];
  for (const cell of queryAll(log, cellSelector)) {
    const heading = cell.querySelector('h5')?.textContent?.replace(invisibleMarks, '').trim();
    if (heading) sender = heading.replace(/ (?:sent|replied to .*|reacted .*)$/s, '');
    if (!sender) continue;
    const text = bubbleText(cell) || attachmentText(cell);
    messages.push({ role: isYou(sender) ? 'agent' : 'customer', author: { displayName: sender }, text, ...siteIdOf(cell) });
  }
  return messages;
}

/** The text bubble; reactions, receipts and sender names sit outside it. */
const bubbleText = (message: Element) => textWithEmoji(message.querySelector('div[dir="auto"]'));

/** Photos and stickers carry no text: describe them by their image's alt text. */
function attachmentText(message: Element): string {
  const alt = message.querySelector('img[alt]:not([alt=""])')?.getAttribute('alt')?.trim();
  return alt ? `[${alt}]` : '[Attachment]';
}

function siteIdOf(message: Element): { siteId?: string } {
  const id = (message.closest('[data-message-id]') ?? message.querySelector('[data-message-id]'))?.getAttribute('data-message-id');
  return id ? { siteId: id } : {};
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const fullDate = /^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4}),? (?:at )?(\d{1,2}):(\d{2})\s?([AaPp])?\.?[Mm]?\.?$/;

/**
 * A dated label becomes UTC ms. Messenger renders it in the browser's own time zone, which is the
 * zone this code runs in, so the local-time constructor recovers the instant. Anything less than a
 * full date ("9:11 PM", "Tuesday 9:11 PM") stays as shown.
 */
function timeOf(shown: string | undefined): { sentAt?: number; timeLabel?: string } {
  if (!shown) return {};
  const parts = fullDate.exec(shown.trim());
  const month = parts ? months.indexOf(parts[1].toLowerCase()) : -1;
  if (!parts || month < 0) return { timeLabel: shown.trim() };
  const [, , day, year, hour, minute, meridiem] = parts;
  const hours = meridiem ? (Number(hour) % 12) + (/p/i.test(meridiem) ? 12 : 0) : Number(hour);
  return { sentAt: new Date(Number(year), month, Number(day), hours, Number(minute)).getTime() };
}
