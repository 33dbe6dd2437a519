/**
 * The ticket list's search: filters, free text, "#42". Pages are keyset-paged on (updatedAt, id),
 * so page 50 costs what page 1 does. Plain filters walk an index newest first and stop once the
 * page is full; text and tag narrow to a candidate set through their word indexes first.
 */
import Dexie, { type WhereClause } from 'dexie';
import type { Ticket, TicketStatus } from '../model';
import type { TicketRow } from '../db';
import type { Desk } from './desk';
import { summarize } from './lookup';
import { queryWords } from './words';
import type { TicketPage, TicketSearch } from './types';

interface Cursor {
  updatedAt: number;
  id: string;
}

export async function searchTickets(desk: Desk, search: TicketSearch): Promise<TicketPage> {
  const { db } = desk;
  const limit = Math.min(Math.max(search.limit ?? 50, 1), 200);
  const after = decodeCursor(search.after);
  const matches = filterOf(search, after);
  const candidates = await candidateIds(desk, search);

  let found: TicketRow[];
  if (candidates) {
    found = (await db.tickets.bulkGet([...candidates])).filter((t): t is TicketRow => t !== undefined && matches(t));
  } else {
    const statuses: (TicketStatus | null)[] = search.status?.length ? [...new Set(search.status)] : [null];
    const pages = await Promise.all(statuses.map((status) => newestFirst(desk, status, search.from, after).filter(matches).limit(limit + 1).toArray()));
    found = pages.flat();
  }
  found.sort(newestFirstOrder);
  const page = found.slice(0, limit);
  const customers = await db.customers.bulkGet(unique(page.map((t) => t.customerId)));
  const names = new Map(customers.flatMap((c) => (c ? [[c.id, c.name] as const] : [])));
  const [now, target] = [desk.now(), await desk.responseTargetMs()];
  return {
    tickets: page.map((t) => ({ ...summarize(t, now, target), customerName: names.get(t.customerId) ?? '' })),
    next: found.length > limit ? encodeCursor(page[page.length - 1]) : null,
  };
}

/** Ticket ids that can match the text (every word, as a prefix of ticket or customer words) or the tag; undefined when neither narrows. */
async function candidateIds({ db }: Desk, search: TicketSearch): Promise<Set<string> | undefined> {
  let ids: Set<string> | undefined;
  const narrow = (more: readonly string[]) => {
    ids = new Set(ids ? more.filter((id) => ids!.has(id)) : more);
  };
  const text = search.text?.trim() ?? '';
  const number = /^#(\d+)$/.exec(text);
  if (number) narrow(await db.tickets.where('number').equals(Number(number[1])).primaryKeys());
  else {
    for (const word of queryWords(text)) {
      // One letter would match most of the desk: only whole one-letter words count.
      const prefix = <T, I>(clause: WhereClause<T, string, I>) => (word.length > 1 ? clause.startsWith(word) : clause.equals(word));
      const [ticketIds, customerIds] = await Promise.all([prefix(db.tickets.where('words')).primaryKeys(), prefix(db.customers.where('words')).primaryKeys()]);
      const ofCustomers = await db.tickets.where('customerId').anyOf(customerIds).primaryKeys();
      narrow([...ticketIds, ...ofCustomers]);
      if (ids!.size === 0) return ids;
    }
  }
  if (search.tag) narrow(await db.tickets.where('tags').equals(search.tag).primaryKeys());
  return ids;
}

/** One status's tickets (or all), newest first, from the cursor down to `from` (updatedAt is never before createdAt). */
function newestFirst({ db }: Desk, status: TicketStatus | null, from: number | undefined, after: Cursor | null) {
  const low = from ?? Dexie.minKey;
  const upper = after ? [after.updatedAt, after.id] : [Dexie.maxKey, Dexie.maxKey];
  const range = status
    ? db.tickets.where('[status+updatedAt+id]').between([status, low, Dexie.minKey], [status, ...upper], true, false)
    : db.tickets.where('[updatedAt+id]').between([low, Dexie.minKey], upper, true, false);
  return range.reverse();
}

function filterOf(search: TicketSearch, after: Cursor | null) {
  const statuses = search.status?.length ? new Set(search.status) : undefined;
  return (t: Ticket) =>
    (!statuses || statuses.has(t.status)) &&
    (search.assigneeId === undefined || t.assigneeId === search.assigneeId) &&
    (!search.platform || t.platform === search.platform) &&
    (!search.tag || t.tags.includes(search.tag)) &&
    (search.from === undefined || t.createdAt >= search.from) &&
    (search.to === undefined || t.createdAt < search.to) &&
    (!after || t.updatedAt < after.updatedAt || (t.updatedAt === after.updatedAt && t.id < after.id));
}

const newestFirstOrder = (a: Ticket, b: Ticket) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

function encodeCursor(t: Ticket): string {
  return `${t.updatedAt}:${t.id}`;
}

function decodeCursor(cursor: string | undefined): Cursor | null {
  const match = cursor && /^(\d+):([0-9A-Z]{26})$/.exec(cursor);
  return match ? { updatedAt: Number(match[1]), id: match[2] } : null;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
