import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DeskDb } from '../../../lib/db';
import { addToTranscripts } from '../../../lib/desk/transcripts';
import type { Message } from '../../../lib/model';
import { customerFields, messageFields, ticketFields } from '../../server/rows';

const message = (id: string, ticketId: string, text: string, createdAt: number, contentHash = `hash-${text}`): Message =>
  ({ ...messageFields(ticketId, { text, contentHash, createdAt }), id }) as Message;

describe('transcripts', () => {
  it('keep each ticket’s messages in logged order, one copy of each', async () => {
    const db = new DeskDb('transcripts', { indexedDB: new IDBFactory(), IDBKeyRange });
    await addToTranscripts(db.transcripts, [message('m2', 't1', 'second', 2), message('m1', 't1', 'first', 1), message('m3', 't2', 'other', 1)]);
    // A pull sends m2 again, and a later line of t1.
    await addToTranscripts(db.transcripts, [message('m2', 't1', 'second', 2), message('m4', 't1', 'third', 3)]);
    expect((await db.transcripts.get('t1'))!.messages.map((m) => m.text)).toEqual(['first', 'second', 'third']);
    expect((await db.transcripts.get('t2'))!.messages.map((m) => m.text)).toEqual(['other']);
  });

  it('give way to the server’s copy of a line another browser logged first', async () => {
    const db = new DeskDb('transcripts', { indexedDB: new IDBFactory(), IDBKeyRange });
    await addToTranscripts(db.transcripts, [message('ours', 't1', 'Where is my parcel?', 5)]);
    await addToTranscripts(db.transcripts, [message('theirs', 't1', 'Where is my parcel?', 4)]);
    expect((await db.transcripts.get('t1'))!.messages.map((m) => m.id)).toEqual(['theirs']);
  });
});

describe('the database upgrade from one row per message', () => {
  it('moves messages into transcripts and each row’s seq onto the row', async () => {
    const indexedDB = new IDBFactory();
    const old = new Dexie('sidedesk', { indexedDB, IDBKeyRange });
    old.version(1).stores({
      customers: 'id, *identityKeys, *words',
      tickets:
        'id, conversationKey, customerId, [customerId+recency], number, *tags, *words, [recency+id], [status+recency+id], [assignee+recency+id], [platform+recency+id], [status+snoozedUntil]',
      messages: 'id, &[ticketId+contentHash], [ticketId+createdAt]',
      notes: 'id, ticketId, customerId',
      templates: 'id, shortcut, folder, *tags, updatedAt',
      conflicts: 'id, [table+rowId], at',
      outbox: '++id, [table+rowId]',
      rowMeta: '[table+rowId]',
      meta: 'key',
    });
    await old.table('customers').add({ id: 'c1', ...customerFields(), identityKeys: [], words: [] });
    await old.table('tickets').add({ id: 't1', ...ticketFields('c1'), words: [], assignee: '', recency: 0 });
    await old.table('messages').bulkAdd([message('m2', 't1', 'later', 2), message('m1', 't1', 'first', 1)]);
    await old.table('rowMeta').bulkAdd([
      { table: 'customers', rowId: 'c1', seq: 7 },
      { table: 'tickets', rowId: 't1', seq: 9 },
    ]);
    old.close();

    const db = new DeskDb('sidedesk', { indexedDB, IDBKeyRange });
    expect((await db.transcripts.get('t1'))!.messages.map((m) => m.text)).toEqual(['first', 'later']);
    expect([(await db.customers.get('c1'))!.syncSeq, (await db.tickets.get('t1'))!.syncSeq]).toEqual([7, 9]);
    expect(db.tables.map((t) => t.name)).not.toContain('messages');
    expect(db.tables.map((t) => t.name)).not.toContain('rowMeta');
  });
});
