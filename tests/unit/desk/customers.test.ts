/** The customer card: matching by identity, edits, linking across networks, unlinking, erasing everything. */
import { describe, expect, it } from 'vitest';
import { addCustomer, eraseCustomer, findCustomers, linkCustomers, unlinkIdentity, updateCustomer } from '../../../lib/desk/customers';
import { logConversation } from '../../../lib/desk/log';
import { addNote, updateTicket } from '../../../lib/desk/tickets';
import { getDeskView } from '../../../lib/desk/view';
import { agentSays, customerSays, dump, instagramDm, makeDesk, minutes, xDm, storedMessages } from './helpers';

const historyKinds = (view: Awaited<ReturnType<typeof getDeskView>>) =>
  view.history.map((e) => (e.kind === 'ticket' ? `ticket ${e.ticket.platform}` : e.kind === 'note' ? `note ${e.note.text}` : `message ${e.message.text}`));

describe('the desk view', () => {
  it('finds the customer by handle whatever its case, or by network user id, with this thread and its history', async () => {
    const { desk, advance } = makeDesk();
    await logConversation(desk, { context: xDm([customerSays('First thread', { siteId: '1' })], { conversationKey: 'x:dm:old' }) });
    advance(minutes(1));
    const { ticket } = await logConversation(desk, { context: xDm([customerSays('Second thread', { siteId: '2' })]) });

    const view = await getDeskView(desk, { identity: { platform: 'x', handle: '@JANE_DOE' }, conversationKey: 'x:dm:12-34' });
    expect(view.customer?.name).toBe('Jane Doe');
    expect(view.ticket?.ticket.id).toBe(ticket.id);
    expect(view.ticket?.messages.map((m) => m.text)).toEqual(['Second thread']);
    // This thread is shown in full beside the history, so the history holds the other one.
    expect(historyKinds(view)).toEqual(['ticket x', 'message First thread']);

    await logConversation(desk, { context: instagramDm([customerSays('hi', { siteId: 'i1' })]) });
    const byUserId = await getDeskView(desk, { identity: { platform: 'instagram', handle: 'renamed.later', userId: '5566' } });
    expect(byUserId.customer?.identities[0].handle).toBe('jane.ig');
  });

  it('shows nothing of anyone for a stranger, and pages long histories newest first', async () => {
    const { desk, advance } = makeDesk();
    expect(await getDeskView(desk, { identity: { platform: 'x', handle: 'nobody' } })).toMatchObject({ customer: null, ticket: null, history: [], historyMore: false });

    for (let i = 0; i < 5; i++) {
      advance(minutes(1));
      await logConversation(desk, { context: xDm([customerSays(`m${i}`, { siteId: `s${i}` })], { conversationKey: `x:dm:${i}` }) });
    }
    const first = await getDeskView(desk, { identity: xDm([]).customer, historyLimit: 4 });
    expect(historyKinds(first)).toEqual(['ticket x', 'message m4', 'ticket x', 'message m3']);
    expect(first.historyMore).toBe(true);
    const all = await getDeskView(desk, { identity: xDm([]).customer, historyLimit: 50 });
    expect(historyKinds(all).filter((k) => k.startsWith('message'))).toEqual(['m4', 'm3', 'm2', 'm1', 'm0'].map((m) => `message ${m}`));
    expect(all.historyMore).toBe(false);
  });
  it('gives the same newest entries whatever the limit, across many tickets', async () => {
    const { desk, advance } = makeDesk();
    for (let t = 0; t < 12; t++) {
      advance(minutes(t % 3 ? 7 : 1));
      const thread = [0, 1, 2].map((m) => customerSays(`t${t} m${m}`, { siteId: `${t}-${m}`, sentAt: Date.UTC(2025, 0, 1) + (t * 37 + m * 101) * 60_000 }));
      await logConversation(desk, { context: xDm(thread, { conversationKey: `x:dm:${t}` }) });
    }
    const everything = historyKinds(await getDeskView(desk, { identity: xDm([]).customer, historyLimit: 1000 }));
    expect(everything).toHaveLength(48);
    for (const limit of [1, 5, 13, 30]) expect(historyKinds(await getDeskView(desk, { identity: xDm([]).customer, historyLimit: limit }))).toEqual(everything.slice(0, limit));
  });

  it('gives the same newest entries whatever the limit when tickets were updated after their messages, several at once', async () => {
    const { desk, advance } = makeDesk();
    const ids: string[] = [];
    for (let t = 0; t < 9; t++) {
      advance(minutes(5));
      const thread = [0, 1].map((m) => customerSays(`t${t} m${m}`, { siteId: `${t}-${m}` }));
      ids.push((await logConversation(desk, { context: xDm(thread, { conversationKey: `x:dm:${t}` }) })).ticket.id);
    }
    advance(minutes(60));
    // Resolved in one go, days later: every ticket updated at the same moment, newer than any message.
    for (const id of ids.slice(0, 6)) await updateTicket(desk, id, { status: 'resolved' });
    await addNote(desk, { ticketId: ids[7] }, 'Called back');
    const view = (limit: number) => getDeskView(desk, { identity: xDm([]).customer, historyLimit: limit });
    const everything = await view(1000);
    expect(everything.history).toHaveLength(9 + 18 + 1);
    expect(everything.historyMore).toBe(false);
    for (const limit of [1, 4, 6, 7, 10, 27]) {
      const page = await view(limit);
      expect(historyKinds(page)).toEqual(historyKinds(everything).slice(0, limit));
      expect(page.historyMore).toBe(true);
    }
  });
});

