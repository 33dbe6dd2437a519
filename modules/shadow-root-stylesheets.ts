/**
 * Build step (a WXT module, loaded from modules/): the sidebar's styles reach its shadow root as a
 * `<link>` to the content script's own stylesheet (lib/content/stylesheet.ts), not as text.
 *
 * Why: WXT's `cssInjectionMode: 'ui'` fetches the stylesheet from the content script, splits it
 * with regular expressions and inserts it as a `<style>`, whose 25 KB are then parsed inside the
 * script's task: about 3 ms of every page load counted as the extension's scripting. A linked
 * stylesheet is fetched and parsed by the browser, outside any script.
 *
 * What WXT's split did is done here once: `@property` rules (Tailwind's `--tw-*` defaults) have no
 * effect inside a shadow root, so they go to a small document stylesheet that the manifest injects.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'wxt/browser';
import { defineWxtModule } from 'wxt/modules';
import { splitShadowRootCss } from 'wxt/utils/split-shadow-root-css';

const stylesheetOf = (script: string) => script.replace(/\.js$/, '.css');
const documentStylesheetOf = (script: string) => script.replace(/\.js$/, '-document.css');

export default defineWxtModule((wxt) => {
  wxt.hook('build:manifestGenerated', async (_, manifest) => {
    for (const entry of manifest.content_scripts ?? []) {
      const script = entry.js?.[0];
      if (!script || !existsSync(join(wxt.config.outDir, stylesheetOf(script)))) continue;
      const { documentCss } = splitShadowRootCss(await readFile(join(wxt.config.outDir, stylesheetOf(script)), 'utf8'));
      if (documentCss) {
        await writeFile(join(wxt.config.outDir, documentStylesheetOf(script)), documentCss);
        entry.css = [...(entry.css ?? []), documentStylesheetOf(script)];
      }
      // Loaded by the page's document (the shadow root is in it), so it must be web-accessible, to this site only.
      manifest.web_accessible_resources ??= [];
      (manifest.web_accessible_resources as Browser.runtime.ManifestV3['web_accessible_resources'] & {}).push({
        resources: [stylesheetOf(script)],
        matches: entry.matches ?? [],
        use_dynamic_url: true,
      });
    }
  });
});
