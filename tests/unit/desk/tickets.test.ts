/** Working a ticket: status with its recorded times, snooze, priority, assignee, tags, follow-up, notes, overdue. */
import { describe, expect, it } from 'vitest';
import { deskHandlers } from '../../../lib/desk/handlers';
import { logConversation } from '../../../lib/desk/log';
import { addNote, getTicketThread, setTicketsStatus, updateTicket } from '../../../lib/desk/tickets';
import { getDeskView } from '../../../lib/desk/view';
import { agentSays, customerSays, makeDesk, minutes, start, xDm } from './helpers';

const assignee = '01JNDKQJM0Z94QA701X3HZSS8A';

async function loggedTicket(setup = makeDesk()) {
  const { ticket } = await logConversation(setup.desk, { context: xDm([customerSays('My parcel is lost', { siteId: '1' })]) });
  return { ...setup, ticket, agentId: await setup.desk.agentId() };
}

describe('ticket status', () => {
  it('records every status change with its time and agent, the first response and the resolution', async () => {
    const { desk, ticket, agentId, advance } = await loggedTicket();
    advance(minutes(10));
    const pending = await updateTicket(desk, ticket.id, { status: 'pending' });
    advance(minutes(50));
    const resolved = await updateTicket(desk, ticket.id, { status: 'resolved' });

    expect(resolved.statusHistory).toEqual([
      { status: 'open', at: start, by: agentId },
      { status: 'pending', at: start + minutes(10), by: agentId },
      { status: 'resolved', at: start + minutes(60), by: agentId },
    ]);
    expect(pending.firstResponseAt).toBe(start + minutes(10));
    expect(resolved.firstResponseAt).toBe(start + minutes(10));
    expect(resolved.resolvedAt).toBe(start + minutes(60));
    expect(await desk.db.tickets.get(ticket.id)).toMatchObject({ status: 'resolved', resolvedAt: start + minutes(60) });
  });

  it('keeps a logged reply as the first response, and clears the resolution when reopened', async () => {
    const { desk, advance } = makeDesk();
    const { ticket } = await logConversation(desk, { context: xDm([customerSays('Hi', { sentAt: start - 5000 }), agentSays('Hello!', { sentAt: start - 1000 })]) });
    advance(minutes(5));
    await updateTicket(desk, ticket.id, { status: 'closed' });
    advance(minutes(5));
    const reopened = await updateTicket(desk, ticket.id, { status: 'open' });
    expect(reopened).toMatchObject({ firstResponseAt: start - 1000, resolvedAt: null, status: 'open' });
  });

  it('snoozes until a future time, and the ticket opens again when the time comes', async () => {
    const { desk, ticket, advance } = await loggedTicket();
    await expect(updateTicket(desk, ticket.id, { status: 'snoozed' })).rejects.toThrow(/future/);
    await expect(updateTicket(desk, ticket.id, { status: 'snoozed', snoozedUntil: start - 1 })).rejects.toThrow(/future/);
    const snoozed = await updateTicket(desk, ticket.id, { status: 'snoozed', snoozedUntil: start + minutes(120) });
    expect(snoozed).toMatchObject({ status: 'snoozed', snoozedUntil: start + minutes(120) });

    const view = deskHandlers(desk).getDeskView;
    advance(minutes(119));
    expect((await view({ identity: xDm([]).customer, conversationKey: 'x:dm:12-34' })).ticket?.ticket.status).toBe('snoozed');
    advance(minutes(1));
    const woken = (await view({ identity: xDm([]).customer, conversationKey: 'x:dm:12-34' })).ticket!.ticket;
    expect(woken).toMatchObject({ status: 'open', snoozedUntil: null });
    expect(woken.statusHistory.map((s) => s.status)).toEqual(['open', 'snoozed', 'open']);
  });

  it('sets priority, assignee, tags, follow-up and subject, and refuses values the model does not allow', async () => {
    const { desk, ticket, db } = await loggedTicket();
    const changed = await updateTicket(desk, ticket.id, { priority: 'urgent', assigneeId: assignee, tags: ['refund', 'vip'], followUpAt: start + minutes(30), subject: 'Lost parcel' });
    expect(await db.tickets.get(ticket.id)).toMatchObject({ priority: 'urgent', assigneeId: assignee, tags: ['refund', 'vip'], followUpAt: start + minutes(30), subject: 'Lost parcel' });
    expect(changed.statusHistory).toHaveLength(1);

    const outbox = await db.outbox.count();
    await expect(updateTicket(desk, ticket.id, { priority: 'asap' as never })).rejects.toThrow();
    await expect(updateTicket(desk, ticket.id, { assigneeId: 'bob' })).rejects.toThrow();
    await expect(updateTicket(desk, 'no-such-ticket', { priority: 'low' })).rejects.toThrow(/no longer exists/);
    expect(await db.outbox.count()).toBe(outbox);
    expect((await db.tickets.get(ticket.id))!.priority).toBe('urgent');
  });

  it('changes the status of many tickets at once and counts only those that changed', async () => {
    const { desk, db } = makeDesk();
    const ids = [];
    for (const key of ['x:dm:1', 'x:dm:2', 'x:dm:3']) ids.push((await logConversation(desk, { context: xDm([customerSays(key)], { conversationKey: key }) })).ticket.id);
    await updateTicket(desk, ids[0], { status: 'resolved' });
    expect(await setTicketsStatus(desk, [...ids, 'missing'], 'resolved')).toBe(2);
    expect((await db.tickets.toArray()).map((t) => t.status)).toEqual(['resolved', 'resolved', 'resolved']);
  });
});

