/** X status pages (the focused post and its replies) and profiles. */
import { parseDateTime, textWithEmoji } from './dom';
import type { Identity, PageContext, PageMessage } from './types';
import { xProfileHandle, xStatusId } from './urls';
import { readNameBlock, sameHandle, signedInAccount, xOrigin, xProfileUrl, type XPerson } from './x-people';

const statusUrl = (handle: string, id: string) => `${xOrigin}/${handle}/status/${id}`;
const statusHref = /^(?:https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com)?\/(\w{1,20})\/status\/(\d+)/;

interface PostParts {
  name?: Element;
  text?: Element;
  time?: Element;
}

/**
 * The parts of every post on the page, read with one query per part rather than per post. A part
 * belongs to the post whose article holds it, unless it sits in a quoted post (a `div[role=link]`
 * inside the article): a quote is context of the quoting post, never a post or a text of its own.
 */
function partsByArticle(document: Document): Map<Element, PostParts> {
  const parts = new Map<Element, PostParts>();
  const collect = (selector: string, key: keyof PostParts) => {
    for (const el of document.querySelectorAll(selector)) {
      const article = el.closest('article');
      if (!article || el.parentElement?.closest('div[role="link"], article') !== article) continue;
      const entry = parts.get(article) ?? parts.set(article, {}).get(article)!;
      entry[key] ??= el;
    }
  };
  collect('[data-testid="User-Name"]', 'name');
  collect('[data-testid="tweetText"]', 'text');
  collect('a[href*="/status/"] > time[datetime]', 'time');
  return parts;
}

function readPost(parts: PostParts | undefined, me: XPerson | undefined): PageMessage | undefined {
  const link = statusHref.exec(parts?.time?.parentElement?.getAttribute('href') ?? '');
  if (!link) return undefined; // promoted posts carry no status link: not part of the conversation
  const [, linkHandle, id] = link;
  const name = readNameBlock(parts?.name);
  const handle = name.handle ?? linkHandle;
  return {
    role: sameHandle(handle, me?.handle) ? 'agent' : 'customer',
    author: { handle, displayName: name.displayName ?? handle, profileUrl: xProfileUrl(handle) },
    text: textWithEmoji(parts?.text),
    sentAt: parseDateTime(parts?.time?.getAttribute('datetime')),
    siteId: id,
    permalink: statusUrl(handle, id),
  };
}

// Node.DOCUMENT_POSITION_* (the global Node is not there when reading a detached window's document).
const following = 4;
const preceding = 2;

/** Posts below the replies ("Discover more") start after the first cell with a heading. */
function endOfReplies(document: Document, focused: Element): Element | undefined {
  return [...document.querySelectorAll('[data-testid="cellInnerDiv"] h2')].find((h) => focused.compareDocumentPosition(h) & following);
}

export function readXPost(url: URL, document: Document): PageContext {
  const statusId = xStatusId(url)!;
  const me = signedInAccount(document);
  const parts = partsByArticle(document);
  const posts = [...document.querySelectorAll('article[data-testid="tweet"]')].map((article) => ({ article, post: readPost(parts.get(article), me) }));
  // The focused post has tabindex -1; on a page still showing the previous post, that one is not ours.
  const isOurs = (p: (typeof posts)[number]) => p.post?.siteId === statusId;
  const focusedIndex = posts.findIndex((p) => isOurs(p) && p.article.getAttribute('tabindex') === '-1');
  const start = focusedIndex >= 0 ? focusedIndex : posts.findIndex(isOurs);
  const end = start >= 0 ? endOfReplies(document, posts[start].article) : undefined;
  const thread = start < 0 ? [] : posts.slice(start).filter((p) => !end || end.compareDocumentPosition(p.article) & preceding);
  const messages = thread.flatMap((p) => (p.post ? [p.post] : []));

  const focused = messages[0];
  const handle = focused?.author.handle ?? xProfileHandle(url);
  const customer: Identity = { platform: 'x', handle, profileUrl: xProfileUrl(handle) };
  if (focused) customer.displayName = focused.author.displayName;
  const mentionsMe = !!me?.handle && !sameHandle(handle, me.handle) && new RegExp(`@${me.handle}\\b`, 'i').test(focused?.text ?? '');
  return {
    ok: true,
    platform: 'x',
    kind: 'post',
    channel: mentionsMe ? 'mention' : 'reply',
    conversationKey: `x:post:${statusId}`,
    permalink: statusUrl(handle, statusId),
    customer,
    messages,
  };
}

/** The profile's user id, from its follow button (`<id>-follow`); never from "Who to follow" cells. */
function profileUserId(document: Document): string | undefined {
  for (const button of document.querySelectorAll('[data-testid$="-follow"], [data-testid$="-unfollow"]')) {
    if (button.closest('[data-testid="UserCell"]')) continue;
    const id = /^(\d+)-(?:un)?follow$/.exec(button.getAttribute('data-testid') ?? '')?.[1];
    if (id) return id;
  }
  return undefined;
}

export function readXProfile(url: URL, document: Document): PageContext {
  const urlHandle = xProfileHandle(url);
  const shown = readNameBlock(document.querySelector('[data-testid="UserName"]'));
  // A header for another handle is the previous profile still on screen: trust only the URL then.
  const current = sameHandle(shown.handle, urlHandle);
  const handle = current ? shown.handle! : urlHandle;
  const customer: Identity = { platform: 'x', handle, profileUrl: xProfileUrl(handle) };
  if (current && shown.displayName) customer.displayName = shown.displayName;
  const userId = current ? profileUserId(document) : undefined;
  if (userId) customer.userId = userId;
  return { ok: true, platform: 'x', kind: 'profile', channel: 'dm', conversationKey: `x:profile:${handle.toLowerCase()}`, permalink: customer.profileUrl!, customer, messages: [] };
}
