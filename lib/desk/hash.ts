/**
 * The content hash that makes logging idempotent: the same message logged twice gets the same
 * hash, so `[ticketId+contentHash]` (unique) finds it. By the site's own id when the page has one;
 * else by role, author, text and time. Clients compute it alike, so the server can dedupe too.
 */
import type { PageMessage, Platform } from '../sites/types';

/** One hash per message, in order. */
export function contentHashes(platform: Platform, messages: readonly PageMessage[]): Promise<string[]> {
  const occurrences = new Map<string, number>();
  return Promise.all(
    messages.map((message) => {
      if (message.siteId) return sha256(['site', platform, message.siteId].join('\u0000'));
      const key = ['text', message.role, message.author.handle || message.author.displayName, message.text, stableTime(message)].join('\u0000');
      // Two identical lines in one thread ("ok", "ok") are two messages, told apart by their order.
      const nth = occurrences.get(key) ?? 0;
      occurrences.set(key, nth + 1);
      return sha256(`${key}\u0000${nth}`);
    }),
  );
}

/**
 * The message's time as far as it stays the same on the next visit: the full time when the page
 * gives one, a clock label ("9:11 PM"), but not a relative one ("2h" becomes "3h" an hour later).
 */
function stableTime(message: PageMessage): string {
  if (message.sentAt !== undefined) return String(message.sentAt);
  return message.timeLabel && /\d:\d\d/.test(message.timeLabel) ? message.timeLabel : '';
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
