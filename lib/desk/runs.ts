/**
 * Runs: entries keyed by ticket id, many to an IndexedDB record. Transcripts (each ticket's
 * messages) and tickets themselves are stored this way, because IndexedDB in Chromium costs per
 * record, not per byte (docs/first-sync.md): a fresh browser copying 50k tickets' messages took
 * 7.4 s one record per ticket and 2.7 s in runs of about 90 KB; 50k tickets, 14–18 s as records
 * with their indexes and under a second in runs.
 *
 * A run holds the entries of ids adjacent in order, from its `from` up to the next run's, about
 * 128 KB of them: LevelDB keeps values past 64 KB as files beside it, where size costs little. Ids
 * are ULIDs, which grow with time, so a first copy fills one run after another. A run past its size
 * splits, as a B-tree's leaf does; a run begun for ids below every other run starts at ''.
 */
import type { Table } from 'dexie';

export interface Run<V> {
  from: string;
  entries: Map<string, V>;
}

export type Runs<V> = Table<Run<V>, string>;

/** A run splits past this estimated size; an entry bigger than that has a run to itself. */
const maxRunBytes = 128 * 1024;

/** The entry stored under `id`, reading the one run that can hold it. */
export async function entryOf<V>(runs: Runs<V>, id: string): Promise<V | undefined> {
  const run = await runs.where(':id').belowOrEqual(id).last();
  return run?.entries.get(id);
}

/** Every entry, in id order of runs (within a run, in the order they were set). */
export async function allEntries<V>(runs: Runs<V>): Promise<V[]> {
  return (await runs.toArray()).flatMap((run) => [...run.entries.values()]);
}

/**
 * Sets each given id's entry to what `merge` makes of the stored one (undefined: none) and the
 * change; undefined removes it. Reads and writes each run concerned once. The runs' keys are read
 * first, one request, to know which run holds which id.
 */
export async function changeEntries<V, C>(
  runs: Runs<V>,
  changes: ReadonlyMap<string, C>,
  merge: (stored: V | undefined, change: C) => V | undefined,
  sizeOf: (entry: V) => number,
): Promise<void> {
  if (changes.size === 0) return;
  const keys = (await runs.toCollection().primaryKeys()).sort();
  const byRun = new Map<string, string[]>();
  for (const id of changes.keys()) {
    const from = runHolding(keys, id);
    const ids = byRun.get(from);
    if (ids) ids.push(id);
    else byRun.set(from, [id]);
  }
  const stored = await runs.bulkGet([...byRun.keys()]);
  const written: Run<V>[] = [];
  const emptied: string[] = [];
  [...byRun].forEach(([from, ids], i) => {
    const entries = stored[i]?.entries ?? new Map<string, V>();
    for (const id of ids) {
      const entry = merge(entries.get(id), changes.get(id)!);
      if (entry === undefined) entries.delete(id);
      else entries.set(id, entry);
    }
    if (entries.size === 0) emptied.push(from);
    else written.push(...split({ from, entries }, sizeOf));
  });
  if (emptied.length) await runs.bulkDelete(emptied);
  if (written.length) await runs.bulkPut(written);
}

/** The `from` of the run an id belongs in: the greatest at or below it, else '' (a run to begin). */
function runHolding(sortedKeys: readonly string[], id: string): string {
  let [low, high] = [0, sortedKeys.length - 1];
  let found = '';
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (sortedKeys[middle] <= id) [found, low] = [sortedKeys[middle], middle + 1];
    else high = middle - 1;
  }
  return found;
}

/** A run within its size, or runs that are: each filled in id order, the first keeping its `from`. */
function split<V>(run: Run<V>, sizeOf: (entry: V) => number): Run<V>[] {
  const sizes = new Map([...run.entries].map(([id, entry]) => [id, sizeOf(entry)]));
  if ([...sizes.values()].reduce((a, b) => a + b, 0) <= maxRunBytes) return [run];
  const parts: Run<V>[] = [];
  let part: Run<V> | undefined;
  let size = 0;
  for (const id of [...run.entries.keys()].sort()) {
    const entrySize = sizes.get(id)!;
    if (!part || size + entrySize > maxRunBytes) {
      part = { from: part ? id : run.from, entries: new Map() };
      parts.push(part);
      size = 0;
    }
    part.entries.set(id, run.entries.get(id)!);
    size += entrySize;
  }
  return parts;
}
