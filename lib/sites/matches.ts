/** Where Sidedesk runs: the manifest's host permissions and each content script's matches. Nothing broader. */
import type { Platform } from './types';

export const siteMatches: Record<Platform, string[]> = {
  x: ['https://x.com/*', 'https://twitter.com/*'],
  instagram: ['https://www.instagram.com/*'],
  facebook: ['https://www.facebook.com/*', 'https://www.messenger.com/*', 'https://business.facebook.com/*'],
};

export const allSiteMatches = Object.values(siteMatches).flat();
