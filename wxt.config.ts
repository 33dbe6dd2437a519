import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import tailwindcss from '@tailwindcss/vite';
import { allSiteMatches } from './lib/sites/matches';

export default defineConfig({
  // MV3 on Firefox too: its content scripts then run in the page's main world where asked
  // (Draft.js only accepts a paste from there), which MV2 cannot do.
  manifestVersion: 3,
  manifest: {
    browser_specific_settings: { gecko: { id: 'sidedesk@sidedesk.app', strict_min_version: '128.0' } },
    name: 'Sidedesk',
    description: 'A support desk inside Facebook, Instagram and X: who the customer is, their tickets, and your team’s replies.',
    permissions: ['storage', 'alarms'],
    host_permissions: allSiteMatches,
    commands: {
      'toggle-sidebar': { suggested_key: { default: 'Alt+Shift+S' }, description: 'Show or hide the Sidedesk sidebar' },
    },
  },
  vite: () => ({ plugins: [preact(), tailwindcss()] }),
});
