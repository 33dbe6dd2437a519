/**
 * Template search and render with 10,000 templates: `npx tsx tests/bench/templates.bench.ts`.
 * Real queries are typed one character at a time; each keystroke is one search, as in the picker.
 * Prints one figure per line (tests/bench/report.ts), with a plain linear scan as the same-run baseline.
 */
import { cpus, loadavg } from 'node:os';
import { fold } from '../../lib/templates/fold';
import { createIncludeLookup, parseTemplate, render, starterPack, TemplateIndex, type SearchableTemplate, type SearchOptions } from '../../lib/templates';
import type { Platform } from '../../lib/sites/types';
import { percentile, report } from './report';

const TEMPLATES = 10_000;
const ROUNDS = 30;
const queries = ['refund', 'order number', ';ack-fil', 'salamat po', 'спасибо', 'shipping delay', 'where is my'];
const options: SearchOptions = { platform: 'x', limit: 50 };

/** Deterministic, so runs compare. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(42);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];

const supportWords = (
  'refund order number shipping delay delivery tracking package return exchange warranty account password login payment card ' +
  'invoice receipt discount voucher promo store hours branch address phone email sorry thanks welcome help please update status ' +
  'cancel subscription plan upgrade damaged missing wrong size colour replacement courier pickup weekend holiday where is my'
).split(' ');
const starterWords = starterPack.flatMap((template) => template.body.replace(/\{\{[^}]*\}\}/g, ' ').split(/\s+/)).filter(Boolean);
const vocabulary = [...supportWords, ...starterWords];
const sentence = (min: number, max: number) => Array.from({ length: min + Math.floor(random() * (max - min)) }, () => pick(vocabulary)).join(' ');
const platformChoices: Platform[][] = [[], [], ['x'], ['instagram'], ['facebook'], ['instagram', 'facebook']];

const templates: SearchableTemplate[] = Array.from({ length: TEMPLATES }, (_, i) => ({
  id: `t${i}`,
  title: sentence(2, 6),
  shortcut: random() < 0.8 ? `${pick(supportWords)}-${i}` : null,
  body: `Hi {{customer.first_name|there}}, ${sentence(20, 90)}. {{> sign}}`,
  folder: pick([null, 'Billing', 'Shipping', 'Accounts']),
  tags: [pick(supportWords)],
  language: pick(['en', 'en', 'fil', 'ms', 'id', 'ru']),
  platforms: pick(platformChoices),
  scope: random() < 0.2 ? 'personal' : 'team',
  approved: random() < 0.9,
  usageCount: Math.floor(1 / (random() + 0.001)),
  lastUsedAt: random() < 0.7 ? Math.floor(random() * 1e12) : null,
}));
templates.push({ ...templates[0], id: 'sign', title: 'Signature', shortcut: 'sign', body: '\n— {{agent.first_name|The team}}' });
starterPack.forEach((template, i) => templates.push({ ...template, id: `starter${i}`, usageCount: 5, lastUsedAt: null }));

/** Wall-clock and CPU milliseconds per keystroke. CPU time shows the work when other processes share the cores. */
function timeKeystrokes(search: (query: string) => unknown): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const query of queries) {
      for (let length = 1; length <= query.length; length++) {
        const cpuStart = process.cpuUsage();
        const start = performance.now();
        search(query.slice(0, length));
        wall.push(performance.now() - start);
        const used = process.cpuUsage(cpuStart);
        cpu.push((used.user + used.system) / 1000);
      }
    }
  }
  return { wall, cpu };
}

/** The obvious alternative: fold the query, test every template with `includes`, sort the matches by usage. */
const folded = templates.map((template) => fold(`${template.shortcut ?? ''} ${template.title} ${template.body}`));
function linearScan(query: string) {
  const wanted = fold(query.replace(/^[;/]/, '').trim());
  const matches: SearchableTemplate[] = [];
  templates.forEach((template, i) => {
    const suits = !template.platforms.length || template.platforms.includes(options.platform!);
    if (suits && folded[i].includes(wanted)) matches.push(template);
  });
  return matches.sort((a, b) => b.usageCount - a.usageCount).slice(0, options.limit);
}

