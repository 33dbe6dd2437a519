/** Badges for the native page: which threads and authors have an active ticket, overdue or VIP. */
import type { TicketStatus } from '../model';
import type { Desk } from './desk';
import { isOverdue } from './lookup';
import { identityKeys } from './words';
import type { Badge, BadgeTarget } from './types';

/** Most urgent first; resolved and closed tickets show no badge. */
const urgency: TicketStatus[] = ['open', 'pending', 'snoozed'];

/** One badge per target, in order, looked up in memory. */
export async function getBadges(desk: Desk, targets: readonly BadgeTarget[]): Promise<Badge[]> {
  const { db } = desk;
  const keys = unique(targets.flatMap((t) => (t.conversationKey ? [t.conversationKey] : [])));
  const [index, customers, target] = await Promise.all([db.tickets.index(), db.customers.index(), desk.responseTargetMs()]);
  const ticketsOfKey = new Map(keys.map((key) => [key, index.withConversationKey(key)]));
  const now = desk.now();
  return targets.map((t) => {
    const owner = t.identity ? identityKeys(t.identity).map((k) => customers.withIdentityKey(k)[0]).find(Boolean) : undefined;
    const tickets = [...(t.conversationKey ? (ticketsOfKey.get(t.conversationKey) ?? []) : []), ...(owner ? index.ofCustomer(owner.id) : [])];
    const people = [owner, ...tickets.map((ticket) => customers.get(ticket.customerId))];
    const status = urgency.find((s) => tickets.some((ticket) => ticket.status === s)) ?? null;
    return { status, overdue: tickets.some((ticket) => isOverdue(ticket, now, target)), vip: people.some((c) => c?.vip) };
  });
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
