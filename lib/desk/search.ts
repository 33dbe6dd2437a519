/**
 * The ticket list's search: filters, free text, "#42", most recently updated first, keyset-paged
 * on (updatedAt, id) so page 50 costs what page 1 does. Every read is either a handful of rows
 * fetched by id or a walk along one `[filter+recency+id]` index (recency = -updatedAt, so the
 * newest come first in key order and are read a chunk per request rather than a cursor step per
 * row), stopping once the page is full: never a scan of the desk.
 */
import Dexie, { type WhereClause } from 'dexie';
import type { Ticket, TicketStatus } from '../model';
import type { TicketRow } from '../db';
import type { Desk, DeskTables } from './desk';
import { keysWhereAnyOf, summarize } from './lookup';
import { queryWords } from './words';
import type { TicketPage, TicketSearch } from './types';

interface Cursor {
  updatedAt: number;
  id: string;
}

/** Up to this many candidates are fetched by id; more are cheaper to meet on an index walk. */
const fetchByIdUpTo = 1_000;
/** A word matching up to this many customers is resolved to their tickets' ids. */
const resolveCustomersUpTo = 50;
/** An index walk reads at most this many tickets; a rarer match continues on the next page. */
const defaultWalkBudget = 2_000;
const walkChunk = 250;

export async function searchTickets(desk: Desk, search: TicketSearch, { walkBudget = defaultWalkBudget } = {}): Promise<TicketPage> {
  const { db } = desk;
  const limit = Math.min(Math.max(search.limit ?? 50, 1), 200);
  const after = decodeCursor(search.after);
  const matches = (t: TicketRow) => fits(search, after, t) && (!text || text.test(t));
  const text = await textMatch(db, search.text ?? '');
  const sets = [text?.ids, search.tag ? new Set(await db.tickets.where('tags').equals(search.tag).primaryKeys()) : undefined];
  let candidates = intersection(sets);
  if (candidates && candidates.size > fetchByIdUpTo && search.assigneeId !== undefined) {
    const assigned = walkRange(db, { index: '[assignee+recency+id]', key: search.assigneeId ?? '' }, search.from, null);
    candidates = intersection([candidates, new Set(await assigned.primaryKeys())]);
  }

  let found: TicketRow[];
  let stop: Cursor | null = null;
  if (candidates && candidates.size <= fetchByIdUpTo) {
    found = (await db.tickets.bulkGet([...candidates])).filter((t): t is TicketRow => t !== undefined && matches(t));
  } else {
    const walks = await Promise.all(walkedIndexes(search).map((index) => walkUpTo(db, index, search.from, after, matches, limit + 1, walkBudget)));
    found = walks.flatMap((w) => w.found);
    stop = walks.reduce<Cursor | null>((newest, w) => (w.stoppedAt && (!newest || newestFirstOrder(w.stoppedAt, newest) < 0) ? w.stoppedAt : newest), null);
  }
  found.sort(newestFirstOrder);
  // Past a walk that stopped on its budget, other walks' finds may have gaps: they come again next page.
  if (stop) found = found.filter((t) => newestFirstOrder(t, stop) <= 0);
  const page = found.slice(0, limit);
  const next = found.length > limit ? page[page.length - 1] : stop;

  const customers = await db.customers.bulkGet([...new Set(page.map((t) => t.customerId))]);
  const names = new Map(customers.flatMap((c) => (c ? [[c.id, c.name] as const] : [])));
  const [now, target] = [desk.now(), await desk.responseTargetMs()];
  return {
    tickets: page.map((t) => ({ ...summarize(t, now, target), customerName: names.get(t.customerId) ?? '' })),
    next: next ? encodeCursor(next) : null,
  };
}

/** Walks until `wanted` matches or `budget` tickets read; says where it stopped when the budget ran out. */
async function walkUpTo(db: DeskTables, index: WalkedIndex, from: number | undefined, after: Cursor | null, matches: (t: TicketRow) => boolean, wanted: number, budget: number) {
  const found: TicketRow[] = [];
  let position = after;
  for (let read = 0; read < budget; ) {
    const size = Math.min(walkChunk, budget - read);
    const chunk = await walkRange(db, index, from, position).limit(size).toArray();
    read += chunk.length;
    found.push(...chunk.filter(matches));
    if (found.length >= wanted || chunk.length < size) return { found, stoppedAt: null };
    position = chunk[chunk.length - 1];
  }
  return { found, stoppedAt: position };
}

interface WalkedIndex {
  index: string;
  /** The filter value the index starts with; none for the plain `[recency+id]`. */
  key?: string;
}

