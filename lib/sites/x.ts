/** X (x.com, twitter.com): chat threads, status pages with their replies, profiles. URL first, DOM second. */
import { readSafely } from './dom';
import type { SiteAdapter } from './types';
import { isXChatInbox, isXChatLocked, isXChatThread, isXLegacyDm, isXPost, isXProfile } from './urls';
import { chatLocked, readXChat } from './x-chat';
import { readXPost, readXProfile } from './x-post';

export const xAdapter: SiteAdapter = {
  platform: 'x',
  shadowRoots: true,
  memoRows: true,
  read: (url, document, memo) =>
    readSafely('x', () => {
      if (isXChatThread(url) || isXLegacyDm(url)) return readXChat(url, document, memo);
      if (isXChatLocked(url)) return chatLocked;
      if (isXChatInbox(url)) return { ok: false, platform: 'x', reason: "No conversation open: pick a chat in X's inbox" };
      if (isXPost(url)) return readXPost(url, document);
      if (isXProfile(url)) return readXProfile(url, document);
      return { ok: false, platform: 'x', reason: 'No conversation open: open a chat, a post or a profile on X' };
    }),
};
