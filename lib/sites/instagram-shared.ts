/** What Instagram's DM, post and profile readers share: canonical links, handles, the signed-in account. */
import type { DetectedContext, Identity, UndetectedContext } from './types';
import { instagramProfileHandle, isInstagramProfile } from './urls';

export const origin = 'https://www.instagram.com';

/** Instagram handles are case-insensitive; lower case keeps keys and permalinks stable. */
export const profileUrl = (handle: string) => `${origin}/${handle}/`;

export function identity(handle: string, displayName?: string): Identity {
  return { platform: 'instagram', handle, displayName: displayName || handle, profileUrl: profileUrl(handle) };
}

export const detected = (context: Omit<DetectedContext, 'ok' | 'platform'>): DetectedContext => ({ ok: true, platform: 'instagram', ...context });
export const undetected = (reason: string): UndetectedContext => ({ ok: false, platform: 'instagram', reason });

/** The handle a profile link points at ("/jane.doe/" → "jane.doe"); undefined for links to anything else. */
export function handleFromHref(href: string | null): string | undefined {
  if (!href || !/^(?:https:\/\/(?:www\.)?instagram\.com)?\/[\w.]+\/?$/.test(href)) return undefined;
  const url = new URL(href, origin);
  return isInstagramProfile(url) ? instagramProfileHandle(url).toLowerCase() : undefined;
}

/** The first link in `root` that leads to a profile (mentions inside `text` do not count), and its handle. */
export function firstProfileLink(root: Element | Document, text?: Element): { link: Element; handle: string } | undefined {
  for (const link of root.getElementsByTagName('a')) {
    if (text?.contains(link)) continue;
    const handle = handleFromHref(link.getAttribute('href'));
    if (handle) return { link, handle };
  }
  return undefined;
}

const openProfileLabel = /^Open the profile page of\s+(\S+)/;

/** `a[aria-label="Open the profile page of jane.doe"]` → "jane.doe" (the label first, the href second). */
export function handleFromProfileLabel(link: Element): string | undefined {
  return openProfileLabel.exec(link.getAttribute('aria-label') ?? '')?.[1]?.toLowerCase() ?? handleFromHref(link.getAttribute('href'));
}

/**
 * The account the agent is signed in as, from the navigation rail's "Profile" link
 * (`<a href="/acme.store/"><img alt="acme.store's profile picture">`). Avatars in the page's content
 * carry the same alt, so only links outside the main content and dialogs count; the rail comes first.
 * The page's images are looked at one by one up to it, through a live collection read by index (not
 * its length): querySelectorAll, or iterating, would first walk every avatar of a thousand messages.
 */
export function signedInHandle(document: Document): string | undefined {
  const images = document.getElementsByTagName('img');
  for (let i = 0, img: Element | null; (img = images.item(i)); i++) {
    if (!img.getAttribute('alt')?.endsWith('profile picture') || !img.closest('a[href]') || img.closest('main, [role="main"], [role="dialog"]')) continue;
    const handle = /^(\S+?)['’]s profile picture$/.exec(img.getAttribute('alt') ?? '')?.[1]?.toLowerCase();
    if (handle && handle === handleFromHref(img.closest('a')!.getAttribute('href'))) return handle;
  }
  return undefined;
}