describe('overdue', () => {
  it('is an open ticket unanswered past the response target (60 minutes), or one whose follow-up is past', async () => {
    const { desk, ticket, advance } = await loggedTicket();
    const overdue = async () => (await getTicketThread(desk, ticket.id))!.ticket.overdue;
    advance(minutes(60));
    expect(await overdue()).toBe(false);
    advance(1);
    expect(await overdue()).toBe(true);

    await updateTicket(desk, ticket.id, { status: 'pending' });
    expect(await overdue()).toBe(false);
    await updateTicket(desk, ticket.id, { followUpAt: start + minutes(90) });
    advance(minutes(30));
    expect(await overdue()).toBe(true);
    await updateTicket(desk, ticket.id, { status: 'resolved' });
    expect(await overdue()).toBe(false);
  });

  it('follows the response target kept in meta', async () => {
    const { desk, ticket, advance, db } = await loggedTicket();
    await db.setMeta('responseTargetMinutes', 15);
    advance(minutes(16));
    expect((await getTicketThread(desk, ticket.id))!.ticket.overdue).toBe(true);
  });
});

describe('notes', () => {
  it('appends notes with author and time, oldest first, on tickets and on customers', async () => {
    const { desk, ticket, agentId, advance } = await loggedTicket();
    await addNote(desk, { ticketId: ticket.id }, 'Called the courier');
    advance(minutes(2));
    await addNote(desk, { ticketId: ticket.id }, 'Courier found it');
    const onCustomer = await addNote(desk, { customerId: ticket.customerId }, 'Prefers email');

    const thread = await getTicketThread(desk, ticket.id);
    expect(thread!.notes.map((n) => [n.text, n.authorId, n.createdAt])).toEqual([
      ['Called the courier', agentId, start],
      ['Courier found it', agentId, start + minutes(2)],
    ]);
    expect(onCustomer).toMatchObject({ customerId: ticket.customerId, ticketId: null });
    const view = await getDeskView(desk, { customerId: ticket.customerId });
    expect(view.history.filter((e) => e.kind === 'note').map((e) => e.kind === 'note' && e.note.text)).toContain('Prefers email');
  });

  it('refuses an empty note and a note on nothing', async () => {
    const { desk, db } = await loggedTicket();
    await expect(addNote(desk, { ticketId: (await db.tickets.toArray())[0].id }, '   ')).rejects.toThrow();
    await expect(addNote(desk, { customerId: '01JNDKQJM0Z94QA701X3HZSS8Z' }, 'hello')).rejects.toThrow(/no longer exists/);
    expect(await db.notes.count()).toBe(0);
  });
});

describe('the acting agent', () => {
  it('is a local id kept in meta until sign-in, then the signed-in agent', async () => {
    const { desk, db } = makeDesk();
    const [a, b] = await Promise.all([desk.agentId(), desk.agentId()]);
    expect(a).toBe(b);
    expect(await db.getMeta('localAgentId')).toBe(a);
    await db.setMeta('agent', { id: assignee, teamId: assignee, name: 'Ana', role: 'agent', createdAt: start });
    expect(await desk.agentId()).toBe(assignee);
  });
});
