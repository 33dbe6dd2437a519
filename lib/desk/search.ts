/**
 * The ticket list's search: filters, free text, "#42", most recently updated first, keyset-paged
 * on (updatedAt, id) so page 50 costs what page 1 does. All of it is one read transaction, and
 * every read is a handful of rows fetched by id or a walk along one `[filter+recency+id]` index
 * (recency = -updatedAt, so the newest come first in key order and are read a chunk per request
 * rather than a cursor step per row), stopping once the page is full: never a scan of the desk.
 *
 * What a ticket read costs decides the plan: a primary key costs about a tenth of a row. When the
 * tickets that can match are known as a set of ids (a tag, a rare word, a name whose few
 * customers' tickets were listed), a small set is fetched by id and a larger one is met on a walk
 * over keys, which reads only the rows in the set. Otherwise the walk reads rows and checks each.
 */
import Dexie, { type Table, type WhereClause } from 'dexie';
import type { Ticket } from '../model';
import type { CustomerRow, TicketRow } from '../db';
import type { Desk } from './desk';
import { keysWhereAnyOf, summarize } from './lookup';
import { queryWords } from './words';
import type { TicketPage, TicketSearch } from './types';

interface Cursor {
  updatedAt: number;
  id: string;
}

/** The tables a search reads, bound to its transaction. */
interface Tables {
  tickets: Table<TicketRow, string>;
  customers: Table<CustomerRow, string>;
}

/** Up to this many candidates are fetched by id; more are met on a walk over keys. */
const fetchByIdUpTo = 1_000;
/** A tag's or word's tickets are listed up to this many keys when the list can narrow the search. */
const listUpTo = 10_000;
/** A word's customers are listed up to this many; past that, each customer is checked when one of their tickets could make the page. */
const listCustomersUpTo = 2_000;
/** A word matching up to this many customers is resolved to their tickets' ids (one request per customer). */
const resolveCustomersUpTo = 500;
/** A walk reads at most this many tickets; a rarer match continues on the next page. */
const defaultWalkBudget = 2_000;
/** A walk over keys may read this many keys per ticket of its budget (a ticket read by id costs ten or more). */
const keysPerRow = 5;
const walkChunk = 250;
/** A walk over keys reads 500 first, then twice as many each time up to 4,000. */
const keyChunks = [500, 1_000, 2_000, 4_000];

export async function searchTickets(desk: Desk, search: TicketSearch, { walkBudget = defaultWalkBudget } = {}): Promise<TicketPage> {
  const { db } = desk;
  const limit = Math.min(Math.max(search.limit ?? 50, 1), 200);
  const target = desk.responseTargetMs();
  const { page, next, names } = await db.transaction('r', db.tickets, db.customers, (tx) =>
    findPage({ tickets: tx.table('tickets'), customers: tx.table('customers') }, search, limit, walkBudget),
  );
  const now = desk.now();
  const responseTarget = await target;
  return {
    tickets: page.map((t) => ({ ...summarize(t, now, responseTarget), customerName: names.get(t.customerId) ?? '' })),
    next: next ? encodeCursor(next) : null,
  };
}

