/** X status pages (the focused post and its replies) and profiles. */
import { maxMessagesRead, parseDateTime, queryAll, queryFind, textWithEmoji } from './dom';
import type { Identity, PageContext, PageMessage } from './types';
import { xProfileHandle, xStatusId } from './urls';
import { readNameBlock, sameHandle, signedInAccount, xOrigin, xProfileUrl } from './x-people';

const statusUrl = (handle: string, id: string) => `${xOrigin}/${handle}/status/${id}`;
const statusHref = /^(?:https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com)?\/(\w{1,20})\/status\/(\d+)/;

/** A post's own part: the first match in its article that is not inside a quoted post (a `div[role=link]`). */
function ownPart(article: Element, selector: string): Element | undefined {
  return queryFind(article, selector, (el) => el.parentElement?.closest('div[role="link"], article') === article);
}

/** `/<handle>/status/<id>` around the post's time; promoted posts have none and are no part of a conversation. */
function statusLink(article: Element) {
  const time = ownPart(article, 'a[href*="/status/"] > time[datetime]');
  const match = statusHref.exec(time?.parentElement?.getAttribute('href') ?? '');
  return time && match ? { handle: match[1], id: match[2], time } : undefined;
}

/** What a post without words shows, as the other adapters name it; X's own test ids say which. */
const mediaKinds = [
  ['videoPlayer', 'video'],
  ['tweetPhoto', 'photo'],
  ['card.wrapper', 'link'],
] as const;

/** The post's own words, else the kind of media it is; empty while it is still loading. */
function postText(article: Element): string {
  const words = textWithEmoji(ownPart(article, '[data-testid="tweetText"]'));
  if (words) return words;
  const media = mediaKinds.find(([testId]) => ownPart(article, `[data-testid="${testId}"]`));
  return media ? `[${media[1]}]` : '';
}

function readPost(article: Element, myHandle: string | undefined): PageMessage | undefined {
  const link = statusLink(article);
  const text = postText(article);
  if (!link || !text) return undefined;
  const name = readNameBlock(ownPart(article, '[data-testid="User-Name"]'));
  const handle = name.handle ?? link.handle;
  return {
    role: sameHandle(handle, myHandle) ? 'agent' : 'customer',
    author: { handle, displayName: name.displayName ?? handle, profileUrl: xProfileUrl(handle) },
    text,
    sentAt: parseDateTime(link.time.getAttribute('datetime')),
    siteId: link.id,
    permalink: statusUrl(handle, link.id),
  };
}

// Node.DOCUMENT_POSITION_* (the global Node is not there when reading a detached window's document).
const following = 4;
const preceding = 2;

/** Posts below the replies ("Discover more") start after the first cell with a heading. */
function endOfReplies(document: Document, focused: Element): Element | undefined {
  return queryFind(document, '[data-testid="cellInnerDiv"] h2', (h) => focused.compareDocumentPosition(h) & following);
}

/** The focused post then its replies, oldest first: the post's own status, never the one it replies to. */
function readThread(document: Document, statusId: string, myHandle: string | undefined): PageMessage[] {
  const articles = queryAll(document, 'article[data-testid="tweet"]');
  // The focused post has tabindex -1; on a page still showing the previous post, that one is not ours.
  const isOurs = (article: Element) => statusLink(article)?.id === statusId;
  const focused = articles.find((article) => article.getAttribute('tabindex') === '-1' && isOurs(article)) ?? articles.find(isOurs);
  if (!focused) return [];
  const end = endOfReplies(document, focused);
  const messages: PageMessage[] = [];
  for (const article of articles.slice(articles.indexOf(focused))) {
    if (messages.length === maxMessagesRead || (end && !(end.compareDocumentPosition(article) & preceding))) break;
    const post = readPost(article, myHandle);
    if (post) messages.push(post);
  }
  return messages;
}

export function readXPost(url: URL, document: Document): PageContext {
  const statusId = xStatusId(url)!;
  const me = signedInAccount(document)?.handle;
  const messages = readThread(document, statusId, me);
  const focused = messages[0];
  const handle = focused?.author.handle ?? xProfileHandle(url);
  const customer: Identity = { platform: 'x', handle, profileUrl: xProfileUrl(handle) };
  if (focused) customer.displayName = focused.author.displayName;
  const mentionsMe = !!me && !sameHandle(handle, me) && new RegExp(`@${me}\\b`, 'i').test(focused?.text ?? '');
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
