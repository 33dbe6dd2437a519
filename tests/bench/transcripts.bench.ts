/**
 * How transcripts are stored (lib/desk/transcripts.ts), in Chromium: 50k tickets' 200k messages
 * written as a first sync writes them, and one ticket's messages read, in runs against the
 * baseline of one record per ticket, each in a fresh browser. The initial-sync figure of
 * sync.bench.ts is the whole of it; this is the part that decides the layout.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { launchBrowser, routeKey, serve } from '../e2e/harness';
import { report } from './report';

const bundle = (
  await build({ entryPoints: [join(import.meta.dirname, 'transcripts-page.ts')], bundle: true, format: 'iife', target: 'chrome120', write: false })
).outputFiles[0].text;
const origin = 'https://x.com/sidedesk-bench';

async function measure(layout: 'runs' | 'records') {
  const browser = await launchBrowser({ extension: false });
  try {
    const page = await browser.newPage();
    await serve(page, new Map([[routeKey(origin), '<!doctype html><title>bench</title>']]));
    await page.goto(origin);
    await page.addScriptTag({ content: bundle });
    return await page.evaluate((l) => (globalThis as unknown as { measureTranscripts(l: string): Promise<{ writeSeconds: number; readMs: number }> }).measureTranscripts(l), layout);
  } finally {
    await browser.close();
  }
}

const records = await measure('records');
const runs = await measure('runs');
report('transcripts of 50k tickets written in runs', runs.writeSeconds, 's', { baseline: records.writeSeconds });
report('one ticket’s messages read from its run', runs.readMs, 'ms', { baseline: records.readMs });
