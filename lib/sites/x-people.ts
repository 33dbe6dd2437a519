/** What the X readers share: who is who (handles, name blocks, the account signed in). */
import { queryAll, textWithEmoji } from './dom';
import { isXProfile } from './urls';

export const xOrigin = 'https://x.com';
export const xProfileUrl = (handle: string) => `${xOrigin}/${handle}`;

export interface XPerson {
  handle?: string;
  displayName?: string;
}

/** The handle a profile link points to (`/jane_doe`, `https://x.com/jane_doe`); undefined for other links. */
export function handleFromHref(href: string | null | undefined): string | undefined {
  const path = /^(?:https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com)?(\/\w{1,20})\/?$/.exec(href ?? '')?.[1];
  return path && isXProfile(new URL(xOrigin + path)) ? path.slice(1) : undefined;
}

const atHandle = /^@(\w{1,20})$/;

/**
 * Reads a name block (`User-Name` on posts, `UserName` on profiles, the account switcher): the
 * display name is its first `dir="ltr"` line, the handle the profile link when the block has one
 * (quoted posts have none), else the line that reads "@handle".
 */
export function readNameBlock(block: Element | null | undefined): XPerson {
  if (!block) return {};
  let handle: string | undefined;
  for (const link of block.querySelectorAll('a[href]')) if ((handle = handleFromHref(link.getAttribute('href')))) break;
  // Timeline posts keep their time (and a "·") in the name block: neither is a name.
  const lines = queryAll(block, '[dir="ltr"]:not([aria-hidden="true"])')
    .filter((line) => !line.querySelector('time'))
    .map((line) => textWithEmoji(line))
    .filter(Boolean);
  handle ??= lines.map((line) => atHandle.exec(line)?.[1]).find(Boolean);
  const displayName = lines.find((line) => !atHandle.test(line));
  return { handle, displayName };
}

/** The account the agent is signed in with, from X's navigation (main document, every page). */
export function signedInAccount(document: Document): XPerson | undefined {
  const switcher = readNameBlock(document.querySelector('[data-testid="SideNav_AccountSwitcher_Button"]'));
  const handle =
    switcher.handle ??
    handleFromHref(document.querySelector('a[data-testid="AppTabBar_Profile_Link"]')?.getAttribute('href')) ??
    /^UserAvatar-Container-(\w{1,20})$/.exec(document.querySelector('[data-testid="SideNav_AccountSwitcher_Button"] [data-testid^="UserAvatar-Container-"]')?.getAttribute('data-testid') ?? '')?.[1];
  return handle ? { handle, displayName: switcher.handle ? switcher.displayName : undefined } : undefined;
}

export const sameHandle = (a: string | undefined, b: string | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();