describe('editing a customer', () => {
  it('makes the customer on the page one of the team’s before anything is logged, once; a later log is theirs', async () => {
    const { desk, db } = makeDesk();
    const context = xDm([customerSays('hi')]);
    const added = await addCustomer(desk, context.customer);
    expect(added).toMatchObject({ name: 'Jane Doe', identities: [{ platform: 'x', handle: 'jane_doe' }] });
    expect((await addCustomer(desk, { ...context.customer, displayName: 'Someone else' })).id).toBe(added.id);
    await updateCustomer(desk, added.id, { vip: true });

    const { customer } = await logConversation(desk, { context });
    expect(customer).toMatchObject({ id: added.id, vip: true });
    expect(await db.customers.count()).toBe(1);
    expect((await db.outbox.toArray()).filter((m) => m.table === 'customers').map((m) => m.op)).toEqual(['insert', 'update']);
    await expect(addCustomer(desk, { platform: 'x', handle: '' })).rejects.toThrow();
  });

  it('saves name, email, phone, language, tags, VIP, notes and custom attributes; an emptied field is cleared', async () => {
    const { desk, db } = makeDesk();
    const { customer } = await logConversation(desk, { context: xDm([customerSays('hi')]) });
    const changes = { name: 'Jane Q. Doe', email: 'jane@example.com', phone: '+63 917 000 0000', language: 'fil', tags: ['wholesale'], vip: true, notes: 'Call after 5pm', attributes: { plan: 'gold', orders: 12 } };
    expect(await updateCustomer(desk, customer.id, changes)).toMatchObject(changes);
    await updateCustomer(desk, customer.id, { email: '' });
    expect(await db.customers.get(customer.id)).toMatchObject({ ...changes, email: null });
    await expect(updateCustomer(desk, customer.id, { email: 'not an email' })).rejects.toThrow();
  });

  it('finds customers to link by any word of their name, handle or email', async () => {
    const { desk } = makeDesk();
    const { customer: jane } = await logConversation(desk, { context: xDm([customerSays('hi')]) });
    await logConversation(desk, { context: instagramDm([customerSays('hi')]) });
    await updateCustomer(desk, jane.id, { email: 'jq@example.com' });

    expect((await findCustomers(desk, 'jane')).map((m) => m.customer.name).sort()).toEqual(['Jane D', 'Jane Doe']);
    expect((await findCustomers(desk, 'jane', { excludeId: jane.id })).map((m) => m.customer.name)).toEqual(['Jane D']);
    expect((await findCustomers(desk, '@jane.i')).map((m) => m.ticketCount)).toEqual([1]);
    expect((await findCustomers(desk, 'jq@ex')).map((m) => m.customer.id)).toEqual([jane.id]);
    expect(await findCustomers(desk, 'zed')).toEqual([]);
  });
});

