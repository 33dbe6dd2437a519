/** Badges for the native page: which threads and authors have an active ticket, overdue or VIP. */
import type { Customer, TicketStatus } from '../model';
import type { Desk } from './desk';
import { isOverdue, whereAnyOf } from './lookup';
import { identityKeys } from './words';
import type { Badge, BadgeTarget } from './types';

/** Most urgent first; resolved and closed tickets show no badge. */
const urgency: TicketStatus[] = ['open', 'pending', 'snoozed'];

/** One badge per target, in order. A few lookups for the whole batch, however many targets. */
export async function getBadges(desk: Desk, targets: readonly BadgeTarget[]): Promise<Badge[]> {
  const { db } = desk;
  const keys = unique(targets.flatMap((t) => (t.conversationKey ? [t.conversationKey] : [])));
  const idKeys = unique(targets.flatMap((t) => (t.identity ? identityKeys(t.identity) : [])));
  const [index, matched] = await Promise.all([db.tickets.index(), whereAnyOf(db.customers, 'identityKeys', idKeys)]);
  const ticketsOfKey = new Map(keys.map((key) => [key, index.withConversationKey(key)]));
  const customers = new Map<string, Customer>(matched.map((c) => [c.id, c]));
  const missing = unique([...ticketsOfKey.values()].flat().map((t) => t.customerId).filter((id) => !customers.has(id)));
  for (const c of await db.customers.bulkGet(missing)) if (c) customers.set(c.id, c);
  const byCustomer = new Map(matched.map((c) => [c.id, index.ofCustomer(c.id)]));
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
