/**
 * What the build steps in modules/ share (WXT loads modules/*.ts as modules, not this folder): the
 * content scripts of the extension's isolated world, and opening their files to their sites' pages.
 */
import type { Browser } from 'wxt/browser';

type Manifest = Browser.runtime.Manifest;
type ContentScript = NonNullable<Manifest['content_scripts']>[number];

/** The content scripts with code that run in the extension's isolated world, not in the page's main world. */
export const isolatedContentScripts = (manifest: Manifest) =>
  (manifest.content_scripts ?? []).filter((entry) => (entry as { world?: string }).world !== 'MAIN' && entry.js?.length);

/** Lets the pages `entry` runs on load `resources`, at a URL that changes every session (not a fingerprint of the extension). */
export function webAccessibleToItsSites(manifest: Manifest, entry: ContentScript, resources: string[]) {
  manifest.web_accessible_resources ??= [];
  (manifest.web_accessible_resources as Browser.runtime.ManifestV3['web_accessible_resources'] & {}).push({ resources, matches: entry.matches ?? [], use_dynamic_url: true });
}
