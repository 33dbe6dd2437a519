/** Which of the page's messages a ticket already holds, so only new ones are offered for logging. */
import type { TicketSummary } from '../lib/desk/types';
import type { Message } from '../lib/model';
import type { PageMessage } from '../lib/sites/types';

/**
 * Indexes of page messages whose content hash (lib/desk/hash.ts, the one the background dedupes
 * by) is already stored on the ticket.
 */
export function loggedIndexes(pageHashes: readonly string[], stored: readonly Message[]): Set<number> {
  const storedHashes = new Set(stored.map((m) => m.contentHash));
  return new Set(pageHashes.flatMap((hash, index) => (storedHashes.has(hash) ? [index] : [])));
}

/** A key per page message that survives older messages loading above it; a repeated "ok" gets its own. */
export function pageMessageKeys(messages: readonly PageMessage[]): string[] {
  const seen = new Map<string, number>();
  return messages.map((m) => {
    const key = m.siteId ?? `${m.role}|${m.timeLabel ?? m.sentAt ?? ''}|${m.text.slice(0, 200)}`;
    const nth = seen.get(key) ?? 0;
    seen.set(key, nth + 1);
    return nth === 0 ? key : `${key}#${nth}`;
  });
}

/** The ticket a single comment was logged as (its conversation key ends with the comment's id), or found by its permalink. */
export function commentTicket(comment: PageMessage, tickets: readonly TicketSummary[]): TicketSummary | undefined {
  return tickets.find((t) => (comment.siteId && t.conversationKey.endsWith(`/comment:${comment.siteId}`)) || (comment.permalink && t.permalink === comment.permalink));
}
