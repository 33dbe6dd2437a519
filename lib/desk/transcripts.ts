/**
 * Transcripts: each ticket's logged messages, in logged order, stored in runs (lib/desk/runs.ts).
 * Every reader and writer goes through here: logging (lib/desk/log.ts), applying a pull
 * (lib/sync/pull.ts), erasing (customers.ts).
 */
import type { Message } from '../model';
import { changeEntries, entryOf, type Runs } from './runs';

export type TranscriptRuns = Runs<Message[]>;

/** Logged order: by creation time; one log writes several messages at once, so ties go by id, which is monotonic. */
export const byLogOrder = (a: Message, b: Message) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A ticket's messages in the order they were logged. */
export async function messagesOf(runs: TranscriptRuns, ticketId: string): Promise<Message[]> {
  return (await entryOf(runs, ticketId)) ?? [];
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
  await changeEntries(
    runs,
    transcriptsOf(messages),
    (stored = [], added) => {
      const ids = new Set(added.map((m) => m.id));
      const hashes = new Set(added.map((m) => m.contentHash));
      const kept = stored.filter((m) => !ids.has(m.id) && !hashes.has(m.contentHash));
      return kept.length ? [...kept, ...added].sort(byLogOrder) : added;
    },
  );
}

/** Removes these tickets' transcripts (a deleted ticket, an erased customer). */
export async function deleteTranscripts(runs: TranscriptRuns, ticketIds: readonly string[]): Promise<void> {
  await changeEntries(runs, new Map(ticketIds.map((id) => [id, null])), () => undefined);
}
