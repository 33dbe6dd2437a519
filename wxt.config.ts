import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import tailwindcss from '@tailwindcss/vite';
import { allSiteMatches } from './lib/sites/matches';


export default defineConfig({
  manifest: {
    name: 'Sidedesk',
    description: 'A support desk inside Facebook, Instagram and X: who the customer is, their tickets, and your team’s replies.',
    permissions: ['storage'],
    host_permissions: allSiteMatches,
    commands: {
      'toggle-sidebar': { suggested_key: { default: 'Alt+Shift+S' }, description: 'Show or hide the Sidedesk sidebar' },
    },
  },
  vite: () => ({ plugins: [preact(), tailwindcss()] }),
});
