/**
 * Build step (a WXT module, loaded from modules/): the sidebar's styles reach its shadow root as a
 * `<link>` to the content script's own stylesheet (lib/content/stylesheet.ts), not as text.
 *
 * Why: WXT's `cssInjectionMode: 'ui'` fetches the stylesheet from the content script, splits it
 * with regular expressions and inserts it as a `<style>`, whose 19 KB are then parsed inside the
 * script's task, all of it counted as the extension's scripting at every page load (0.6–2.5 ms by
 * paired A/B on a 2-core VM). A linked stylesheet is fetched and parsed by the browser, outside any script.
 *
 * What WXT's split did is done here once: `@property` rules (Tailwind's `--tw-*` defaults) have no
 * effect inside a shadow root, so they go to a small document stylesheet that the manifest injects.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineWxtModule } from 'wxt/modules';
import { splitShadowRootCss } from 'wxt/utils/split-shadow-root-css';
import { isolatedContentScripts, webAccessibleToItsSites } from './shared/content-scripts';

const stylesheetOf = (script: string) => script.replace(/\.js$/, '.css');
const documentStylesheetOf = (script: string) => script.replace(/\.js$/, '-document.css');

export default defineWxtModule((wxt) => {
  wxt.hook('build:manifestGenerated', async (_, manifest) => {
    for (const entry of isolatedContentScripts(manifest)) {
      const script = entry.js![0];
      if (!existsSync(join(wxt.config.outDir, stylesheetOf(script)))) continue;
      const { documentCss } = splitShadowRootCss(await readFile(join(wxt.config.outDir, stylesheetOf(script)), 'utf8'));
      if (documentCss) {
        await writeFile(join(wxt.config.outDir, documentStylesheetOf(script)), documentCss);
        entry.css = [...(entry.css ?? []), documentStylesheetOf(script)];
      }
      // Loaded by the page's document (the shadow root is in it), so it must be web-accessible, to this site only.
      webAccessibleToItsSites(manifest, entry, [stylesheetOf(script)]);
    }
  });
});
