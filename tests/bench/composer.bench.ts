/**
 * Insertion into each site's composer (fixture editors built with the real libraries): time from
 * the call to a verified insert, p50 and p95, against typing the same line with the keyboard in
 * the same run. Budget: 100 ms. Run: npx tsx tests/bench/composer.bench.ts
 */
import { launchBrowser } from '../e2e/harness';
import { buildFixtureEditors } from '../fixtures/editors/build';
import { bundleComposerScripts, openComposerTab, type ComposerTab } from '../fixtures/editors/driver';
import { composerPages } from '../fixtures/editors/pages';
import { percentile, report } from './report';

const runs = Number(process.env.BENCH_RUNS ?? 30);
const texts = {
  'one line': 'Thanks for getting in touch, Jane! Your order #48213 ships today 📦',
  'multi-line': 'Hi Jane,\nThanks for getting in touch.\nYour order #48213 ships today 📦\n\nThe Support Team',
};

const [scripts, browser] = await Promise.all([bundleComposerScripts(), buildFixtureEditors().then(() => launchBrowser({ extension: false }))]);

/** Milliseconds inside the page from the call to the verified result; throws when the insert failed or is wrong. */
async function timedInsert(tab: ComposerTab, text: string): Promise<number> {
  const { ok, ms } = await tab.isolated<{ ok: boolean; ms: number }>(
    `(async () => { const start = performance.now(); const result = await composerUnderTest.insert(${JSON.stringify(text)}); return { ok: result.ok, ms: performance.now() - start }; })()`,
  );
  const state = await tab.stateText();
  if (!ok || state !== text) throw new Error(`insert failed or wrong: ${JSON.stringify(state)}`);
  return ms;
}

/** The baseline: the same line typed key by key (what the agent would otherwise do), median of a few. */
async function typedMs(tab: ComposerTab, editable: string, text: string): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    await tab.reset();
    await tab.page.click(editable);
    const start = performance.now();
    await tab.page.keyboard.type(text);
    await tab.page.waitForFunction((wanted) => window.__fixtureEditorText() === wanted, {}, text);
    samples.push(performance.now() - start);
  }
  return percentile(samples, 50);
}

try {
  for (const fixture of composerPages) {
    const tab = await openComposerTab(browser, fixture, scripts);
    const baseline = await typedMs(tab, fixture.editable, texts['one line']);
    for (const [label, text] of Object.entries(texts)) {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        await tab.reset();
        samples.push(await timedInsert(tab, text));
      }
      for (const p of [50, 95]) {
        report(`${fixture.composer}: insert ${label} (p${p}, ${runs} runs)`, percentile(samples, p), 'ms', { budget: 100, baseline: label === 'one line' ? baseline : undefined });
      }
    }
    await tab.page.close();
  }
  console.log('baseline: page.keyboard.type of the one-line text into the same composer, median of 3');
} finally {
  await browser.close();
}
