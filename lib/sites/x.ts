import type { SiteAdapter } from './types';

export const xAdapter: SiteAdapter = {
  platform: 'x',
  read: () => ({ ok: false, platform: 'x', reason: 'Not supported yet' }),
};
