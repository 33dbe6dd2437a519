/**
 * Transcripts: a ticket's logged messages, stored as one record per ticket (lib/db.ts says why).
 * Both writers go through here: logging (lib/desk/log.ts) and applying a pull (lib/sync/pull.ts).
 */
import type { Table } from 'dexie';
import type { TranscriptRow } from '../db';
import type { Message } from '../model';

/** Logged order: by creation time; one log writes several messages at once, so ties go by id, which is monotonic. */
export const byLogOrder = (a: Message, b: Message) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Messages grouped into their tickets' transcripts, each in logged order. */
export function transcriptsOf(messages: readonly Message[]): TranscriptRow[] {
  const byTicket = new Map<string, Message[]>();
  for (const message of messages) {
    const list = byTicket.get(message.ticketId);
    if (list) list.push(message);
    else byTicket.set(message.ticketId, [message]);
  }
  return [...byTicket].map(([ticketId, list]) => ({ ticketId, messages: list.sort(byLogOrder) }));
}

/**
 * Adds messages to their tickets' transcripts, one read and one write per ticket that has some. A
 * message replaces the one with its id (a pull sending it again) or with its content hash: when two
 * browsers logged the same line, the server kept the first, and ours (answered "duplicate") gives
 * way to its copy.
 */
export async function addToTranscripts(transcripts: Table<TranscriptRow, string>, messages: readonly Message[]): Promise<void> {
  if (messages.length === 0) return;
  const incoming = transcriptsOf(messages);
  const stored = await storedAmong(transcripts, incoming.map((t) => t.ticketId));
  await transcripts.bulkPut(
    incoming.map(({ ticketId, messages: added }) => {
      const ids = new Set(added.map((m) => m.id));
      const hashes = new Set(added.map((m) => m.contentHash));
      const kept = (stored.get(ticketId)?.messages ?? []).filter((m) => !ids.has(m.id) && !hashes.has(m.contentHash));
      return { ticketId, messages: kept.length ? [...kept, ...added].sort(byLogOrder) : added };
    }),
  );
}

/**
 * The transcripts that exist for these tickets. Only ids up to the greatest stored can be there:
 * ticket ids grow with time, so a pull mostly brings tickets past it, and asking for each of those
 * would cost a request each for nothing.
 */
async function storedAmong(transcripts: Table<TranscriptRow, string>, ticketIds: string[]): Promise<Map<string, TranscriptRow>> {
  const greatest = (await transcripts.orderBy(':id').lastKey()) as string | undefined;
  const candidates = greatest === undefined ? [] : ticketIds.filter((id) => id <= greatest);
  const rows = candidates.length ? await transcripts.bulkGet(candidates) : [];
  return new Map(rows.flatMap((row) => (row ? [[row.ticketId, row] as const] : [])));
}
