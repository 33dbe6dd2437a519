/**
 * Reads a Facebook post and its visible comments and replies: on the post's own page, or in the
 * modal Facebook opens over the feed (then only the modal, never the feed behind it).
 */
import { groupByClosest, queryAll, queryFind, queryFirst, textWithEmoji } from './dom';
import { commentFromLink, postFromLink, profileFromLink } from './facebook-links';
import type { AuthorRole, PageMessage } from './types';

export interface FacebookPost {
  id: string;
  permalink: string;
  author: PageMessage['author'];
  /** The post itself, then each comment and reply in page order. */
  messages: PageMessage[];
}

const dialogSelector = 'div[role="dialog"][aria-modal="true"]';
/** What tells a dialog holding a post from Facebook's other modals (menus, photo viewers, reaction lists). */
const postMarkers = '[data-ad-rendering-role="profile_name"], [data-ad-rendering-role="story_message"], [role="article"] a[href*="comment_id="]';
const authorSelectors = ['[data-ad-rendering-role="profile_name"] a[href]', 'h2 a[href]', 'h3 a[href]'];
const postTextSelectors = ['[data-ad-rendering-role="story_message"]', '[data-ad-preview="message"]', '[data-ad-comet-preview="message"]'];
const postLinkSelector = 'a[href*="/posts/"], a[href*="story_fbid="], a[href*="/permalink/"], a[href*="/videos/"], a[href*="fbid="], a[href*="/reel/"]';

/**
 * `known` is the post the URL names, when it names one; without it the post must be in a modal
 * and name itself through its own permalink.
 */
export function readFacebookPost(document: Document, url: URL, known?: { id: string; permalink: string }): FacebookPost | undefined {
  const scope = postDialog(document) ?? (known ? (document.querySelector('[role="main"]') ?? document.body) : null);
  if (!scope) return undefined;
  const post = known ?? postOf(scope, url);
  const authorLink = postAuthorLink(scope);
  if (!post || !authorLink) return undefined;

  const author = { displayName: textWithEmoji(authorLink), ...profileFromLink(authorLink.getAttribute('href'), url) };
  const signedInAs = signedInName(scope);
  const roleOf = (name: string): AuthorRole => (signedInAs !== undefined && name === signedInAs ? 'agent' : 'customer');
  const postMessage: PageMessage = {
    role: roleOf(author.displayName),
    author,
    text: textWithEmoji(queryFirst(scope, postTextSelectors)),
    siteId: post.id,
    permalink: post.permalink,
  };
  const comments = readComments(scope, url, post.permalink).map((comment) => ({ role: roleOf(comment.author.displayName), ...comment }));
  return { ...post, author, messages: [postMessage, ...comments] };
}

/** The post a modal shows, named by its own permalink (the first post link that is not a comment's). */
function postOf(scope: Element, url: URL) {
  for (const link of scope.querySelectorAll(postLinkSelector)) {
    const href = link.getAttribute('href')!;
    const post = href.includes('comment_id=') ? undefined : postFromLink(href, url);
    if (post) return post;
  }
  return undefined;
}

/** A link still being rendered has no name yet: it cannot be the author. */
function postAuthorLink(scope: Element) {
  for (const selector of authorSelectors) {
    const link = queryFind(scope, selector, (a) => textWithEmoji(a));
    if (link) return link;
  }
  return undefined;
}

/** The topmost modal that holds a post (Facebook also uses modal dialogs for menus and photos). */
function postDialog(document: Document): Element | undefined {
  return queryAll(document, dialogSelector).reverse().find((dialog) => dialog.querySelector(postMarkers));
}

/** The comment box says who is signed in ("Comment as Acme Store"); nothing else on a post does. */
function signedInName(scope: Element): string | undefined {
  const label = scope.querySelector('[data-lexical-editor="true"][aria-label^="Comment as "]')?.getAttribute('aria-label');
  return label?.slice('Comment as '.length).trim() || undefined;
}

/** Labels are localised; an article's own link to a comment (`comment_id=`) marks a comment in any language. */
const labelledComment = /^(?:Comment|Reply) by /;

function readComments(scope: Element, url: URL, postPermalink: string): Omit<PageMessage, 'role'>[] {
  // Replies are articles nested in their comment's article, and the post may be an article holding
  // them all: each link and text block belongs to its closest article only. One query per kind of
  // part for the whole post, however many comments it has.
  const partsOf = (selector: string) => groupByClosest(queryAll(scope, `[role="article"] ${selector}`), '[role="article"]');
  const linksOf = partsOf('a[href]');
  const textsOf = partsOf('div[dir="auto"]');
  const comments: Omit<PageMessage, 'role'>[] = [];
  for (const article of queryAll(scope, 'div[role="article"]')) {
    const links = linksOf.get(article) ?? [];
    const label = article.getAttribute('aria-label') ?? '';
    const comment = linkToItself(links, postPermalink);
    if (!comment && !labelledComment.test(label)) continue;
    const author = authorOf(links, url);
    const displayName = author?.displayName ?? nameFromLabel(label);
    if (!displayName) continue;
    const text = (textsOf.get(article) ?? [])
      .filter((el) => !el.closest('a'))
      .map(textWithEmoji)
      .filter(Boolean)
      .join('\n');
    comments.push({
      author: { ...author, displayName },
      text,
      ...(comment?.timeLabel ? { timeLabel: comment.timeLabel } : {}),
      ...(comment ? { siteId: comment.id, permalink: comment.permalink } : {}),
    });
  }
  return comments;
}

/** The link a comment has to itself (its "2h"): its id and permalink. */
function linkToItself(links: Element[], postPermalink: string) {
  for (const link of links) {
    const comment = commentFromLink(link.getAttribute('href'), postPermalink);
    if (comment) return { ...comment, timeLabel: link.textContent?.trim() };
  }
  return undefined;
}

/** The first link with text that leads to a person or page: avatars come first and have no text. */
function authorOf(links: Element[], url: URL) {
  for (const link of links) {
    if (!link.textContent?.trim()) continue;
    const profile = profileFromLink(link.getAttribute('href'), url);
    if (profile) return { ...profile, displayName: textWithEmoji(link) };
  }
  return undefined;
}

/** "Comment by Jane Doe 2 hours ago", "Reply by Acme Store to Jane Doe's comment 1 hour ago". */
function nameFromLabel(label: string | null): string {
  const match = /^(?:Comment|Reply) by (.+?)(?: to .+'s comment)?(?: (?:\d+|an?) \w+ ago| just now)?$/s.exec(label ?? '');
  return match?.[1].trim() ?? '';
}
