/**
 * Where the native page gets a ticket badge: DM threads in an inbox, comments and replies by their
 * author. Pure functions of (URL, Document) like the adapters, one per site; nothing here writes
 * to the page (lib/content/badges.ts does, in one batch per frame).
 */
import type { BadgeTarget } from '../desk/types';
import { facebookBadgeSpots } from './facebook-badges';
import { instagramBadgeSpots } from './instagram-badges';
import type { Platform } from './types';
import { xBadgeSpots } from './x-badges';

export interface BadgeSpot {
  /** A native element next to which the badge is shown. */
  anchor: Element;
  /** `append`: as the anchor's last child (rows, name lines); `after`: as its next sibling (inline names and links). */
  placement: 'append' | 'after';
  target: BadgeTarget;
}

export type BadgeFinder = (url: URL, document: Document) => BadgeSpot[];

export const badgeFinders: Record<Platform, BadgeFinder> = { x: xBadgeSpots, instagram: instagramBadgeSpots, facebook: facebookBadgeSpots };

/** One key per target: spots showing the same thread or person share one answer. */
export function badgeTargetKey(target: BadgeTarget): string {
  const identity = target.identity ? `${target.identity.platform}:${target.identity.handle.toLowerCase()}` : '';
  return `${target.conversationKey ?? ''}|${identity}`;
}
