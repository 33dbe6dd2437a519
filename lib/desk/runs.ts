/**
 * Runs: entries keyed by id, many to an IndexedDB record. Transcripts (each ticket's messages),
 * tickets, customers and templates are stored this way, because IndexedDB in Chromium costs per
 * record, not per byte (docs/first-sync.md): a fresh browser copying 50k tickets' messages took
 * 7.4 s one record per ticket and 2.7 s in runs of about 90 KB; 50k tickets, 14–18 s as records
 * with their indexes and under a second in runs.
 *
 * A run holds the entries of ids adjacent in order, from its `from` up to the next run's, about
 * 128 KB of them: LevelDB keeps values past 64 KB as files beside it, where size costs little. Ids
 * are ULIDs, which grow with time, so a first copy fills one run after another. A run past its size
 * splits, as a B-tree's leaf does; a run begun for ids below every other run starts at ''.
 *
 * A run's entries are stored as JSON text: IndexedDB copies a string in one piece, and a Map of
 * rows field by field. Writing 50k tickets took 160–180 ms as text against 290–330 ms as objects,
 * and reading them back 180 ms against 210–250 ms (Chromium, 250 runs of 200 tickets).
 */
import type { Table } from 'dexie';

/** JSON text of a `T`. */
export type JsonOf<T> = string & { readonly __jsonOf?: T };

/** A run as stored: its `[id, entry]` pairs, in id order. */
export interface Run<V> {
  from: string;
  entries: JsonOf<[string, V][]>;
}

export type Runs<V> = Table<Run<V>, string>;

/** A run past this many characters of JSON splits; an entry bigger than that has a run to itself. */
const maxRunLength = 128 * 1024;

/** A stored run's entries, by id. */
export const entriesOf = <V>(run: Run<V>): Map<string, V> => new Map(JSON.parse(run.entries) as [string, V][]);

/** The entry stored under `id`, reading the one run that can hold it. */
export async function entryOf<V>(runs: Runs<V>, id: string): Promise<V | undefined> {
  const run = await runs.where(':id').belowOrEqual(id).last();
  return run && entriesOf(run).get(id);
}

/** Every entry, in id order. */
export async function allEntries<V>(runs: Runs<V>): Promise<V[]> {
  return (await runs.toArray()).flatMap((run) => (JSON.parse(run.entries) as [string, V][]).map(([, entry]) => entry));
}

/**
 * Sets each given id's entry to what `merge` makes of the stored one (undefined: none) and the
 * change; undefined removes it. Reads and writes each run concerned once. The runs' keys are read
 * first, one request, to know which run holds which id.
 */
export async function changeEntries<V, C>(runs: Runs<V>, changes: ReadonlyMap<string, C>, merge: (stored: V | undefined, change: C) => V | undefined): Promise<void> {
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
    const entries = stored[i] ? entriesOf(stored[i]) : new Map<string, V>();
    for (const id of ids) {
      const entry = merge(entries.get(id), changes.get(id)!);
      if (entry === undefined) entries.delete(id);
      else entries.set(id, entry);
    }
    if (entries.size === 0) emptied.push(from);
    else written.push(...split(from, entries));
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

/** The entries as runs within their size, filled in id order, the first keeping `from`. */
function split<V>(from: string, entries: ReadonlyMap<string, V>): Run<V>[] {
  const runs: Run<V>[] = [];
  let run = { from, pairs: [] as string[], length: 0 };
  for (const id of [...entries.keys()].sort()) {
    const pair = JSON.stringify([id, entries.get(id)]);
    if (run.pairs.length && run.length + pair.length > maxRunLength) {
      runs.push({ from: run.from, entries: `[${run.pairs.join(',')}]` });
      run = { from: id, pairs: [], length: 0 };
    }
    run.pairs.push(pair);
    run.length += pair.length + 1;
  }
  runs.push({ from: run.from, entries: `[${run.pairs.join(',')}]` });
  return runs;
}
