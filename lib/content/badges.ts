/**
 * Ticket badges in the native page. The site's badge finder says where (a pure read); this keeps
 * them current: one read of the page and one `getBadges` call once the page is still
 * (lib/content/when-still.ts), answers cached per thread or person until the background announces a change.
 */
import type { DeskApi } from '../../components/desk-api';
import type { Badge } from '../desk/types';
import { badgeTargetKey, type BadgeFinder, type BadgeSpot } from '../sites/badges';
import { badgeLabels, createBadge, onlyBadges, updateBadge } from './badge-element';
import { observePage } from './observe-page';
import { whenStill } from './when-still';

interface Options {
  signal: AbortSignal;
  /** How long the page stays still before a change is read. */
  quietMs?: number;
  /** The longest a change waits to be read while the page keeps changing, at first (lib/content/when-still.ts). */
  maxWaitMs?: number;
  /** Whether to observe the page's open shadow roots too (SiteAdapter.shadowRoots). */
  shadowRoots?: boolean;
}

const noBadge: Badge = { status: null, overdue: false, vip: false };

export function watchBadges(find: BadgeFinder, desk: DeskApi, { signal, quietMs = 200, maxWaitMs = 1_000, shadowRoots = false }: Options) {
  const answers = new Map<string, Badge>();
  const asked = new Set<string>();
  /** Bumped by every announced change: answers to older questions are not kept. */
  let generation = 0;
  const shown = new WeakMap<Element, HTMLElement>();
  /** The spots of the last read, while the page has not changed since (answers are painted on them). */
  let current: { href: string; spots: BadgeSpot[] } | undefined;

  const run = () => {
    const spots = find(new URL(location.href), document);
    current = { href: location.href, spots };
    ask(spots);
    paint(spots);
    observeShadowRoots();
  };

  const reads = whenStill(run, { quietMs, maxWaitMs });
  const schedule = () => !signal.aborted && reads.changed();

  /** One request for every target on screen that has no answer yet. */
  const ask = (spots: BadgeSpot[]) => {
    const targets = new Map<string, BadgeSpot['target']>();
    for (const { target } of spots) {
      const key = badgeTargetKey(target);
      if (!answers.has(key) && !asked.has(key)) targets.set(key, target);
    }
    if (targets.size === 0) return;
    const keys = [...targets.keys()];
    keys.forEach((key) => asked.add(key));
    const askedIn = generation;
    desk
      .call('getBadges', { targets: [...targets.values()] })
      .catch(() => keys.map(() => noBadge)) // no badges beats a page that keeps asking; the next change asks again
      .then((badges) => {
        if (askedIn !== generation) return;
        keys.forEach((key, i) => {
          answers.set(key, badges[i] ?? noBadge);
          asked.delete(key);
        });
        // A page unchanged since it was read needs no second read to show the answers.
        if (current?.href === location.href) paint(current.spots);
        else schedule();
      });
  };

  const paint = (spots: BadgeSpot[]) => {
    for (const spot of spots) {
      const answer = answers.get(badgeTargetKey(spot.target));
      if (!answer) continue;
      const existing = shown.get(spot.anchor);
      if (badgeLabels(answer).length === 0) {
        existing?.remove();
        shown.delete(spot.anchor);
        continue;
      }
      const element = existing ?? createBadge(document);
      updateBadge(element, answer);
      if (!inPlace(element, spot)) {
        if (spot.placement === 'append') spot.anchor.append(element);
        else spot.anchor.after(element);
      }
      shown.set(spot.anchor, element);
    }
  };

  // Our own insertions are changes too: ignore them, or every paint would schedule another run.
  const observer = new MutationObserver((records) => {
    if (onlyBadges(records)) return;
    current = undefined;
    schedule();
  });
  const { observeShadowRoots } = observePage(observer, { childList: true, subtree: true }, shadowRoots);

  const unsubscribe = desk.subscribe((change) => {
    if (!change.tables.some((t) => t === 'tickets' || t === 'customers')) return;
    generation++;
    answers.clear();
    asked.clear();
    current = undefined;
    // After the sidebar's own re-read (quietMs later): the open conversation matters more than the badges around it.
    schedule();
  });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    unsubscribe();
    reads.cancel();
  });
  schedule();
}

const inPlace = (element: Element, spot: BadgeSpot) =>
  spot.placement === 'append' ? element.parentElement === spot.anchor && element.nextSibling === null : element.previousElementSibling === spot.anchor;
