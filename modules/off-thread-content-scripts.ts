/**
 * Build step (a WXT module, loaded from modules/): each isolated-world content script becomes a one-line loader that
 * imports the bundle WXT built as a module (`<name>-app.js`, web-accessible to its sites only).
 *
 * Why: a classic content script is compiled on the page's main thread, and every function it runs
 * is compiled again, in full, on its first call. In Chromium a module fetched by `import()` is
 * compiled on a V8 worker thread, and V8's compile hint comment has it compile every function
 * there at once (almost all of the bundle runs while the sidebar mounts). On a 2-core VM that took
 * a page load's added main-thread scripting from about 50 ms to about 30 ms. The compiling is not
 * gone: it runs on another core, and includes functions that never run. Firefox imports the module
 * the same way and ignores the hint.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineWxtModule } from 'wxt/modules';
import { isolatedContentScripts, webAccessibleToItsSites } from './shared/content-scripts';

const appFile = (script: string) => script.replace(/\.js$/, '-app.js');

/**
 * The loader marks the start (`npm run bench` measures start to customer shown from it, fetch and
 * compile included) and reports a failed import, which would otherwise leave no sidebar and no trace.
 */
const loader = (script: string) =>
  `performance.mark("sidedesk:start");import(chrome.runtime.getURL(${JSON.stringify(`/${appFile(script)}`)})).catch((e)=>console.error("Sidedesk did not start:",e));\n`;

export default defineWxtModule((wxt) => {
  const scripts: string[] = [];
  wxt.hook('build:manifestGenerated', (_, manifest) => {
    scripts.length = 0;
    // The main world's scripts would import under the page's CSP; they are tiny anyway.
    for (const entry of isolatedContentScripts(manifest)) {
      scripts.push(...entry.js!);
      webAccessibleToItsSites(manifest, entry, entry.js!.map(appFile));
    }
  });
  wxt.hook('build:done', async () => {
    for (const script of scripts) {
      const path = join(wxt.config.outDir, script);
      const bundle = await readFile(path, 'utf8');
      await writeFile(join(wxt.config.outDir, appFile(script)), `//# allFunctionsCalledOnLoad\n${bundle}`);
      await writeFile(path, loader(script));
    }
  });
});