const buildCpuStart = process.cpuUsage();
let start = performance.now();
const index = new TemplateIndex(templates);
const buildMs = performance.now() - start;
const buildCpu = process.cpuUsage(buildCpuStart);

timeKeystrokes((query) => index.search(query, options)); // warm-up: let the JIT settle
timeKeystrokes(linearScan);
const indexed = timeKeystrokes((query) => index.search(query, options));
const linear = timeKeystrokes(linearScan);

function timeUpserts(change: (template: SearchableTemplate) => SearchableTemplate): number[] {
  const samples: number[] = [];
  for (let i = 0; i < 300; i++) {
    const at = Math.floor(random() * TEMPLATES);
    const changed = change(templates[at]);
    start = performance.now();
    index.upsert(changed);
    samples.push(performance.now() - start);
    templates[at] = changed;
  }
  return samples;
}
const uses = timeUpserts((template) => ({ ...template, usageCount: template.usageCount + 1, lastUsedAt: Date.now() }));
const edits = timeUpserts((template) => ({ ...template, title: `${template.title} (edited)` }));

const includes = createIncludeLookup(templates);
const context = { customer: { name: 'Maria Clara Santos' }, agent: { name: 'Ana Reyes' } };
const renders: number[] = [];
const parsedRenders: number[] = [];
for (let i = 0; i < 5_000; i++) {
  const template = templates[i % TEMPLATES];
  start = performance.now();
  render(template.body, context, { shortcut: template.shortcut, includes });
  renders.push(performance.now() - start);
  const parsed = parseTemplate(template.body);
  if (!parsed.ok) throw new Error(`generated template ${template.id} does not parse`);
  start = performance.now();
  render(parsed.tree, context, { shortcut: template.shortcut, includes });
  parsedRenders.push(performance.now() - start);
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
const p = (samples: number[], at: number) => percentile(samples, at);

console.log(`templates: ${templates.length}; keystrokes timed: ${indexed.wall.length}`);
// Figures are wall-clock unless marked CPU; on a shared machine wall-clock grows with its load.
console.log(`machine load average, 1 min: ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
report('index build', buildMs, 'ms', { budget: 1000 });
report('index build, CPU', cpuMs(buildCpu), 'ms', { budget: 1000 });
report('search per keystroke p50', p(indexed.wall, 50), 'ms', { budget: 2, baseline: p(linear.wall, 50) });
report('search per keystroke p95', p(indexed.wall, 95), 'ms', { budget: 2, baseline: p(linear.wall, 95) });
report('search per keystroke max', Math.max(...indexed.wall), 'ms', { budget: 16, baseline: Math.max(...linear.wall) });
report('search per keystroke p95, CPU', p(indexed.cpu, 95), 'ms', { budget: 2, baseline: p(linear.cpu, 95) });
report('search p50 / linear includes scan p50', p(indexed.wall, 50) / p(linear.wall, 50), '×', { budget: 1 });
report('search p95 / linear includes scan p95', p(indexed.wall, 95) / p(linear.wall, 95), '×', { budget: 1 });
report('search p95 / linear includes scan p95, CPU', p(indexed.cpu, 95) / p(linear.cpu, 95), '×', { budget: 1 });
report('upsert after a use p95', p(uses, 95), 'ms', { budget: 1 });
report('upsert after an edit p95', p(edits, 95), 'ms', { budget: 16 });
report('parse + render p50', p(renders, 50) * 1000, 'µs', { budget: 1000 });
report('parse + render p95', p(renders, 95) * 1000, 'µs', { budget: 1000 });
report('render of a parsed tree p95', p(parsedRenders, 95) * 1000, 'µs', { budget: 1000 });
