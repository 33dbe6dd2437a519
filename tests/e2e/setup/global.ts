/** Builds what the browser tests load: the Chrome extension and the fixture pages' editor bundle. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath, extensionDir } from '../harness';

export default async function setup() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`End-to-end tests need Chromium at ${chromiumPath} (set CHROMIUM_PATH, or on Debian: apt-get install -y chromium).`);
  }
  execFileSync('npx', ['wxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(`${extensionDir}/manifest.json`)) throw new Error(`wxt build did not produce ${extensionDir}`);
  const { buildFixtureEditors } = await import('../../fixtures/editors/build');
  await buildFixtureEditors();
}
