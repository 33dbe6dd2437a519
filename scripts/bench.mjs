#!/usr/bin/env node
// `npm run bench`: runs every tests/bench/*.bench.ts in turn. Each prints its figures as ratios to a
// baseline it measures in the same run, so results compare across machines.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2);
const benches = readdirSync('tests/bench').filter((f) => f.endsWith('.bench.ts') && (!only.length || only.some((o) => f.includes(o))));
let failed = 0;
for (const file of benches.sort()) {
  console.log(`\n== ${file}`);
  try {
    execFileSync('npx', ['tsx', `tests/bench/${file}`], { stdio: 'inherit' });
  } catch {
    failed++;
    console.log(`!! ${file} failed`);
  }
}
process.exit(failed ? 1 : 0);
