/** Badge spots on Facebook: Messenger chat list rows (by thread) and comment or reply authors (by profile). */
import type { BadgeSpot } from './badges';
import { queryAll, queryAllOwn } from './dom';
import { profileFromLink } from './facebook-links';
import { messengerThreadId } from './urls';

const threadLinkSelector = 'a[href*="/messages/t/"], a[href*="/messages/e2ee/t/"], a[href^="/t/"], a[href^="/e2ee/t/"], a[href*="messenger.com/t/"]';
const labelledComment = /^(?:Comment|Reply) by /;

export function facebookBadgeSpots(url: URL, document: Document): BadgeSpot[] {
  const spots: BadgeSpot[] = [];
  for (const link of queryAll(document, threadLinkSelector)) {
    // The open conversation may link to itself; only the chat list gets badges.
    if (link.closest('[role="main"]')) continue;
    const id = messengerThreadId(new URL(link.getAttribute('href')!, url));
    if (id) spots.push({ anchor: link, placement: 'append', target: { conversationKey: `facebook:dm:${id}` } });
  }
  for (const article of queryAll(document, 'div[role="article"]')) {
    const links = queryAllOwn<HTMLAnchorElement>(article, 'a[href]', '[role="article"]');
    const isComment = labelledComment.test(article.getAttribute('aria-label') ?? '') || links.some((a) => a.href.includes('comment_id='));
    if (!isComment) continue;
    for (const link of links) {
      const profile = link.textContent?.trim() ? profileFromLink(link.getAttribute('href'), url) : undefined;
      if (!profile) continue;
      spots.push({ anchor: link, placement: 'after', target: { identity: { platform: 'facebook', handle: profile.handle, ...(profile.userId ? { userId: profile.userId } : {}) } } });
      break;
    }
  }
  return spots;
}
