/**
 * Facebook, Messenger and the Business Suite inbox. The URL says which conversation is open (the
 * thread id, the post id, the inbox's selected item); the DOM adds who and what was said.
 */
import { readSafely } from './dom';
import { canonicalPostUrl, facebookOrigin, profileFromLink } from './facebook-links';
import { readMessengerThread, type MessengerThread } from './facebook-messenger';
import { readFacebookPost } from './facebook-posts';
import type { Identity, PageContext, SiteAdapter } from './types';
import { businessInboxThreadId, facebookPostId, isBusinessInboxThread, isFacebookPost, isMessengerThread, messengerThreadId } from './urls';

const platform = 'facebook';
const notDetected = (reason: string): PageContext => ({ ok: false, platform, reason });

export const facebookAdapter: SiteAdapter = {
  platform,
  read: (url, document) => readSafely(platform, () => readFacebook(url, document)),
};

function readFacebook(url: URL, document: Document): PageContext {
  if (isMessengerThread(url)) return readMessengerPage(url, document);
  if (isBusinessInboxThread(url)) return readBusinessInbox(url, document);
  const postId = isFacebookPost(url) ? facebookPostId(url) : undefined;
  const post = readFacebookPost(document, url, postId ? { id: postId, permalink: canonicalPostUrl(url) } : undefined);
  if (post) {
    const customer: Identity = { platform, handle: post.author.handle ?? post.author.displayName, ...post.author };
    return { ok: true, platform, kind: 'post', channel: 'comment', conversationKey: `facebook:post:${post.id}`, permalink: post.permalink, customer, messages: post.messages };
  }
  if (postId) return notDetected('This post’s layout was not recognised: its author could not be found');
  if (/^\/(?:messages|latest\/inbox)\b/.test(url.pathname) || url.hostname.endsWith('messenger.com')) return notDetected('No conversation open: pick one in the inbox');
  return notDetected('No conversation open: open a Messenger thread or a post');
}

function readMessengerPage(url: URL, document: Document): PageContext {
  const threadId = messengerThreadId(url)!;
  const encrypted = /\/e2ee\//.test(url.pathname);
  const thread = readMessengerThread(document);
  if (!thread) return notDetected('This Messenger conversation has not loaded, or its layout was not recognised');
  // A 1:1 thread that is not end-to-end encrypted is addressed by the peer's own user id.
  const peerId = !encrypted && !thread.isGroup && /^\d+$/.test(threadId) ? threadId : undefined;
  const customer = thread.isGroup ? groupIdentity(thread.title ?? threadId) : peerIdentity(url, thread, peerId, threadId);
  return {
    ok: true,
    platform,
    kind: 'dm',
    channel: 'dm',
    conversationKey: `facebook:dm:${threadId}`,
    // One permalink per thread whichever host shows it: messenger.com now redirects to facebook.com.
    permalink: `${facebookOrigin}/messages/${encrypted ? 'e2ee/' : ''}t/${threadId}`,
    customer,
    messages: thread.isGroup ? thread.messages : thread.messages.map((m) => (m.role === 'customer' ? { ...m, author: { ...peerAsAuthor(customer), displayName: m.author.displayName } } : m)),
  };
}

/** In a 1:1 thread every message not sent by the agent is the peer's: it carries who they are. */
const peerAsAuthor = ({ handle, profileUrl, userId }: Identity) => ({ handle, ...(profileUrl ? { profileUrl } : {}), ...(userId ? { userId } : {}) });

const groupIdentity = (title: string): Identity => ({ platform, handle: title, displayName: title });

/** The peer: named by the log's label, linked from the thread's header where it links their profile. */
function peerIdentity(url: URL, thread: MessengerThread, peerId: string | undefined, threadId: string): Identity {
  const name = thread.title ?? thread.messages.find((m) => m.role === 'customer')?.author.displayName;
  const profile = name ? headerProfile(url, thread.log, name) : undefined;
  const identity: Identity = { platform, handle: profile?.handle ?? peerId ?? name ?? threadId };
  if (name) identity.displayName = name;
  if (profile) identity.profileUrl = profile.profileUrl;
  else if (peerId) identity.profileUrl = `${facebookOrigin}/profile.php?id=${peerId}`;
  if (profile?.userId ?? peerId) identity.userId = profile?.userId ?? peerId;
  return identity;
}

/** The header's link to the contact's profile: the link in the conversation whose text is their name. */
function headerProfile(url: URL, log: Element, name: string) {
  const conversation = log.closest('[role="main"]') ?? log.ownerDocument;
  for (const link of conversation.querySelectorAll('a[href]')) {
    if (link.textContent?.trim() !== name) continue;
    const profile = profileFromLink(link.getAttribute('href'), url);
    if (profile) return profile;
  }
  return undefined;
}

/**
 * Business Suite has no stable markup known: the thread comes from the URL. When the thread is
 * drawn with Messenger's own components, their names and messages are a bonus.
 */
function readBusinessInbox(url: URL, document: Document): PageContext {
  const itemId = businessInboxThreadId(url)!;
  const permalink = new URL('/latest/inbox/all', 'https://business.facebook.com');
  for (const name of ['asset_id', 'selected_item_id', 'thread_type']) {
    const value = url.searchParams.get(name);
    if (value) permalink.searchParams.set(name, value);
  }
  const thread = readMessengerThread(document);
  const name = thread && !thread.isGroup ? thread.title : undefined;
  return {
    ok: true,
    platform,
    kind: 'dm',
    channel: 'dm',
    conversationKey: `facebook:dm:${itemId}`,
    permalink: permalink.href,
    customer: { platform, handle: itemId, ...(name ? { displayName: name } : {}) },
    messages: thread?.messages ?? [],
  };
}
