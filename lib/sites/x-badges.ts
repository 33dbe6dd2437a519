/** Badge spots on X: chat inbox rows (by thread), and the authors of posts and replies (by handle). */
import type { BadgeSpot } from './badges';
import { queryAll, queryAllDeep } from './dom';
import { xChatId } from './urls';
import { canonicalChatId } from './x-chat';
import { readNameBlock, sameHandle, signedInAccount, xOrigin } from './x-people';

const chatRowSelector = '[data-testid^="dm-conversation-item-"], [data-testid="conversation"]';

export function xBadgeSpots(_url: URL, document: Document): BadgeSpot[] {
  const spots: BadgeSpot[] = [];
  for (const row of queryAllDeep(document, chatRowSelector)) {
    const link = row.querySelector('a[href*="/i/chat/"], a[href*="/messages/"]');
    const id = link && xChatId(new URL(link.getAttribute('href')!, xOrigin));
    if (link && id) spots.push({ anchor: link, placement: 'append', target: { conversationKey: `x:dm:${canonicalChatId(id)}` } });
  }
  const me = signedInAccount(document)?.handle;
  for (const name of queryAll(document, 'article[data-testid="tweet"] [data-testid="User-Name"]')) {
    // A quoted post's name block sits in a link inside the quoting post: it is not a reply of this thread.
    if (name.parentElement?.closest('div[role="link"], article') !== name.closest('article')) continue;
    const { handle } = readNameBlock(name);
    if (handle && !sameHandle(handle, me)) spots.push({ anchor: name, placement: 'append', target: { identity: { platform: 'x', handle } } });
  }
  return spots;
}