async function findPage(db: Tables, search: TicketSearch, limit: number, walkBudget: number) {
  const after = decodeCursor(search.after);
  const customers = new Map<string, CustomerRow | undefined>();
  const readCustomers = async (ids: Iterable<string>) => {
    const missing = [...new Set(ids)].filter((id) => !customers.has(id));
    if (missing.length) (await db.customers.bulkGet(missing)).forEach((c, i) => customers.set(missing[i], c));
  };
  const [text, tagged] = await Promise.all([
    textMatch(db, search.text ?? ''),
    search.tag ? db.tickets.where('tags').equals(search.tag).limit(listUpTo + 1).primaryKeys() : undefined,
  ]);
  const candidates = intersection([text?.ids, tagged && tagged.length <= listUpTo ? new Set(tagged) : undefined]);

  /** The rows that match: filters first, then the text, reading the customers it depends on. */
  const keep = async (rows: TicketRow[]) => {
    const fitting = rows.filter((t) => fits(search, after, t));
    if (!text) return fitting;
    const verdicts = fitting.map((t) => text.test(t));
    const open = fitting.filter((_, i) => verdicts[i] === undefined);
    if (open.length) await readCustomers(open.map((t) => t.customerId));
    return fitting.filter((t, i) => verdicts[i] ?? text.test(t, customers.get(t.customerId) ?? null));
  };

  let found: TicketRow[];
  let stop: Cursor | null = null;
  if (candidates && candidates.size <= fetchByIdUpTo) {
    found = await keep((await db.tickets.bulkGet([...candidates])).filter((t): t is TicketRow => t !== undefined));
  } else {
    const walk = { db, from: search.from, after, keep, wanted: limit + 1, budget: walkBudget, candidates };
    const walks = await Promise.all(walkedIndexes(search).map((index) => walkUpTo(index, walk)));
    found = walks.flatMap((w) => w.found);
    stop = walks.reduce<Cursor | null>((newest, w) => (w.stoppedAt && (!newest || newestFirstOrder(w.stoppedAt, newest) < 0) ? w.stoppedAt : newest), null);
  }
  found.sort(newestFirstOrder);
  // Past a walk that stopped on its budget, other walks' finds may have gaps: they come again next page.
  if (stop) found = found.filter((t) => newestFirstOrder(t, stop) <= 0);
  const page = found.slice(0, limit);
  const next = found.length > limit ? page[page.length - 1] : stop;
  await readCustomers(page.map((t) => t.customerId));
  const names = new Map(page.map((t) => [t.customerId, customers.get(t.customerId)?.name ?? '']));
  return { page, next, names };
}

interface Walk {
  db: Tables;
  from: number | undefined;
  after: Cursor | null;
  keep: (rows: TicketRow[]) => Promise<TicketRow[]>;
  wanted: number;
  budget: number;
  /** Every ticket that can match, when known: the walk then reads keys, and rows only of these. */
  candidates?: Set<string>;
}

/** Walks until `wanted` matches or the budget is spent; says where it stopped when the budget ran out. */
async function walkUpTo(index: WalkedIndex, { db, from, after, keep, wanted, budget, candidates }: Walk) {
  const found: TicketRow[] = [];
  let position = after;
  const done = { found, stoppedAt: null };
  if (!candidates) {
    for (let read = 0; read < budget; ) {
      const size = Math.min(walkChunk, budget - read);
      const chunk = await walkRange(db, index, from, position).limit(size).toArray();
      read += chunk.length;
      found.push(...(await keep(chunk)));
      if (found.length >= wanted || chunk.length < size) return done;
      position = chunk[chunk.length - 1];
    }
    return { found, stoppedAt: position };
  }
  const keyBudget = budget * keysPerRow;
  for (let keysRead = 0, rowsRead = 0, chunks = 0; keysRead < keyBudget && rowsRead < budget; chunks++) {
    const size = Math.min(keyChunks[Math.min(chunks, keyChunks.length - 1)], keyBudget - keysRead);
    const keys = await walkRange(db, index, from, position).limit(size).primaryKeys();
    keysRead += keys.length;
    if (keys.length === 0) return done;
    const last = keys[keys.length - 1];
    const wantedKeys = keys.filter((id) => candidates.has(id));
    // The last key's row says where the next chunk starts.
    const rows = await db.tickets.bulkGet(candidates.has(last) ? wantedKeys : [...wantedKeys, last]);
    const lastRow = candidates.has(last) ? rows[rows.length - 1] : rows.pop();
    const chunk = rows.filter((t): t is TicketRow => t !== undefined);
    rowsRead += chunk.length;
    found.push(...(await keep(chunk)));
    if (found.length >= wanted || keys.length < size || !lastRow) return done;
    position = lastRow;
  }
  return { found, stoppedAt: position };
}

interface WalkedIndex {
  index: string;
  /** The filter value the index starts with; none for the plain `[recency+id]`. */
  key?: string;
}

