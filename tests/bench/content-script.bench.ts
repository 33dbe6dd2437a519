/**
 * The content script's cost to the page, each figure against the same page without the extension,
 * measured in this run: bundle size, time to the customer, scripting added to load and to a page
 * that appends 1,000 messages (also as the content script's share of the page's scripting, in one run).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { Browser, CDPSession, Page } from 'puppeteer';
import { fixtures } from '../fixtures';
import { extensionDir, inSidebar, launchBrowser, routesFor, serve, type Routes } from '../e2e/harness';
import { percentile, report } from './report';
import type {} from './react-rows';

const runs = Number(process.env.BENCH_RUNS ?? 7);
/** Long enough for the sidebar and everything it defers to the page's idle time. */
const settleMs = 2_500;
execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
const streamRows = (
  await build({ entryPoints: [join(import.meta.dirname, 'react-rows.tsx')], bundle: true, minify: true, format: 'iife', target: 'chrome120', write: false, define: { 'process.env.NODE_ENV': '"production"' } })
).outputFiles[0].text;

for (const file of readdirSync(`${extensionDir}/content-scripts`).filter((f) => f.endsWith('.js'))) {
  const gzipped = gzipSync(readFileSync(`${extensionDir}/content-scripts/${file}`)).length / 1024;
  report(`gzipped size of ${file}`, gzipped, 'KB', { budget: 45 });
}

const benchFixtures = ['x', 'instagram', 'facebook'].map((p) => fixtures.find((f) => f.expected.ok && f.expected.platform === p && f.expected.kind === 'dm')!);
const routes = routesFor(fixtures);
/**
 * The same pages with their own scripts removed (the editors): those run 180–250 ms at load, varying
 * by ±30 ms from one load to the next, which would drown a 25 ms budget. What the content script
 * does is the same on either: read the page, mount and render the sidebar, ask the background.
 */
const quietRoutes: Routes = new Map([...routes].map(([key, html]) => [key, html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '')]));
const withExtension = await launchBrowser();
const without = await launchBrowser({ extension: false });

/**
 * Puppeteer enables the Runtime domain on every page it drives, as DevTools does, and Chromium then
 * records the whole script stack (re-parsing each function on it for its source positions) wherever
 * an API notes its caller: WXT's content-script context calls window.postMessage with the bundle's
 * top level on the stack, 3–4 ms of parsing the 113 KB script again that a user without DevTools open
 * never pays (0.15 ms with the domain off). The loads are measured with it off.
 */
const inspected = (page: Page, on: boolean) => (page as unknown as { _client(): CDPSession })._client().send(on ? 'Runtime.enable' : 'Runtime.disable');

/** Main-thread script time of the page so far (content scripts run on that thread too), in seconds. */
const scriptSeconds = async (session: CDPSession) => {
  const { metrics } = await session.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'ScriptDuration')!.value;
};

/** What the DevTools Performance panel counts as scripting, on the page's main thread. */
const scriptingEvents = new Set(['EvaluateScript', 'v8.compile', 'v8.compileModule', 'v8.evaluateModule', 'FunctionCall', 'RunMicrotasks', 'TimerFire', 'EventDispatch', 'FireAnimationFrame', 'FireIdleCallback', 'MinorGC', 'MajorGC', 'V8.GCScavenger']);
type TraceEvent = { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { beginData?: { url?: string } } };

/**
 * Scripting during load and settle by trace, in milliseconds: ScriptDuration leaves out compiling
 * scripts and promise continuations that no browser callback started (a first render after an await is one).
 * `wall` is what the Performance panel shows. `cpu` is the time the main thread actually ran in those
 * spans: on a 2-core VM the browser's other processes take the core from under every task of the
 * page, which no extension's code can change and a machine with cores to spare does not add.
 * `ranShare` says how much: the share of their wall time the page's own parsing and layout ran.
 */
