/** Instagram: the URL says which page this is; the DM, post and profile readers read it. */
import { readSafely } from './dom';
import { readDmThread } from './instagram-dm';
import { readPost } from './instagram-post';
import { detected, identity, profileUrl, undetected } from './instagram-shared';
import type { PageContext, SiteAdapter } from './types';
import { instagramProfileHandle, isInstagramDmThread, isInstagramInbox, isInstagramPost, isInstagramProfile } from './urls';

export const instagramAdapter: SiteAdapter = {
  platform: 'instagram',
  memoRows: true,
  read: (url, document, memo) =>
    readSafely('instagram', () => {
      if (isInstagramDmThread(url)) return readDmThread(url, document, memo);
      if (isInstagramInbox(url)) return undetected('No conversation open: pick a thread in the inbox');
      if (isInstagramPost(url)) return readPost(url, document);
      if (isInstagramProfile(url)) return readProfile(url, document);
      return undetected('No conversation on this page: open a DM thread, a post or a profile');
    }),
};

/** The handle comes from the URL; the name from the title, "Jane Doe (@jane.doe) • Instagram photos and videos". */
function readProfile(url: URL, document: Document): PageContext {
  const handle = instagramProfileHandle(url).toLowerCase();
  return detected({
    kind: 'profile',
    channel: 'dm',
    conversationKey: `instagram:profile:${handle}`,
    permalink: profileUrl(handle),
    customer: identity(handle, profileName(document, handle)),
    messages: [],
  });
}

/**
 * After in-app navigation the title, and even more the `og:title` meta, can still name the previous
 * profile: a name counts only when it comes with this handle.
 */
function profileName(document: Document, handle: string): string | undefined {
  const titles = [document.title, document.querySelector('meta[property="og:title"]')?.getAttribute('content') ?? ''];
  for (const title of titles) {
    const match = /^(.*?)\s*\(@([\w.]+)\)/.exec(title);
    if (match && match[2].toLowerCase() === handle && match[1]) return match[1];
  }
  return undefined;
}