/** The walks that can hold the page: by assignee, else by status (one per status), else all tickets. */
function walkedIndexes(search: TicketSearch): WalkedIndex[] {
  if (search.assigneeId !== undefined) return [{ index: '[assignee+recency+id]', key: search.assigneeId ?? '' }];
  if (search.status?.length) return [...new Set(search.status)].map((key) => ({ index: '[status+recency+id]', key }));
  return [{ index: '[recency+id]' }];
}

/** An index's tickets after the cursor, newest first, down to `from` (updatedAt is never before createdAt). */
function walkRange(db: Tables, { index, key }: WalkedIndex, from: number | undefined, after: Cursor | null) {
  const prefix = key === undefined ? [] : [key];
  const lower = after ? [...prefix, -after.updatedAt, after.id] : [...prefix, Dexie.minKey, Dexie.minKey];
  const upper = [...prefix, from === undefined ? Dexie.maxKey : -from, Dexie.maxKey];
  return db.tickets.where(index).between(lower, upper, !after, true);
}

interface TextMatch {
  /**
   * Whether the ticket matches; undefined when that depends on its customer's words and
   * `customer` was not given (null: the customer no longer exists).
   */
  test(ticket: TicketRow, customer?: CustomerRow | null): boolean | undefined;
  /** Every ticket that can match, when that is known without reading tickets. */
  ids?: Set<string>;
}

/**
 * "#42" is ticket 42. Otherwise every word must start a word of the ticket's subject or tags, or
 * of its customer's name, handles or email; a one-letter word must be a whole word.
 */
async function textMatch(db: Tables, text: string): Promise<TextMatch | undefined> {
  const number = /^#(\d+)$/.exec(text.trim());
  if (number) {
    const ids = new Set(await db.tickets.where('number').equals(Number(number[1])).primaryKeys());
    return { ids, test: (t) => ids.has(t.id) };
  }
  const words = queryWords(text);
  if (words.length === 0) return undefined;
  const perWord = await Promise.all(words.map((word) => wordMatch(db, word)));
  return {
    test(t, customer) {
      let verdict: boolean | undefined = true;
      for (const word of perWord) {
        const one = word.test(t, customer);
        if (one === false) return false;
        if (one === undefined) verdict = undefined;
      }
      return verdict;
    },
    ids: intersection(perWord.map((w) => w.ids)),
  };
}

async function wordMatch(db: Tables, word: string): Promise<TextMatch> {
  const starts = (w: string) => (word.length > 1 ? w.startsWith(word) : w === word);
  const match = <T, I>(index: WhereClause<T, string, I>) => (word.length > 1 ? index.startsWith(word) : index.equals(word));
  // A word beginning most subjects ("re") would list tens of thousands of keys: past the limit, each
  // ticket's own words are checked instead; likewise a word beginning most customers' handles.
  const [ticketIds, customerIds] = await Promise.all([
    match(db.tickets.where('words')).limit(fetchByIdUpTo + 1).primaryKeys(),
    match(db.customers.where('words')).limit(listCustomersUpTo + 1).primaryKeys(),
  ]);
  const customers = customerIds.length <= listCustomersUpTo ? new Set(customerIds) : undefined;
  const resolvable = customers !== undefined && customers.size <= resolveCustomersUpTo;
  // Fewer than a few thousand tickets, with few enough customers to list theirs, is a set of ids a walk can skip by.
  const allIds = resolvable && ticketIds.length > fetchByIdUpTo ? await match(db.tickets.where('words')).limit(listUpTo + 1).primaryKeys() : ticketIds;
  const listed = allIds.length <= (resolvable ? listUpTo : fetchByIdUpTo) ? new Set(allIds) : undefined;
  const ids = listed && resolvable ? new Set([...listed, ...(await keysWhereAnyOf(db.tickets, 'customerId', [...customers]))]) : undefined;
  const inTicket = listed ? (t: TicketRow) => listed.has(t.id) : (t: TicketRow) => t.words.some(starts);
  return {
    test(t, customer) {
      if (inTicket(t)) return true;
      if (customers) return customers.has(t.customerId);
      return customer === undefined ? undefined : customer !== null && customer.words.some(starts);
    },
    ids,
  };
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
  if (known.length === 1) return known[0];
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
