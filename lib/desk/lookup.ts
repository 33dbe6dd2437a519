/** Read helpers shared by the operations. Safe inside and outside a write transaction. */
import Dexie, { type IndexableType, type Table } from 'dexie';
import type { Customer, Message, Note, Ticket, TicketStatus } from '../model';
import type { DeskTables } from './desk';
import type { IdentityRef, TicketSummary } from './types';
import { identityKeys, normalizeHandle } from './words';

/**
 * Rows whose `index` equals any of `keys`, by one exact-match read per key. Dexie's `anyOf` walks
 * a cursor across the index instead, which costs a step per skipped entry on a big table.
 */
export async function whereAnyOf<T>(table: Table<T, string, unknown>, index: string, keys: readonly IndexableType[]): Promise<T[]> {
  return (await Promise.all(unique(keys).map((key) => table.where(index).equals(key).toArray()))).flat();
}

/** The primary keys of the rows whose `index` equals any of `keys` (see `whereAnyOf`). */
export async function keysWhereAnyOf<K>(table: Table<unknown, K, unknown>, index: string, keys: readonly IndexableType[]): Promise<K[]> {
  return (await Promise.all(unique(keys).map((key) => table.where(index).equals(key).primaryKeys()))).flat();
}

/** Distinct values; array keys (compound indexes) by their parts. */
function unique<T>(items: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) seen.set(JSON.stringify(item), item);
  return [...seen.values()];
}

/** The customer with this identity: by network user id first, else by handle (case-insensitive). */
export async function customerByIdentity(db: DeskTables, identity: IdentityRef): Promise<Customer | undefined> {
  const index = await db.customers.index();
  const [byHandle, byUserId] = identityKeys(identity).map((key) => index.withIdentityKey(key)[0]);
  return byUserId ?? byHandle;
}

export function sameIdentity(a: IdentityRef, b: IdentityRef): boolean {
  return a.platform === b.platform && normalizeHandle(a.handle) === normalizeHandle(b.handle);
}

const activeStatuses: readonly TicketStatus[] = ['open', 'pending'];
export const isActive = (ticket: Ticket) => activeStatuses.includes(ticket.status);

/** The thread's ticket: of several (two agents logged it offline), the active, most recently updated one. */
export async function ticketForConversation(db: DeskTables, conversationKey: string): Promise<Ticket | undefined> {
  const tickets = (await db.tickets.index()).withConversationKey(conversationKey);
  return tickets.sort((a, b) => Number(isActive(b)) - Number(isActive(a)) || b.updatedAt - a.updatedAt)[0];
}

export async function notesOfTicket(db: DeskTables, ticketId: string): Promise<Note[]> {
  return (await db.notes.where('ticketId').equals(ticketId).toArray()).sort(byCreatedAt);
}

export const byCreatedAt = (a: { createdAt: number }, b: { createdAt: number }) => a.createdAt - b.createdAt;

/**
 * Overdue: active with its follow-up time past, or open and still unanswered `responseTargetMs`
 * after it was logged (the seed articles' one-hour expectation by default).
 */
export function isOverdue(ticket: Ticket, now: number, responseTargetMs: number): boolean {
  if (!isActive(ticket)) return false;
  if (ticket.followUpAt !== null && ticket.followUpAt <= now) return true;
  return ticket.status === 'open' && ticket.firstResponseAt === null && now - ticket.createdAt > responseTargetMs;
}

export function summarize(ticket: Ticket, now: number, responseTargetMs: number): TicketSummary {
  const { syncSeq: _seq, ...row } = ticket as Ticket & { syncSeq?: unknown };
  return { ...row, overdue: isOverdue(ticket, now, responseTargetMs) };
}
