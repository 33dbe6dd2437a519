/**
 * Where the native page gets a ticket badge: DM threads in an inbox, comments and replies by their
 * author. Pure functions of (URL, Document) like the adapters, one per site; nothing here writes
 * to the page (lib/content/badges.ts does, in one batch per frame).
 */
import type { BadgeTarget } from '../desk/types';

export interface BadgeSpot {
  /** A native element next to which the badge is shown. */
  anchor: Element;
  /** `append`: as the anchor's last child (rows, name lines); `after`: as its next sibling (inline names and links). */
  placement: 'append' | 'after';
  target: BadgeTarget;
}

/** Each site's content script passes its own finder (x-badges.ts, …), so no bundle carries the other sites'. */
export type BadgeFinder = (url: URL, document: Document) => BadgeSpot[];

/** One key per target: spots showing the same thread or person share one answer. */
export function badgeTargetKey(target: BadgeTarget): string {
  const identity = target.identity ? `${target.identity.platform}:${target.identity.handle.toLowerCase()}` : '';
  return `${target.conversationKey ?? ''}|${identity}`;
}