/** The walks that can hold the page: by assignee, else by status (one per status), else by platform, else all tickets. */
function walkedIndexes(search: TicketSearch): WalkedIndex[] {
  if (search.assigneeId !== undefined) return [{ index: '[assignee+recency+id]', key: search.assigneeId ?? '' }];
  if (search.status?.length) return [...new Set(search.status)].map((key) => ({ index: '[status+recency+id]', key }));
  if (search.platform) return [{ index: '[platform+recency+id]', key: search.platform }];
  return [{ index: '[recency+id]' }];
}

/** An index's tickets after the cursor, newest first, down to `from` (updatedAt is never before createdAt). */
function walkRange(db: DeskTables, { index, key }: WalkedIndex, from: number | undefined, after: Cursor | null) {
  const prefix = key === undefined ? [] : [key];
  const lower = after ? [...prefix, -after.updatedAt, after.id] : [...prefix, Dexie.minKey, Dexie.minKey];
  const upper = [...prefix, from === undefined ? Dexie.maxKey : -from, Dexie.maxKey];
  return db.tickets.where(index).between(lower, upper, !after, true);
}

interface TextMatch {
  test(ticket: TicketRow): boolean;
  /** Every ticket that can match, when that is known without reading tickets. */
  ids?: Set<string>;
}

/**
 * "#42" is ticket 42. Otherwise every word must start a word of the ticket's subject or tags, or
 * of its customer's name, handles or email; a one-letter word must be a whole word.
 */
async function textMatch(db: DeskTables, text: string): Promise<TextMatch | undefined> {
  const number = /^#(\d+)$/.exec(text.trim());
  if (number) {
    const ids = new Set(await db.tickets.where('number').equals(Number(number[1])).primaryKeys());
    return { ids, test: (t) => ids.has(t.id) };
  }
  const words = queryWords(text);
  if (words.length === 0) return undefined;
  const perWord = await Promise.all(
    words.map(async (word) => {
      const match = <T, I>(index: WhereClause<T, string, I>) => (word.length > 1 ? index.startsWith(word) : index.equals(word));
      const [ticketIds, customerIds] = await Promise.all([
        // A word beginning most subjects share ("re") would list tens of thousands of keys: past the
        // fetch-by-id limit, the walk checks each ticket's own words instead.
        match(db.tickets.where('words')).limit(fetchByIdUpTo + 1).primaryKeys(),
        match(db.customers.where('words')).primaryKeys(),
      ]);
      const listed = ticketIds.length <= fetchByIdUpTo ? new Set(ticketIds) : undefined;
      const inSubject = listed ? (t: TicketRow) => listed.has(t.id) : (t: TicketRow) => t.words.some((w) => (word.length > 1 ? w.startsWith(word) : w === word));
      const customers = new Set(customerIds);
      // A rare name is resolved to ticket ids now; a common one is checked on each ticket walked.
      const ids = listed && customers.size <= resolveCustomersUpTo ? new Set([...listed, ...(await keysWhereAnyOf(db.tickets, 'customerId', [...customers]))]) : undefined;
      return { test: (t: TicketRow) => inSubject(t) || customers.has(t.customerId), ids };
    }),
  );
  return { test: (t) => perWord.every((w) => w.test(t)), ids: intersection(perWord.map((w) => w.ids)) };
}

function fits(search: TicketSearch, after: Cursor | null, t: Ticket): boolean {
  return (
    (!search.status?.length || search.status.includes(t.status)) &&
    (search.assigneeId === undefined || t.assigneeId === search.assigneeId) &&
    (!search.platform || t.platform === search.platform) &&
    (!search.tag || t.tags.includes(search.tag)) &&
    (search.from === undefined || t.createdAt >= search.from) &&
    (search.to === undefined || t.createdAt < search.to) &&
    (!after || newestFirstOrder(after, t) < 0)
  );
}

/** The ids in every known set (undefined: nothing narrows). */
function intersection(sets: readonly (Set<string> | undefined)[]): Set<string> | undefined {
  const known = sets.filter((set) => set !== undefined).sort((a, b) => a.size - b.size);
  if (known.length === 0) return undefined;
  return new Set([...known[0]].filter((id) => known.every((set) => set.has(id))));
}

/** The walked indexes' order: newest first, then by id. */
const newestFirstOrder = (a: Cursor, b: Cursor) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function encodeCursor(t: Cursor): string {
  return `${t.updatedAt}:${t.id}`;
}

function decodeCursor(cursor: string | undefined): Cursor | null {
  const match = cursor && /^(\d+):([0-9A-Z]{26})$/.exec(cursor);
  return match ? { updatedAt: Number(match[1]), id: match[2] } : null;
}
