/** Badge spots on Instagram: DM inbox rows and comment authors, both by handle (the inbox shows no thread ids). */
import type { BadgeSpot } from './badges';
import { queryAll } from './dom';
import { firstProfileLink, handleFromProfileLabel, signedInHandle } from './instagram-shared';
import { instagramThreadId } from './urls';

const inboxSelector = '[role="navigation"][aria-label="Thread list"], [role="list"][aria-label="Chats"]';
const commentTimeSelector = 'a[href*="/c/"] time[datetime]';

export function instagramBadgeSpots(url: URL, document: Document): BadgeSpot[] {
  const spots: BadgeSpot[] = [];
  // The inbox is one column, before the thread in the page: found without walking the thread's rows.
  const inbox = document.querySelector(inboxSelector);
  for (const row of inbox ? queryAll(inbox, '[role="listitem"]') : []) {
    const link = row.querySelector('a[aria-label^="Open the profile page of"]');
    const handle = link && handleFromProfileLabel(link);
    if (!handle) continue;
    const name = row.querySelector('span[dir="auto"][title]');
    spots.push({ anchor: name ?? row, placement: name ? 'after' : 'append', target: { identity: { platform: 'instagram', handle } } });
  }
  // A DM thread has no comments, and walking its thousand message rows for them is most of a re-read.
  if (instagramThreadId(url)) return spots;
  const me = signedInHandle(document);
  for (const time of queryAll(document, commentTimeSelector)) {
    const author = commentAuthor(time);
    if (author && author.handle !== me) spots.push({ anchor: author.link, placement: 'after', target: { identity: { platform: 'instagram', handle: author.handle } } });
  }
  return spots;
}

/** The first profile link in the few levels above a comment's time, stopping before a level that holds another comment. */
function commentAuthor(time: Element) {
  let el = time.parentElement;
  for (let depth = 0; el && depth < 8; depth++, el = el.parentElement) {
    if (el.querySelector(commentTimeSelector) !== time) return undefined;
    const author = firstProfileLink(el);
    if (author) return author;
  }
  return undefined;
}
