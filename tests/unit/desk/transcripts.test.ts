import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeskDb } from '../../../lib/db';
import { entriesOf } from '../../../lib/desk/runs';
import { addToTranscripts, deleteTranscripts, messagesOf } from '../../../lib/desk/transcripts';
import type { Message } from '../../../lib/model';
import { customerFields, messageFields, templateFields, ticketFields } from '../../server/rows';

const message = (id: string, ticketId: string, text: string, createdAt: number, contentHash = `hash-${text}`): Message =>
  ({ ...messageFields(ticketId, { text, contentHash, createdAt }), id }) as Message;

const fresh = () => new DeskDb('transcripts', { indexedDB: new IDBFactory(), IDBKeyRange });
const texts = async (db: DeskDb, ticketId: string) => (await messagesOf(db.transcriptRuns, ticketId)).map((m) => m.text);

describe('transcripts', () => {
  it('keep each ticket’s messages in logged order, one copy of each', async () => {
    const db = fresh();
    await addToTranscripts(db.transcriptRuns, [message('m2', 't1', 'second', 2), message('m1', 't1', 'first', 1), message('m3', 't2', 'other', 1)]);
    // A pull sends m2 again, and a later line of t1.
    await addToTranscripts(db.transcriptRuns, [message('m2', 't1', 'second', 2), message('m4', 't1', 'third', 3)]);
    expect(await texts(db, 't1')).toEqual(['first', 'second', 'third']);
    expect(await texts(db, 't2')).toEqual(['other']);
    expect(await texts(db, 't0')).toEqual([]);
  });

  it('give way to the server’s copy of a line another browser logged first', async () => {
    const db = fresh();
    await addToTranscripts(db.transcriptRuns, [message('ours', 't1', 'Where is my parcel?', 5)]);
    await addToTranscripts(db.transcriptRuns, [message('theirs', 't1', 'Where is my parcel?', 4)]);
    expect((await messagesOf(db.transcriptRuns, 't1')).map((m) => m.id)).toEqual(['theirs']);
  });

  it('hold every ticket’s messages through any order of adds and deletes', async () => {
    const ticketId = (n: number) => `t${String(n).padStart(4, '0')}`;
    const operation = fc.oneof(
      fc.record({ add: fc.array(fc.record({ ticket: fc.nat(150), count: fc.integer({ min: 1, max: 40 }) }), { minLength: 1, maxLength: 40 }) }),
      fc.record({ remove: fc.array(fc.nat(150), { minLength: 1, maxLength: 20 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (operations) => {
        const db = fresh();
        const expected = new Map<string, string[]>();
        let next = 0;
        for (const op of operations) {
          if ('add' in op) {
            const added = op.add.flatMap(({ ticket, count }) => Array.from({ length: count }, () => message(`m${next}`, ticketId(ticket), `line ${next}`, next++)));
            await addToTranscripts(db.transcriptRuns, added);
            for (const m of added) expected.set(m.ticketId, [...(expected.get(m.ticketId) ?? []), m.text]);
          } else {
            await deleteTranscripts(db.transcriptRuns, op.remove.map(ticketId));
            for (const n of op.remove) expected.delete(ticketId(n));
          }
        }
        for (let n = 0; n <= 150; n++) expect(await texts(db, ticketId(n))).toEqual(expected.get(ticketId(n)) ?? []);
        // No run is left empty, and each ticket is in exactly one.
        const runs = await db.transcriptRuns.toArray();
        const held = runs.flatMap((run) => [...entriesOf(run).keys()]);
        expect(runs.every((run) => entriesOf(run).size > 0)).toBe(true);
        expect(held.sort()).toEqual([...expected.keys()].sort());
        db.close();
      }),
      { numRuns: 25 },
    );
  }, 30_000);

  it('fill runs one after another as a first copy brings tickets in id order', async () => {
    const db = fresh();
    for (let page = 0; page < 10; page++) {
      const messages = Array.from({ length: 1_000 }, (_, i) => page * 1_000 + i).map((m) => message(`m${m}`, `t${String(Math.floor(m / 4)).padStart(5, '0')}`, `line ${m}`, m));
      await addToTranscripts(db.transcriptRuns, messages);
    }
    // 2,500 tickets of 4 short messages, about 1.3 KB each: 26 runs of 128 KB when packed.
    expect(await db.transcriptRuns.count()).toBeLessThanOrEqual(30);
    expect(await texts(db, 't01234')).toEqual(['line 4936', 'line 4937', 'line 4938', 'line 4939']);
  });

  it('give a ticket with more messages than a run holds a run to itself', async () => {
    const db = fresh();
    const many = Array.from({ length: 2_500 }, (_, i) => message(`m${i}`, 't2', `line ${i}`, i));
    await addToTranscripts(db.transcriptRuns, [message('a', 't1', 'before', 1), ...many, message('b', 't3', 'after', 1)]);
    expect((await texts(db, 't2')).length).toBe(2_500);
    expect(await texts(db, 't1')).toEqual(['before']);
    expect(await texts(db, 't3')).toEqual(['after']);
    expect((await db.transcriptRuns.toArray()).map((run) => [...entriesOf(run).keys()])).toEqual([['t1'], ['t2'], ['t3']]);
  });
});

describe('the database upgrade from one row per message, ticket, customer and template', () => {
  it('moves messages into transcripts, tickets, customers and templates into runs, and each row’s seq onto the row', async () => {
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
    await old.table('customers').add({ id: 'c1', ...customerFields({ identities: [{ platform: 'x', handle: 'jane_doe' }] }), identityKeys: ['x:h:jane_doe'], words: [] });
    await old.table('tickets').add({ id: 't1', ...ticketFields('c1'), words: [], assignee: '', recency: 0 });
    await old.table('messages').bulkAdd([message('m2', 't1', 'later', 2), message('m1', 't1', 'first', 1)]);
    await old.table('templates').add({ id: 'p1', ...templateFields({ shortcut: 'refund' }) });
    await old.table('rowMeta').bulkAdd([
      { table: 'customers', rowId: 'c1', seq: 7 },
      { table: 'tickets', rowId: 't1', seq: 9 },
      { table: 'templates', rowId: 'p1', seq: 11 },
    ]);
    old.close();

    const db = new DeskDb('sidedesk', { indexedDB, IDBKeyRange });
    expect(await texts(db, 't1')).toEqual(['first', 'later']);
    expect([(await db.customers.get('c1'))!.syncSeq, (await db.tickets.get('t1'))!.syncSeq, (await db.templates.get('p1'))!.syncSeq]).toEqual([7, 9, 11]);
    expect(db.tables.map((t) => t.name)).not.toContain('messages');
    expect(db.tables.map((t) => t.name)).not.toContain('rowMeta');
    expect(db.tables.map((t) => t.name)).not.toContain('transcripts');
    expect(db.tables.map((t) => t.name)).not.toContain('tickets');
    expect(db.tables.map((t) => t.name)).not.toContain('customers');
    expect(db.tables.map((t) => t.name)).not.toContain('templates');
    expect((await db.templates.index()).withShortcut('refund').map((t) => t.id)).toEqual(['p1']);
    expect((await db.customers.index()).withIdentityKey('x:h:jane_doe').map((c) => c.id)).toEqual(['c1']);
    expect(await db.customers.get('c1')).not.toHaveProperty('identityKeys');
    expect((await db.tickets.index()).withConversationKey('x:dm:12-34')).toEqual([expect.objectContaining({ id: 't1', subject: 'Refund for order 1001' })]);
    expect(await db.tickets.get('t1')).not.toHaveProperty('recency');
  });

  it('turns runs stored as Maps of rows (schema 11) into JSON text, every entry kept', async () => {
    const indexedDB = new IDBFactory();
    const old = new Dexie('sidedesk', { indexedDB, IDBKeyRange });
    old.version(11).stores({ transcriptRuns: 'from', ticketRuns: 'from', customerRuns: 'from', templateRuns: 'from', notes: 'id, ticketId, customerId', conflicts: 'id, [table+rowId], at', outbox: '++id, [table+rowId]', meta: 'key' });
    const ticket = { id: 't1', ...ticketFields('c1'), syncSeq: 4 };
    await old.table('ticketRuns').add({ from: '', entries: new Map([['t1', ticket]]) });
    await old.table('customerRuns').add({ from: '', entries: new Map([['c1', { id: 'c1', ...customerFields() }]]) });
    await old.table('templateRuns').add({ from: '', entries: new Map([['p1', { id: 'p1', ...templateFields({ shortcut: 'refund' }) }]]) });
    await old.table('transcriptRuns').add({ from: '', entries: new Map([['t1', [message('m1', 't1', 'first', 1)]]]) });
    old.close();

    const db = new DeskDb('sidedesk', { indexedDB, IDBKeyRange });
    expect(await texts(db, 't1')).toEqual(['first']);
    expect(await db.tickets.get('t1')).toEqual(ticket);
    expect((await db.customers.index()).withIdentityKey('x:h:anacruz').map((c) => c.id)).toEqual(['c1']);
    expect((await db.templates.index()).withShortcut('refund').map((t) => t.id)).toEqual(['p1']);
    for (const table of [db.transcriptRuns, db.ticketRuns, db.customerRuns, db.templateRuns]) expect(typeof (await table.toArray())[0].entries).toBe('string');
  });
});
