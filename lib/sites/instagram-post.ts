/**
 * Instagram posts and reels with their comments, on their own page or in the dialog opened over a
 * feed or profile. The post is the first message; comments and replies follow, oldest first, each
 * with its own author. The agent is whoever the navigation rail says is signed in.
 */
import { parseDateTime, queryAll, queryFind, textWithEmoji } from './dom';
import { detected, firstProfileLink, identity, origin, profileUrl, signedInHandle, undetected } from './instagram-shared';
import type { Identity, PageContext, PageMessage } from './types';
import { instagramPostCode } from './urls';

const commentTimeSelector = 'a[href*="/c/"] time[datetime]';

export function readPost(url: URL, document: Document): PageContext {
  const code = instagramPostCode(url)!;
  const permalink = `${origin}/${url.pathname.includes('/reel/') ? 'reel' : 'p'}/${code}/`;
  const root = postRoot(document, code);
  const me = signedInHandle(document);
  const post = readPostItself(root, code, permalink, me);
  const comments = readComments(root, permalink, me);
  if (!post && comments.length === 0) return undetected("No post found on this page: Instagram's post layout was not recognised");

  const messages = post ? [post, ...comments] : comments;
  const customer = postCustomer(post, comments, url, me);
  if (!customer) return undetected('Could not tell who wrote this post or its comments');
  return detected({ kind: 'post', channel: 'comment', conversationKey: `instagram:post:${code}`, permalink, customer, messages });
}

/** A post opened from a feed or profile sits in a dialog over that page: read only the dialog. */
function postRoot(document: Document, code: string): ParentNode {
  return queryFind(document, '[role="dialog"]', (dialog) => dialog.querySelector(`a[href*="/${code}/"]`)) ?? document;
}

/** The caption is an `h1`; the post's own time links to the post itself. */
function readPostItself(root: ParentNode, code: string, permalink: string, me: string | undefined): PageMessage | undefined {
  const caption = root.querySelector('h1[dir="auto"]');
  const time = queryAll<HTMLTimeElement>(root, `a[href$="/${code}/"] time[datetime]`).at(-1);
  const block = nearestBlock(caption ?? time, (el) => Boolean(firstProfileLink(el, caption ?? undefined)));
  const author = block && firstProfileLink(block, caption ?? undefined)?.handle;
  if (!author) return undefined;
  const sentAt = parseDateTime(time?.getAttribute('datetime'));
  return { role: author === me ? 'agent' : 'customer', author: authorOf(author), text: textWithEmoji(caption), ...(sentAt !== undefined && { sentAt }), siteId: code, permalink };
}

/**
 * Each comment or reply has exactly one time, linking to `/c/<id>/` or `/c/<id>/r/<id>/`. Comments
 * without words (a GIF alone) are left out. Pages can hold thousands of comments and are re-read on
 * every change, so each comment costs a few small queries and no more.
 */
function readComments(root: ParentNode, permalink: string, me: string | undefined): PageMessage[] {
  const comments: PageMessage[] = [];
  const seen = new Set<string>();
  for (const time of queryAll(root, commentTimeSelector)) {
    const ids = /\/c\/(\d+)(?:\/r\/(\d+))?/.exec(time.closest('a')!.getAttribute('href') ?? '');
    const siteId = ids && (ids[2] ?? ids[1]);
    const found = ids && siteId && !seen.has(siteId) ? commentAround(time) : undefined;
    const author = found && firstProfileLink(found.block, found.text)?.handle;
    if (!ids || !siteId || !found || !author) continue;
    seen.add(siteId);
    const sentAt = parseDateTime(time.getAttribute('datetime'));
    comments.push({
      role: author === me ? 'agent' : 'customer',
      author: authorOf(author),
      text: textWithEmoji(found.text),
      ...(sentAt === undefined ? { timeLabel: time.textContent?.trim() } : { sentAt }),
      siteId,
      permalink: `${permalink}c/${ids[1]}/${ids[2] ? `r/${ids[2]}/` : ''}`,
    });
  }
  // Instagram orders comments by relevance; a conversation reads oldest first.
  return comments.every((c) => c.sentAt !== undefined) ? comments.sort((a, b) => a.sentAt! - b.sentAt!) : comments;
}

/**
 * The comment a time belongs to: the closest ancestor holding its words, the first `span[dir="auto"]`
 * that is neither a username (inside a link) nor the time's own wrapper. A block holding a second
 * comment's time has gone too far up (that text would be the neighbour's).
 */
function commentAround(time: Element): { block: Element; text: Element } | undefined {
  let block = time.parentElement;
  for (let depth = 0; block && depth < 10; depth++, block = block.parentElement) {
    // Live tag collections rather than selector queries: this runs a few times per comment.
    for (const span of block.getElementsByTagName('span')) {
      if (span.getAttribute('dir') !== 'auto' || block.contains(span.closest('a')) || span.getElementsByTagName('time').length > 0) continue;
      return block.getElementsByTagName('time').length === 1 ? { block, text: span } : undefined;
    }
  }
  return undefined;
}

/** The closest ancestor, a few levels up at most, that passes `test`. */
function nearestBlock(start: Element | null | undefined, test: (el: Element) => boolean): Element | undefined {
  let el = start?.parentElement;
  for (let depth = 0; el && depth < 10; depth++, el = el.parentElement) if (test(el)) return el;
  return undefined;
}

/** Instagram shows only the username beside posts and comments. */
function authorOf(handle: string): PageMessage['author'] {
  return { handle, displayName: handle, profileUrl: profileUrl(handle) };
}

/**
 * Usually the post's author. On the agent's own post the customer is a commenter: the one the URL
 * points at (`/c/<id>/`), else the first to comment.
 */
function postCustomer(post: PageMessage | undefined, comments: PageMessage[], url: URL, me: string | undefined): Identity | undefined {
  if (post?.author.handle && post.author.handle !== me) return identity(post.author.handle);
  const linked = /\/c\/(\d+)(?:\/r\/(\d+))?/.exec(url.pathname);
  const target = linked && comments.find((c) => c.siteId === (linked[2] ?? linked[1]) && c.role === 'customer');
  const handle = (target ?? comments.find((c) => c.role === 'customer'))?.author.handle ?? post?.author.handle;
  return handle ? identity(handle) : undefined;
}
