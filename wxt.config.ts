import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import tailwindcss from '@tailwindcss/vite';

/** The pages Sidedesk reads. Nothing broader: the manifest asks for these hosts and storage only. */
export const siteMatches = {
  x: ['https://x.com/*', 'https://twitter.com/*'],
  instagram: ['https://www.instagram.com/*'],
  facebook: ['https://www.facebook.com/*', 'https://www.messenger.com/*', 'https://business.facebook.com/*'],
};

export default defineConfig({
  manifest: {
    name: 'Sidedesk',
    description: 'A support desk inside Facebook, Instagram and X: who the customer is, their tickets, and your team’s replies.',
    permissions: ['storage'],
    host_permissions: Object.values(siteMatches).flat(),
    commands: {
      'toggle-sidebar': { suggested_key: { default: 'Alt+Shift+S' }, description: 'Show or hide the Sidedesk sidebar' },
    },
  },
  vite: () => ({ plugins: [preact(), tailwindcss()] }),
});