async function tracedLoad(browser: Browser, fixture: (typeof benchFixtures)[number]) {
  const page = await browser.newPage();
  await serve(page, quietRoutes);
  await inspected(page, false);
  await page.tracing.start({ categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute'] });
  await page.goto(fixture.url, { waitUntil: 'load' });
  await new Promise((r) => setTimeout(r, settleMs));
  const events: TraceEvent[] = JSON.parse(new TextDecoder().decode(await page.tracing.stop())).traceEvents;
  await page.close();
  const parse = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url === fixture.url)!;
  const scripting = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid && e.ph === 'X' && e.dur && scriptingEvents.has(e.name)).sort((x, y) => x.ts - y.ts);
  // Nested events (a function call inside a timer) count once: the union of their spans, each
  // uncovered part at its event's share of thread time.
  let wall = 0;
  let cpu = 0;
  let end = -Infinity;
  for (const { ts, dur, tdur } of scripting) {
    if (ts + dur! <= end) continue;
    const uncovered = ts + dur! - Math.max(ts, end);
    wall += uncovered;
    cpu += (uncovered * (tdur ?? dur!)) / dur!;
    end = ts + dur!;
  }
  const pageWork = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid && e.ph === 'X' && e.dur && (e.name === 'ParseHTML' || e.name === 'Layout'));
  const ranShare = pageWork.reduce((sum, e) => sum + (e.tdur ?? e.dur!), 0) / pageWork.reduce((sum, e) => sum + e.dur!, 0);
  return { wall: wall / 1000, cpu: cpu / 1000, ranShare };
}

type Traced = Awaited<ReturnType<typeof tracedLoad>>;

async function loadCost(browser: Browser, fixture: (typeof benchFixtures)[number], extension: boolean, pages = routes) {
  const page = await browser.newPage();
  const session = await page.createCDPSession();
  await session.send('Performance.enable');
  await serve(page, pages);
  await inspected(page, false);
  await page.goto(fixture.url, { waitUntil: 'load' });
  // Both pages are left alone for the same time: polling for the sidebar would run the driver's own
  // script in the page, and count as the extension's.
  await new Promise((r) => setTimeout(r, settleMs));
  const scripting = await scriptSeconds(session);
  await inspected(page, true);
  if (extension && !(await page.$(inSidebar('customer-name')))) throw new Error(`${fixture.name}: the sidebar did not show the customer within ${settleMs} ms of load`);
  const toCustomer = extension ? await page.evaluate(() => performance.measure('m', 'sidedesk:start', 'sidedesk:customer-shown').duration) : 0;
  return { page, session, scripting: scripting * 1000, toCustomer };
}

/**
 * The page renders 1,000 copies of its last message row with React, 20 a frame, as the sites render
 * history they load (tests/bench/react-rows.tsx): the page's own scripting is then what a site's
 * would be, not a few DOM calls that no budget in percent could be measured against. The row is the
 * page's own: the sidebar's shadow root is left out (it may show the same text).
 */
async function appendCost(page: Page, session: CDPSession, lastText: string) {
  await page.evaluate(streamRows);
  const before = await scriptSeconds(session);
  await appendRows(page, lastText);
  return ((await scriptSeconds(session)) - before) * 1000;
}

async function appendRows(page: Page, lastText: string) {
  await page.evaluate(async (text) => {
    const pageRoots = [...document.querySelectorAll('*')].flatMap((e) => (e.shadowRoot && e.localName !== 'sidedesk-sidebar' ? [e.shadowRoot] : []));
    const all = [...document.querySelectorAll('*'), ...pageRoots.flatMap((root) => [...root.querySelectorAll('*')])];
    let row = all.filter((e) => e.textContent?.includes(text) || e.getAttribute('aria-label')?.includes(text)).at(-1)!;
    while (row.parentElement && row.parentElement.children.length < 3) row = row.parentElement;
    await window.__streamRows(row, 1000, 20);
    await new Promise((r) => setTimeout(r, 500));
  }, lastText);
}

type ProfileNode = { id: number; callFrame: { url: string }; children?: number[] };

/**
 * The same append with the extension, its main-thread time split by whose code is on the stack
 * (V8's sampling profiler): the content script's (a chrome-extension:// frame anywhere on the
 * stack) against the page's own (any other script). Both come from one run of one page, so the
 * page's run-to-run noise (its own rendering varies by ±20 ms between loads) is in both alike.
 */
