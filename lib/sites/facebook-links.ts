/**
 * Facebook profile and post links in one canonical form, so the same person or post gives the
 * same handle, key and permalink whichever page, host or tracking parameters showed it.
 */
import { facebookPostId, isFacebookPost } from './urls';

export const facebookOrigin = 'https://www.facebook.com';

export interface LinkedProfile {
  /** Vanity name ("jane.doe.5") or, for people without one, the numeric user id. */
  handle: string;
  profileUrl: string;
  userId?: string;
}

const facebookHost = /^(?:www\.|web\.|m\.)?facebook\.com$/;
/** First path segments that are features of the site, never a person or a page. */
const notProfiles = new Set([
  'messages', 'groups', 'events', 'marketplace', 'watch', 'photo', 'photo.php', 'permalink.php', 'story.php', 'hashtag',
  'pages', 'gaming', 'reel', 'reels', 'stories', 'friends', 'notifications', 'bookmarks', 'settings', 'help', 'login',
  'privacy', 'policies', 'ads', 'business', 'latest', 'saved', 'search', 'l.php', 'share', 'sharer', 'dialog', 'home.php', 'people',
]);

export function parseHref(href: string | null | undefined, base: URL): URL | undefined {
  if (!href) return undefined;
  try {
    return new URL(href, base);
  } catch {
    return undefined;
  }
}

const byId = (userId: string): LinkedProfile => ({ handle: userId, userId, profileUrl: `${facebookOrigin}/profile.php?id=${userId}` });

/** The person or page a link points to; undefined for links to anything else (posts, groups, threads). */
export function profileFromLink(href: string | null | undefined, base: URL): LinkedProfile | undefined {
  const url = parseHref(href, base);
  if (!url || !facebookHost.test(url.hostname)) return undefined;
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments[0] === 'profile.php') {
    const id = url.searchParams.get('id');
    return id && /^\d+$/.test(id) ? byId(id) : undefined;
  }
  // Group posts link their authors inside the group: /groups/<group>/user/<id>/.
  if (segments[0] === 'groups' && segments[2] === 'user' && /^\d+$/.test(segments[3] ?? '')) return byId(segments[3]);
  if (segments[0] === 'people' && /^\d+$/.test(segments[2] ?? '')) return byId(segments[2]);
  if (segments.length !== 1 || notProfiles.has(segments[0].toLowerCase()) || !/^[\w.-]+$/.test(segments[0])) return undefined;
  if (/^\d+$/.test(segments[0])) return byId(segments[0]);
  return { handle: segments[0], profileUrl: `${facebookOrigin}/${segments[0]}` };
}

/** Query parameters that identify a post; everything else (`__cft__`, `__tn__`, `ref`) is tracking. */
const postParams = ['story_fbid', 'id', 'fbid', 'v'];

/** A post link without tracking parameters and trailing slash, on www.facebook.com. */
export function canonicalPostUrl(url: URL): string {
  const canonical = new URL(url.pathname.replace(/\/+$/, '') || '/', facebookOrigin);
  for (const name of postParams) {
    const value = url.searchParams.get(name);
    if (value) canonical.searchParams.set(name, value);
  }
  return canonical.href;
}

/** The post a link opens, when it opens a post (and not one of its comments). */
export function postFromLink(href: string | null | undefined, base: URL): { id: string; permalink: string } | undefined {
  const url = parseHref(href, base);
  if (!url || url.searchParams.has('comment_id') || !isFacebookPost(url)) return undefined;
  const id = facebookPostId(url);
  return id ? { id, permalink: canonicalPostUrl(url) } : undefined;
}

/**
 * A comment's own link: a post's path or query with the comment's id (and, for a reply, the
 * reply's). Authors' links carry `comment_id=` too, but no post: checked on the string, because a
 * long thread has thousands of such links and parsing each as a URL is most of a read's cost.
 */
const postShape = /\/(?:posts|permalink|videos|reel)\/|[?&](?:story_fbid|fbid|v)=/;
const commentIdParam = /[?&]comment_id=([^&#]+)/;
const replyIdParam = /[?&]reply_comment_id=([^&#]+)/;

/** A comment's id (a reply's id when it is a reply) and its canonical permalink under the post. */
export function commentFromLink(href: string | null | undefined, postPermalink: string): { id: string; permalink: string } | undefined {
  const query = href?.split('#')[0] ?? '';
  const commentId = commentIdParam.exec(query)?.[1];
  if (!commentId || !postShape.test(query)) return undefined;
  const replyId = replyIdParam.exec(query)?.[1];
  const ids = `comment_id=${commentId}${replyId ? `&reply_comment_id=${replyId}` : ''}`;
  return { id: decode(replyId ?? commentId), permalink: `${postPermalink}${postPermalink.includes('?') ? '&' : '?'}${ids}` };
}

function decode(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}
