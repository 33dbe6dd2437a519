/**
 * Transcripts: each ticket's logged messages, in logged order. Every reader and writer goes through
 * here: logging (lib/desk/log.ts), applying a pull (lib/sync/pull.ts), erasing (customers.ts).
 *
 * They are stored in runs: one record holds the transcripts of tickets adjacent by id, from its
 * `from` up to the next run's, about 128 KB of them. IndexedDB's cost in Chromium is in LevelDB,
 * except for values past 64 KB, which it keeps as files beside it: a fresh browser copying 50k
 * tickets' messages (200k) took 7.4 s one record per ticket, 6.0 s in runs of about 35 KB, 2.7 s in
 * runs of about 90 KB. Ticket ids grow with time, so a first copy fills one run after another. A
 * run past its size splits, as a B-tree's leaf does; a run begun for tickets below every other run
 * starts at ''.
 */
import type { Table } from 'dexie';
import type { Message } from '../model';

export interface TranscriptRun {
  from: string;
  transcripts: Map<string, Message[]>;
}

export type TranscriptRuns = Table<TranscriptRun, string>;

/** A run splits past this estimated size; a ticket with more messages than that has a run to itself. */
const maxRunBytes = 128 * 1024;
/** About what a message takes stored: its text, and its ids, hash, names and times. */
const storedSize = (message: Message) => 300 + message.text.length;

/** Logged order: by creation time; one log writes several messages at once, so ties go by id, which is monotonic. */
export const byLogOrder = (a: Message, b: Message) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A ticket's messages in the order they were logged. */
export async function messagesOf(runs: TranscriptRuns, ticketId: string): Promise<Message[]> {
  const run = await runs.where(':id').belowOrEqual(ticketId).last();
  return run?.transcripts.get(ticketId) ?? [];
}

/** Messages grouped by ticket, each ticket's in logged order. */
export function transcriptsOf(messages: readonly Message[]): Map<string, Message[]> {
  const byTicket = new Map<string, Message[]>();
  for (const message of messages) {
    const list = byTicket.get(message.ticketId);
    if (list) list.push(message);
    else byTicket.set(message.ticketId, [message]);
  }
  for (const list of byTicket.values()) list.sort(byLogOrder);
  return byTicket;
}

/**
 * Adds messages to their tickets' transcripts. A message replaces the one with its id (a pull
 * sending it again) or with its content hash: when two browsers logged the same line, the server
 * kept the first, and ours (answered "duplicate") gives way to its copy.
 */
export async function addToTranscripts(runs: TranscriptRuns, messages: readonly Message[]): Promise<void> {
  if (messages.length === 0) return;
  await changeTranscripts(runs, transcriptsOf(messages), (stored, added) => {
    const ids = new Set(added.map((m) => m.id));
    const hashes = new Set(added.map((m) => m.contentHash));
    const kept = stored.filter((m) => !ids.has(m.id) && !hashes.has(m.contentHash));
    return kept.length ? [...kept, ...added].sort(byLogOrder) : added;
  });
}

/** Removes these tickets' transcripts (a deleted ticket, an erased customer). */
export async function deleteTranscripts(runs: TranscriptRuns, ticketIds: readonly string[]): Promise<void> {
  await changeTranscripts(runs, new Map(ticketIds.map((id) => [id, null])), () => []);
}

/**
 * Applies `merge` to each given ticket's stored messages, reading and writing each run concerned
 * once. The runs' keys are read first, one request, to know which run holds which ticket.
 */
async function changeTranscripts<T>(runs: TranscriptRuns, changes: Map<string, T>, merge: (stored: Message[], change: T) => Message[]): Promise<void> {
  const keys = (await runs.toCollection().primaryKeys()).sort();
  const byRun = new Map<string, string[]>();
  for (const ticketId of changes.keys()) {
    const from = runHolding(keys, ticketId);
    const ticketIds = byRun.get(from);
    if (ticketIds) ticketIds.push(ticketId);
    else byRun.set(from, [ticketId]);
  }
  const stored = await runs.bulkGet([...byRun.keys()]);
  const written: TranscriptRun[] = [];
  const emptied: string[] = [];
  [...byRun].forEach(([from, ticketIds], i) => {
    const transcripts = stored[i]?.transcripts ?? new Map<string, Message[]>();
    for (const ticketId of ticketIds) {
      const messages = merge(transcripts.get(ticketId) ?? [], changes.get(ticketId)!);
      if (messages.length) transcripts.set(ticketId, messages);
      else transcripts.delete(ticketId);
    }
    if (transcripts.size === 0) emptied.push(from);
    else written.push(...split({ from, transcripts }));
  });
  if (emptied.length) await runs.bulkDelete(emptied);
  if (written.length) await runs.bulkPut(written);
}

/** The `from` of the run a ticket belongs in: the greatest at or below its id, else '' (a run to begin). */
function runHolding(sortedKeys: readonly string[], ticketId: string): string {
  let [low, high] = [0, sortedKeys.length - 1];
  let found = '';
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (sortedKeys[middle] <= ticketId) [found, low] = [sortedKeys[middle], middle + 1];
    else high = middle - 1;
  }
  return found;
}

/** A run within its size, or runs that are: each filled in id order, the first keeping its `from`. */
function split(run: TranscriptRun): TranscriptRun[] {
  const sizes = new Map([...run.transcripts].map(([ticketId, messages]) => [ticketId, messages.reduce((sum, m) => sum + storedSize(m), 0)]));
  if ([...sizes.values()].reduce((a, b) => a + b, 0) <= maxRunBytes) return [run];
  const parts: TranscriptRun[] = [];
  let part: TranscriptRun | undefined;
  let size = 0;
  for (const ticketId of [...run.transcripts.keys()].sort()) {
    const ticketSize = sizes.get(ticketId)!;
    if (!part || size + ticketSize > maxRunBytes) {
      part = { from: part ? ticketId : run.from, transcripts: new Map() };
      parts.push(part);
      size = 0;
    }
    part.transcripts.set(ticketId, run.transcripts.get(ticketId)!);
    size += ticketSize;
  }
  return parts;
}
