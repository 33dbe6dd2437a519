/** The sidebar's styles: the content script's stylesheet, linked into its shadow root (modules/shadow-root-stylesheets.ts). */
import { browser, type PublicPath } from 'wxt/browser';
import type { Platform } from '../sites/types';

/**
 * Links the stylesheet WXT built for the platform's content script (entrypoints/<platform>.content)
 * into `root`, and settles once it applies, or failed to load: the sidebar then shows unstyled but
 * works. The link loads once `root` is in the page.
 */
export function linkStylesheet(root: ShadowRoot, platform: Platform): Promise<void> {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  // WXT's PublicPath type lists public/ and the entrypoints, not the stylesheets they build.
  link.href = browser.runtime.getURL(`/content-scripts/${platform}.css` as PublicPath);
  const settled = new Promise<void>((resolve) => {
    link.addEventListener('load', () => resolve(), { once: true });
    link.addEventListener('error', () => (console.error(`Sidedesk could not load its styles from ${link.href}`), resolve()), { once: true });
  });
  (root.querySelector('head') ?? root).append(link);
  return settled;
}
