import { facebookAdapter } from './facebook';
import { instagramAdapter } from './instagram';
import type { Platform, SiteAdapter } from './types';
import { xAdapter } from './x';

export const adapters: Record<Platform, SiteAdapter> = { x: xAdapter, instagram: instagramAdapter, facebook: facebookAdapter };

/** The adapter for a page, by host; undefined off the three networks. */
export function adapterFor(url: URL): SiteAdapter | undefined {
  const host = url.hostname.replace(/^www\./, '');
  if (/^(?:mobile\.)?(?:x|twitter)\.com$/.test(host)) return xAdapter;
  if (host === 'instagram.com') return instagramAdapter;
  if (/(?:^|\.)facebook\.com$|^messenger\.com$/.test(host)) return facebookAdapter;
  return undefined;
}
