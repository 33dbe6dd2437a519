/** Badges for the native page: which threads and authors have an active ticket, overdue or VIP. */
import type { Customer, Ticket, TicketStatus } from '../model';
import type { Desk } from './desk';
import { isOverdue, whereAnyOf } from './lookup';
import { identityKeys } from './words';
import type { Badge, BadgeTarget } from './types';

/** Most urgent first; resolved and closed tickets show no badge. */
const urgency: TicketStatus[] = ['open', 'pending', 'snoozed'];

/** One badge per target, in order. A few indexed lookups for the whole batch, however many targets. */
export async function getBadges(desk: Desk, targets: readonly BadgeTarget[]): Promise<Badge[]> {
  const { db } = desk;
  const keys = unique(targets.flatMap((t) => (t.conversationKey ? [t.conversationKey] : [])));
  const idKeys = unique(targets.flatMap((t) => (t.identity ? identityKeys(t.identity) : [])));
  const [byKey, matched] = await Promise.all([
    whereAnyOf(db.tickets, 'conversationKey', keys),
    whereAnyOf(db.customers, 'identityKeys', idKeys),
  ]);
  const customers = new Map<string, Customer>(matched.map((c) => [c.id, c]));
  const missing = unique(byKey.map((t) => t.customerId).filter((id) => !customers.has(id)));
  for (const c of await db.customers.bulkGet(missing)) if (c) customers.set(c.id, c);
  const byCustomer = group(await whereAnyOf(db.tickets, 'customerId', matched.map((c) => c.id)), (t) => t.customerId);
  const ticketsOfKey = group(byKey, (t) => t.conversationKey);
  const customerOfKey = new Map<string, Customer>();
  for (const c of matched) for (const k of c.identityKeys) customerOfKey.set(k, c);

  const [now, target] = [desk.now(), await desk.responseTargetMs()];
  return targets.map((t) => {
    const owner = t.identity ? identityKeys(t.identity).map((k) => customerOfKey.get(k)).find(Boolean) : undefined;
    const tickets = [...(t.conversationKey ? (ticketsOfKey.get(t.conversationKey) ?? []) : []), ...(owner ? (byCustomer.get(owner.id) ?? []) : [])];
    const people = [owner, ...tickets.map((ticket) => customers.get(ticket.customerId))];
    const status = urgency.find((s) => tickets.some((ticket) => ticket.status === s)) ?? null;
    return { status, overdue: tickets.some((ticket) => isOverdue(ticket, now, target)), vip: people.some((c) => c?.vip) };
  });
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function group(tickets: readonly Ticket[], by: (t: Ticket) => string): Map<string, Ticket[]> {
  const groups = new Map<string, Ticket[]>();
  for (const t of tickets) groups.set(by(t), [...(groups.get(by(t)) ?? []), t]);
  return groups;
}
