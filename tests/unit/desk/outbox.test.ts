/**
 * Every local change writes its rows and its outbox entries together (DESIGN.md §5.1): each row
 * a change inserts or updates has its mutation, every mutation is one the server's schemas accept,
 * mutation ids only grow, and a change that fails leaves neither rows nor mutations.
 */
import { describe, expect, it } from 'vitest';
import type { DeskDb } from '../../../lib/db';
import { eraseCustomer, linkCustomers, unlinkIdentity, updateCustomer } from '../../../lib/desk/customers';
import { logConversation } from '../../../lib/desk/log';
import { addNote, setTicketsStatus, updateTicket, wakeDueSnoozes } from '../../../lib/desk/tickets';
import { fieldsSchema, mutationSchema } from '../../../lib/sync/protocol';
import { agentSays, customerSays, dump, instagramDm, makeDesk, minutes, start, storedMessages, xDm } from './helpers';

const rowTables = ['customers', 'tickets', 'notes'] as const;

async function snapshot(db: DeskDb) {
  const all = await dump(db);
  const rows = [...rowTables.flatMap((table) => all[table].map((row) => [table, row] as const)), ...(await storedMessages(db)).map((row) => ['messages', row] as const)];
  return {
    rows: new Map<string, string>(rows.map(([table, row]) => [`${table}:${row.id}`, JSON.stringify(row)] as const)),
    outbox: all.outbox,
  };
}

/** Runs `change` and checks that what it wrote and what it queued match. */
async function expectPaired(db: DeskDb, change: () => Promise<unknown>) {
  const before = await snapshot(db);
  await change();
  const after = await snapshot(db);
  const lastId = Math.max(0, ...before.outbox.map((m) => m.id));
  const queued = after.outbox.filter((m) => m.id > lastId);
  const ops = new Map<string, string[]>();
  for (const m of queued) ops.set(`${m.table}:${m.rowId}`, [...(ops.get(`${m.table}:${m.rowId}`) ?? []), m.op]);

  for (const [key, row] of after.rows) {
    if (!before.rows.has(key)) expect(ops.get(key), `insert of ${key}`).toContain('insert');
    else if (before.rows.get(key) !== row) expect(ops.get(key), `update of ${key}`).toContain('update');
  }
  const erases = queued.some((m) => m.op === 'erase');
  for (const key of before.rows.keys()) {
    // The server deletes what hangs off an erased customer itself.
    if (!after.rows.has(key)) expect(key.startsWith('customers:') ? ops.get(key) : erases, `removal of ${key}`).toBeTruthy();
  }
  for (const key of ops.keys()) {
    const changed = before.rows.get(key) !== after.rows.get(key);
    expect(changed || ops.get(key)!.includes('erase'), `mutation without a change: ${key}`).toBe(true);
  }
  for (const m of queued) {
    expect(mutationSchema.safeParse(m).error).toBeUndefined();
    expect(fieldsSchema(m.table, m.op)!.safeParse(m.fields).error, `${m.table} ${m.op} ${JSON.stringify(m.fields)}`).toBeUndefined();
  }
  return queued;
}

describe('the outbox', () => {
  it('pairs every write of every operation with mutations the server accepts, in increasing id order', async () => {
    const { desk, db, advance } = makeDesk();
    const thread = [customerSays('Order 4411?', { siteId: '1', sentAt: start - 5000, permalink: 'https://x.com/i/chat/12-34' }), agentSays('Looking', { siteId: '2' })];
    await expectPaired(db, () => logConversation(desk, { context: xDm(thread) }));
    await expectPaired(db, () => logConversation(desk, { context: xDm([...thread, customerSays('thanks', { siteId: '3' })]) }));
    await expectPaired(db, () => logConversation(desk, { context: instagramDm([customerSays('hi', { timeLabel: '2h' })]) }));
    const [x, ig] = await db.customers.toArray();
    const [ticket] = await db.tickets.toArray();

    await expectPaired(db, () => updateTicket(desk, ticket.id, { status: 'snoozed', snoozedUntil: start + minutes(5), tags: ['late'], priority: 'high' }));
    advance(minutes(6));
    await expectPaired(db, () => wakeDueSnoozes(desk));
    await expectPaired(db, () => setTicketsStatus(desk, [ticket.id], 'resolved'));
    await expectPaired(db, () => addNote(desk, { ticketId: ticket.id }, 'done'));
    await expectPaired(db, () => addNote(desk, { customerId: ig.id }, 'same person as on X'));
    await expectPaired(db, () => updateCustomer(desk, x.id, { phone: '+1 555 0100', attributes: { tier: 'gold' }, vip: true }));
    await expectPaired(db, () => linkCustomers(desk, x.id, ig.id));
    await expectPaired(db, () => unlinkIdentity(desk, x.id, { platform: 'instagram', handle: 'jane.ig' }));
    const queued = await expectPaired(db, () => eraseCustomer(desk, x.id));
    expect(queued.map((m) => m.op)).toEqual(['erase']);

    const ids = (await db.outbox.toArray()).map((m) => m.id!);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('never pushes local index fields or fields the server owns', async () => {
    const { desk, db } = makeDesk();
    await logConversation(desk, { context: xDm([customerSays('hi')]) });
    const fields = (await db.outbox.toArray()).flatMap((m) => Object.keys(m.fields));
    for (const owned of ['identityKeys', 'words', 'assignee', 'id', 'createdBy', 'updatedBy', 'number', 'statusHistory']) expect(fields).not.toContain(owned);
  });

  it('keeps the base seq of the row as last pulled, so the server can tell an overwrite', async () => {
    const { desk, db } = makeDesk();
    const { ticket } = await logConversation(desk, { context: xDm([customerSays('hi')]) });
    await db.tickets.update(ticket.id, { syncSeq: 41 });
    await updateTicket(desk, ticket.id, { priority: 'low' });
    expect((await db.outbox.toArray()).at(-1)).toMatchObject({ table: 'tickets', op: 'update', rowId: ticket.id, baseSeq: 41, fields: { priority: 'low' } });
  });

  it('writes nothing, neither rows nor mutations, when a change fails half way', async () => {
    const { desk, db } = makeDesk();
    await logConversation(desk, { context: xDm([customerSays('hi', { siteId: '1' })]) });
    const before = await dump(db);
    const die = () => {
      throw new Error('quota exceeded');
    };
    db.outbox.hook('creating', die);
    await expect(logConversation(desk, { context: xDm([customerSays('hi', { siteId: '1' }), customerSays('more', { siteId: '2' })]) })).rejects.toThrow('quota');
    await expect(logConversation(desk, { context: instagramDm([customerSays('new customer')]) })).rejects.toThrow('quota');
    db.outbox.hook('creating').unsubscribe(die);
    expect(await dump(db)).toEqual(before);
  });
});
