import type { SiteAdapter } from './types';

export const instagramAdapter: SiteAdapter = {
  platform: 'instagram',
  read: () => ({ ok: false, platform: 'instagram', reason: 'Not supported yet' }),
};
