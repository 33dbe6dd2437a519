/**
 * Bundled into a page by transcripts.bench.ts: a fresh browser's copy of 50k tickets' messages, as
 * a first sync applies them (pages of 200 tickets, one transaction each), stored in runs through
 * lib/desk/transcripts.ts or, as the baseline, one record per ticket.
 */
import Dexie from 'dexie';
import { DeskDb } from '../../lib/db';
import { addToTranscripts, messagesOf, transcriptsOf } from '../../lib/desk/transcripts';
import type { Message } from '../../lib/model';

const tickets = 50_000;
const ticketsPerPage = 200;
const reads = 500;
const id = (prefix: string, n: number) => prefix + String(n).padStart(26 - prefix.length, '0');

function page(first: number): Message[] {
  const messages: Message[] = [];
  for (let t = first; t < first + ticketsPerPage; t++) {
    for (let k = 0; k < 4; k++) {
      const text = `Message ${k} about order ${t}: where is my parcel?`;
      messages.push({ id: id('01JM', t * 4 + k), ticketId: id('01JT', t), role: 'customer', authorName: `Customer ${t}`, authorHandle: `customer${t}`, text, sentAt: 1_750_000_000_000, timeLabel: null, siteId: null, permalink: null, contentHash: id('h', t * 4 + k), createdAt: 1_750_000_000_000 + k, createdBy: id('01JA', 1) });
    }
  }
  return messages;
}

interface Store {
  write(messages: Message[]): Promise<unknown>;
  read(ticketId: string): Promise<unknown>;
}

function runs(): Store {
  const db = new DeskDb(`bench-runs-${Date.now()}`);
  return {
    write: (messages) => db.transaction('rw', db.transcriptRuns, (tx) => addToTranscripts(tx.table('transcriptRuns'), messages)),
    read: (ticketId) => messagesOf(db.transcriptRuns, ticketId),
  };
}

function recordPerTicket(): Store {
  const db = new Dexie(`bench-records-${Date.now()}`);
  db.version(1).stores({ transcripts: 'ticketId' });
  const table = db.table('transcripts');
  return {
    write: (messages) => table.bulkPut([...transcriptsOf(messages)].map(([ticketId, list]) => ({ ticketId, messages: list }))),
    read: (ticketId) => table.get(ticketId),
  };
}

/** Seconds to write every page, and milliseconds per read of one ticket's messages. */
(globalThis as { measureTranscripts?: unknown }).measureTranscripts = async (layout: 'runs' | 'records') => {
  const store = layout === 'runs' ? runs() : recordPerTicket();
  let started = performance.now();
  for (let first = 0; first < tickets; first += ticketsPerPage) await store.write(page(first));
  const writeSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  for (let i = 0; i < reads; i++) await store.read(id('01JT', (i * 7_919) % tickets));
  return { writeSeconds, readMs: (performance.now() - started) / reads };
};