describe('linking customers into one person', () => {
  async function twoNetworks() {
    const setup = makeDesk();
    const { desk } = setup;
    const x = await logConversation(desk, { context: xDm([customerSays('Parcel lost (on X)', { siteId: 'x1' })]) });
    setup.advance(minutes(1));
    const ig = await logConversation(desk, { context: instagramDm([customerSays('Any news? (on Instagram)', { siteId: 'i1' })]) });
    await addNote(desk, { customerId: ig.customer.id }, 'Instagram account of the same Jane');
    await addNote(desk, { customerId: x.customer.id }, 'Prefers DMs on X');
    await updateCustomer(desk, ig.customer.id, { email: 'jane@example.com', vip: true, tags: ['ig'] });
    return { ...setup, x, ig };
  }

  it('shows the tickets of every linked network in each network’s sidebar', async () => {
    const { desk, db, x, ig } = await twoNetworks();
    const linked = await linkCustomers(desk, ig.customer.id, x.customer.id);

    expect(linked.identities.map((i) => `${i.platform}:${i.handle}`)).toEqual(['instagram:jane.ig', 'x:jane_doe']);
    expect(linked).toMatchObject({ email: 'jane@example.com', vip: true, tags: ['ig'] });
    expect(await db.customers.count()).toBe(1);

    const onInstagram = await getDeskView(desk, { identity: instagramDm([]).customer, conversationKey: instagramDm([]).conversationKey });
    // The X ticket moved at the link, so it is the latest entry; the X customer's note came along.
    expect(historyKinds(onInstagram)).toEqual(['ticket x', 'note Instagram account of the same Jane', 'note Prefers DMs on X', 'message Parcel lost (on X)']);
    const onX = await getDeskView(desk, { identity: xDm([]).customer, conversationKey: 'x:dm:12-34' });
    expect(onX.customer?.id).toBe(linked.id);
    expect(historyKinds(onX)).toContain('ticket instagram');
    expect(historyKinds(onX)).toContain('message Any news? (on Instagram)');
  });

  it('queues the moves for the server and an erase of the absorbed record', async () => {
    const { desk, db, x, ig } = await twoNetworks();
    const lastBefore = (await db.outbox.orderBy('id').last())?.id ?? 0;
    await linkCustomers(desk, ig.customer.id, x.customer.id);
    const queued = (await db.outbox.where('id').above(lastBefore).toArray()).map((m) => `${m.table} ${m.op} ${m.rowId === x.customer.id ? 'absorbed' : m.rowId === ig.customer.id ? 'kept' : m.table}`);
    expect(queued).toEqual(['customers update kept', 'tickets update tickets', 'notes insert notes', 'customers erase absorbed']);
    await expect(linkCustomers(desk, ig.customer.id, ig.customer.id)).rejects.toThrow(/same customer/);
  });

  it('erasing the merged customer leaves no unpushed change of the absorbed one in the outbox', async () => {
    const { desk, db, x, ig } = await twoNetworks();
    await linkCustomers(desk, ig.customer.id, x.customer.id);
    await eraseCustomer(desk, ig.customer.id);
    const outbox = await db.outbox.toArray();
    expect(JSON.stringify(outbox)).not.toMatch(/jane|Jane|Prefers DMs/);
    expect(outbox.filter((m) => m.rowId === x.customer.id).map((m) => m.op)).toEqual(['erase']);
  });

  it('splits an identity back out with its network’s tickets', async () => {
    const { desk, x, ig } = await twoNetworks();
    await linkCustomers(desk, ig.customer.id, x.customer.id);
    const { customer, split } = await unlinkIdentity(desk, ig.customer.id, { platform: 'x', handle: 'Jane_Doe' });

    expect(customer.identities.map((i) => i.platform)).toEqual(['instagram']);
    expect(split).toMatchObject({ name: 'Jane Doe', identities: [{ platform: 'x', handle: 'jane_doe' }] });
    const onX = await getDeskView(desk, { identity: xDm([]).customer, conversationKey: 'x:dm:12-34' });
    expect(onX.customer?.id).toBe(split.id);
    expect(onX.ticket?.ticket.customerId).toBe(split.id);
    const onInstagram = await getDeskView(desk, { identity: instagramDm([]).customer });
    expect(historyKinds(onInstagram).filter((k) => !k.startsWith('note'))).toEqual(['ticket instagram', 'message Any news? (on Instagram)']);
    await expect(unlinkIdentity(desk, ig.customer.id, { platform: 'instagram', handle: 'jane.ig' })).rejects.toThrow(/at least one/);
  });
});

describe('erasing a customer', () => {
  it('leaves nothing of them in any table; the outbox holds only the erase', async () => {
    const { desk, db } = makeDesk();
    const { customer, ticket } = await logConversation(desk, { context: xDm([customerSays('hi', { siteId: '1' }), agentSays('hello', { siteId: '2' })]) });
    await logConversation(desk, { context: xDm([customerSays('again')], { conversationKey: 'x:dm:other' }) });
    await addNote(desk, { ticketId: ticket.id }, 'ticket note');
    await addNote(desk, { customerId: customer.id }, 'customer note');
    await updateTicket(desk, ticket.id, { status: 'resolved' });
    await db.customers.update(customer.id, { syncSeq: 7 });
    await db.tickets.update(ticket.id, { syncSeq: 8 });
    await db.conflicts.add({ id: '01JNDKQJM0Z94QA701X3HZSS8C', table: 'tickets', rowId: ticket.id, field: 'status', overwrittenValue: 'open', overwrittenBy: customer.id, overwrittenAt: 1, value: 'resolved', by: customer.id, at: 2 });

    await eraseCustomer(desk, customer.id);
    const left = await dump(db);
    expect({ ...left, outbox: [] }).toEqual({ customers: [], tickets: [], transcriptRuns: [], notes: [], templates: [], conflicts: [], outbox: [] });
    expect(left.outbox).toEqual([{ id: expect.any(Number), table: 'customers', op: 'erase', rowId: customer.id, baseSeq: 7, fields: {} }]);

    await eraseCustomer(desk, customer.id); // a retry finds nothing more to do
    expect(await db.outbox.count()).toBe(1);
  });

  it('leaves other customers alone', async () => {
    const { desk, db } = makeDesk();
    const { customer } = await logConversation(desk, { context: xDm([customerSays('hi')]) });
    const other = await logConversation(desk, { context: instagramDm([customerSays('hey')]) });
    await eraseCustomer(desk, customer.id);
    expect((await db.customers.toArray()).map((c) => c.id)).toEqual([other.customer.id]);
    expect((await storedMessages(db)).length).toBe(1);
    expect((await db.outbox.toArray()).filter((m) => m.op === 'insert').map((m) => m.table)).toEqual(['customers', 'tickets', 'messages']);
  });
});
