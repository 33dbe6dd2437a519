/**
 * Whether the sidebar is collapsed to a tab, per network, in extension storage. Content scripts ask
 * the background for it with the sidebar's first questions (one message), which spares every page
 * load setting up the storage API; they read it directly only while a worker starting up is late.
 */
import { browser } from 'wxt/browser';
import { onMessage } from './messaging';
import { platforms, type Platform } from './sites/types';

/** The key wxt/utils/storage used as `local:sidebarCollapsed:…`: agents keep the choice they made. */
const keyOf = (platform: Platform) => `sidebarCollapsed:${platform}`;

export const readCollapsed = async (platform: Platform) => (await browser.storage.local.get(keyOf(platform)))[keyOf(platform)] === true;

export const writeCollapsed = (platform: Platform, collapsed: boolean) => browser.storage.local.set({ [keyOf(platform)]: collapsed });

/** Background: answers `getSidebarCollapsed`. */
export const answerSidebarCollapsed = () =>
  onMessage('getSidebarCollapsed', ({ data }) => {
    if (!platforms.includes(data?.platform)) throw new Error(`No sidebar is shown on ${JSON.stringify(data?.platform)}: the networks are ${platforms.join(', ')}.`);
    return readCollapsed(data.platform);
  });
