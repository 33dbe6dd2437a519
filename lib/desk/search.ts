/**
 * The ticket list's search: filters, free text, "#42", most recently updated first, keyset-paged
 * on (updatedAt, id). It walks the tickets in memory (lib/desk/ticket-index.ts) newest first from
 * the cursor until the page is full; walking all of 50k costs a few milliseconds. Customers stay
 * in IndexedDB: each word of the text is looked up once in their `words` index, so that a ticket
 * matches by its customer's name, handle or email as well as by its own subject and tags.
 */
import type { CustomerIndex } from './customer-index';
import type { Desk } from './desk';
import { summarize } from './lookup';
import { newestFirstOrder, type TicketRow } from './ticket-index';
import { queryWords, searchWords } from './words';
import type { TicketPage, TicketSearch } from './types';

type Cursor = Pick<TicketRow, 'updatedAt' | 'id'>;

export async function searchTickets(desk: Desk, search: TicketSearch): Promise<TicketPage> {
  const { db } = desk;
  const limit = Math.min(Math.max(search.limit ?? 50, 1), 200);
  const after = decodeCursor(search.after);
  const [index, customers, responseTarget] = await Promise.all([db.tickets.index(), db.customers.index(), desk.responseTargetMs()]);
  const text = textMatch(customers, search.text ?? '');
  const order = index.newestFirst();
  const found: TicketRow[] = [];
  for (let i = after ? index.positionOf(after) : 0; i < order.length && found.length <= limit; i++) {
    const ticket = order[i];
    // A ticket is never updated before it was created: past `from`, nothing older can match.
    if (search.from !== undefined && ticket.updatedAt < search.from) break;
    if ((!after || newestFirstOrder(after, ticket) < 0) && fits(search, ticket) && (!text || text(ticket))) found.push(ticket);
  }
  const page = found.slice(0, limit);
  const now = desk.now();
  return {
    tickets: page.map((t) => ({ ...summarize(t, now, responseTarget), customerName: customers.get(t.customerId)?.name ?? '' })),
    next: found.length > limit ? encodeCursor(page[page.length - 1]) : null,
  };
}

/**
 * "#42" is ticket 42. Otherwise every word must start a word of the ticket's subject or tags, or
 * of its customer's name, handles or email; a one-letter word must be a whole word.
 */
function textMatch(customers: CustomerIndex, text: string): ((ticket: TicketRow) => boolean) | undefined {
  const number = /^#(\d+)$/.exec(text.trim());
  if (number) return (t) => t.number === Number(number[1]);
  const words = queryWords(text);
  if (words.length === 0) return undefined;
  const perWord = words.map((word) => {
    const starts = (w: string) => (word.length > 1 ? w.startsWith(word) : w === word);
    const ofCustomers = customers.withWordWhere(starts);
    return (t: TicketRow) => wordsOf(t).some(starts) || ofCustomers.has(t.customerId);
  });
  return (t) => perWord.every((matches) => matches(t));
}

/** A ticket's subject and tag words, worked out when a search first needs them: rows are replaced, never changed, when a ticket is. */
const ticketWords = new WeakMap<TicketRow, string[]>();
function wordsOf(ticket: TicketRow): string[] {
  let words = ticketWords.get(ticket);
  if (!words) ticketWords.set(ticket, (words = searchWords([ticket.subject, ...ticket.tags])));
  return words;
}

function fits(search: TicketSearch, t: TicketRow): boolean {
  return (
    (!search.status?.length || search.status.includes(t.status)) &&
    (search.assigneeId === undefined || t.assigneeId === search.assigneeId) &&
    (!search.platform || t.platform === search.platform) &&
    (!search.tag || t.tags.includes(search.tag)) &&
    (search.from === undefined || t.createdAt >= search.from) &&
    (search.to === undefined || t.createdAt < search.to)
  );
}

function encodeCursor(t: Cursor): string {
  return `${t.updatedAt}:${t.id}`;
}

function decodeCursor(cursor: string | undefined): Cursor | null {
  const match = cursor && /^(\d+):([0-9A-Z]{26})$/.exec(cursor);
  return match ? { updatedAt: Number(match[1]), id: match[2] } : null;
}
