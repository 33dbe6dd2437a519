/**
 * Reads a Facebook post and its visible comments and replies: on the post's own page, or in the
 * modal Facebook opens over the feed (then only the modal, never the feed behind it).
 */
import { queryAllOwn, queryFirst, textWithEmoji } from './dom';
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
  const post = known ?? [...scope.querySelectorAll(postLinkSelector)].map((a) => postFromLink(a.getAttribute('href'), url)).find(Boolean);
  // A link still being rendered has no name yet: it cannot be the author.
  const authorLink = authorSelectors.flatMap((selector) => [...scope.querySelectorAll(selector)]).find((a) => textWithEmoji(a));
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

/** The topmost modal that holds a post (Facebook also uses modal dialogs for menus and photos). */
function postDialog(document: Document): Element | undefined {
  return [...document.querySelectorAll(dialogSelector)].reverse().find((dialog) => dialog.querySelector(postMarkers));
}

/** The comment box says who is signed in ("Comment as Acme Store"); nothing else on a post does. */
function signedInName(scope: Element): string | undefined {
  const label = scope.querySelector('[data-lexical-editor="true"][aria-label^="Comment as "]')?.getAttribute('aria-label');
  return label?.slice('Comment as '.length).trim() || undefined;
}

/** Labels are localised; an article's own link to a comment (`comment_id=`) marks a comment in any language. */
const labelledComment = /^(?:Comment|Reply) by /;

function readComments(scope: Element, url: URL, postPermalink: string): Omit<PageMessage, 'role'>[] {
  const comments: Omit<PageMessage, 'role'>[] = [];
  for (const article of scope.querySelectorAll('div[role="article"]')) {
    // Replies are articles nested inside their comment's article, and the post itself may be an
    // article holding them all: read only this article's own parts.
    const links = queryAllOwn<HTMLAnchorElement>(article, 'a[href]', '[role="article"]');
    const timeLink = links.find((a) => commentFromLink(a.getAttribute('href'), url, postPermalink));
    const label = article.getAttribute('aria-label') ?? '';
    if (!timeLink && !labelledComment.test(label)) continue;
    const authorLink = links.find((a) => a.textContent?.trim() && profileFromLink(a.getAttribute('href'), url));
    const displayName = authorLink ? textWithEmoji(authorLink) : nameFromLabel(label);
    if (!displayName) continue;
    const comment = timeLink ? commentFromLink(timeLink.getAttribute('href'), url, postPermalink) : undefined;
    const text = queryAllOwn(article, 'div[dir="auto"]', '[role="article"]')
      .filter((el) => !el.closest('a'))
      .map(textWithEmoji)
      .filter(Boolean)
      .join('\n');
    comments.push({
      author: { displayName, ...profileFromLink(authorLink?.getAttribute('href'), url) },
      text,
      ...(timeLink?.textContent?.trim() ? { timeLabel: timeLink.textContent.trim() } : {}),
      ...(comment ? { siteId: comment.id, permalink: comment.permalink } : {}),
    });
  }
  return comments;
}

/** "Comment by Jane Doe 2 hours ago", "Reply by Acme Store to Jane Doe's comment 1 hour ago". */
function nameFromLabel(label: string | null): string {
  const match = /^(?:Comment|Reply) by (.+?)(?: to .+'s comment)?(?: \d+ \w+ ago| a \w+ ago| just now)?$/s.exec(label ?? '');
  return match?.[1].trim() ?? '';
}
