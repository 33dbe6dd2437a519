import type { SiteAdapter } from './types';

export const facebookAdapter: SiteAdapter = {
  platform: 'facebook',
  read: () => ({ ok: false, platform: 'facebook', reason: 'Not supported yet' }),
};