async function attributedAppend(page: Page, session: CDPSession, lastText: string) {
  await page.evaluate(streamRows);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  await session.send('Profiler.start');
  await appendRows(page, lastText);
  const { profile } = await session.send('Profiler.stop');
  const nodes = new Map<number, ProfileNode>(profile.nodes.map((n: ProfileNode) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of nodes.values()) for (const child of node.children ?? []) parent.set(child, node.id);
  const owner = new Map<number, 'extension' | 'page' | 'neither'>();
  const ownerOf = (id: number): 'extension' | 'page' | 'neither' => {
    let known = owner.get(id);
    if (known) return known;
    const url = nodes.get(id)!.callFrame.url;
    const up = parent.get(id);
    known = url.startsWith('chrome-extension://') ? 'extension' : up !== undefined && ownerOf(up) === 'extension' ? 'extension' : url ? 'page' : up !== undefined ? ownerOf(up) : 'neither';
    owner.set(id, known);
    return known;
  };
  const spent = { extension: 0, page: 0, neither: 0 };
  profile.samples!.forEach((id: number, i: number) => (spent[ownerOf(id)] += profile.timeDeltas![i] / 1000));
  return spent;
}

for (const fixture of benchFixtures) {
  if (!fixture.expected.ok) continue;
  // A line of plain text the page shows (stickers and photos read as "[…]" and are not on the page as such).
  const candidates = [...fixture.expected.messages, fixture.expected.lastMessage].filter((m) => m?.text && m.text.length > 3 && !m.text.startsWith('['));
  const lastText = candidates.at(-1)!.text!.slice(0, 12);
  const samples = { toCustomer: [] as number[], loadWith: [] as number[], loadWithout: [] as number[], quietWith: [] as number[], quietWithout: [] as number[], tracedWith: [] as Traced[], tracedWithout: [] as Traced[], appendWith: [] as number[], appendWithout: [] as number[], appendShare: [] as number[] };
  for (let i = 0; i < runs; i++) {
    for (const [browser, extension] of [[withExtension, true], [without, false]] as const) {
      const { page, session, scripting, toCustomer } = await loadCost(browser, fixture, extension);
      (extension ? samples.loadWith : samples.loadWithout).push(scripting);
      if (extension) samples.toCustomer.push(toCustomer);
      (extension ? samples.appendWith : samples.appendWithout).push(await appendCost(page, session, lastText));
      await page.close();
      const quiet = await loadCost(browser, fixture, extension, quietRoutes);
      (extension ? samples.quietWith : samples.quietWithout).push(quiet.scripting);
      await quiet.page.close();
      (extension ? samples.tracedWith : samples.tracedWithout).push(await tracedLoad(browser, fixture));
    }
    const profiled = await loadCost(withExtension, fixture, true);
    const { extension, page } = await attributedAppend(profiled.page, profiled.session, lastText);
    samples.appendShare.push(extension / page);
    await profiled.page.close();
  }
  const median = (xs: number[]) => percentile(xs, 50);
  report(`${fixture.name}: content-script start to customer shown (median)`, median(samples.toCustomer), 'ms', { budget: 150 });
  report(`${fixture.name}: scripting added to page load, the page's own scripts removed (median)`, median(samples.quietWith) - median(samples.quietWithout), 'ms', { budget: 25, baseline: median(samples.quietWithout) });
  report(`${fixture.name}:   the same on the page with its scripts (median; ±30 ms of the page's own noise)`, median(samples.loadWith) - median(samples.loadWithout), 'ms', { baseline: median(samples.loadWithout) });
  const traced = (side: Traced[], key: 'wall' | 'cpu') => median(side.map((t) => t[key]));
  report(`${fixture.name}:   the same by trace, the main thread's time running scripts as the Performance panel counts them (compiling and promise continuations too)`, traced(samples.tracedWith, 'cpu') - traced(samples.tracedWithout, 'cpu'), 'ms', { budget: 25, baseline: traced(samples.tracedWithout, 'cpu') });
  report(`${fixture.name}:   the same in wall-clock time, as the Performance panel shows it, including the time other processes held the core`, traced(samples.tracedWith, 'wall') - traced(samples.tracedWithout, 'wall'), 'ms', { baseline: traced(samples.tracedWithout, 'wall') });
  report(`${fixture.name}:   the share of wall time the main thread ran during the page's own parsing and layout, without the extension (how much this machine preempts it)`, median(samples.tracedWithout.map((t) => t.ranShare)) * 100, '%');
  report(`${fixture.name}: scripting added while appending 1,000 messages, the content script's against the page's own in the same run (median)`, median(samples.appendShare) * 100, '%', { budget: 10 });
  const added = median(samples.appendWith) / median(samples.appendWithout) - 1;
  report(`${fixture.name}:   the same from two pages, with and without the extension (median of each; the page's own varies by ±20 ms)`, added * 100, '%', { baseline: median(samples.appendWithout) });
}

await Promise.all([withExtension.close(), without.close()]);
