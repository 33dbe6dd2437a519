/** Logging a conversation: one click makes a ticket; logging again adds only what is new, never a duplicate. */
import { describe, expect, it } from 'vitest';
import { logConversation } from '../../../lib/desk/log';
import { getDeskView } from '../../../lib/desk/view';
import { adapterFor } from '../../../lib/sites';
import type { DetectedContext } from '../../../lib/sites/types';
import { fixtures } from '../../fixtures';
import { loadPage, readFixtureHtml } from '../../fixtures/load';
import { agentSays, customerSays, dump, makeDesk, minutes, start, xDm, storedMessages } from './helpers';

const janeOnInstagram = { handle: 'jane.ig', displayName: 'Jane' };

describe('logging a conversation', () => {
  it('turns the thread into a ticket with its messages, permalink, platform, channel and customer', async () => {
    const { desk, db } = makeDesk();
    const result = await logConversation(desk, { context: xDm([customerSays('Where is my order #4411?', { siteId: 'm1' }), agentSays('Checking now!', { siteId: 'm2' })]) });

    expect(result.created).toBe(true);
    expect(result.added).toBe(2);
    expect(result.ticket).toMatchObject({ platform: 'x', channel: 'dm', conversationKey: 'x:dm:12-34', permalink: 'https://x.com/i/chat/12-34', status: 'open', subject: 'Where is my order #4411?' });
    expect(result.customer).toMatchObject({ name: 'Jane Doe', identities: [{ platform: 'x', handle: 'jane_doe', profileUrl: 'https://x.com/jane_doe' }] });
    const messages = await storedMessages(db);
    expect(messages.map((m) => [m.role, m.authorName, m.text, m.siteId])).toEqual([
      ['customer', 'Jane Doe', 'Where is my order #4411?', 'm1'],
      ['agent', 'Acme Support', 'Checking now!', 'm2'],
    ]);
    expect(messages.every((m) => m.ticketId === result.ticket.id)).toBe(true);
  });

  it('appends only the new messages when the same thread is logged again', async () => {
    const { desk, db, advance } = makeDesk();
    const first = [customerSays('Hello?', { siteId: 'm1' }), customerSays('Anyone there?', { siteId: 'm2' })];
    const { ticket } = await logConversation(desk, { context: xDm(first) });
    advance(minutes(5));
    const again = await logConversation(desk, { context: xDm([...first, agentSays('Hi Jane!', { siteId: 'm3' }), customerSays('Great', { siteId: 'm4' })]) });

    expect(again).toMatchObject({ created: false, added: 2, ticket: { id: ticket.id } });
    expect((await storedMessages(db)).map((m) => m.text)).toEqual(['Hello?', 'Anyone there?', 'Hi Jane!', 'Great']);
    expect(await db.tickets.count()).toBe(1);
    expect(await db.customers.count()).toBe(1);
    expect((await db.tickets.get(ticket.id))!.updatedAt).toBe(start + minutes(5));
  });

  it('deduplicates messages without site ids by author, text and time', async () => {
    const { desk, db } = makeDesk();
    const thread = [customerSays('ok', { timeLabel: '9:11 PM' }), agentSays('Anything else?', { timeLabel: '9:12 PM' }), customerSays('ok', { timeLabel: '9:13 PM' })];
    await logConversation(desk, { context: xDm(thread) });
    const again = await logConversation(desk, { context: xDm([...thread, customerSays('thanks', { timeLabel: '9:14 PM' })]) });

    expect(again.added).toBe(1);
    expect((await storedMessages(db)).map((m) => m.text)).toEqual(['ok', 'Anything else?', 'ok', 'thanks']);
  });

  it('keeps two identical lines at the same time, and ignores relative time labels that moved on', async () => {
    const { desk, db } = makeDesk();
    await logConversation(desk, { context: xDm([customerSays('?', { timeLabel: '2h' }), customerSays('?', { timeLabel: '2h' })]) });
    const later = await logConversation(desk, { context: xDm([customerSays('?', { timeLabel: '3h' }), customerSays('?', { timeLabel: '3h' })]) });

    expect(later.added).toBe(0);
    expect((await storedMessages(db)).length).toBe(2);
  });

  it('logs only the messages the agent left ticked, and the unticked ones later if asked', async () => {
    const { desk, db } = makeDesk();
    const thread = [customerSays('My card number is 4111…', { siteId: 'a' }), customerSays('Order 4411 is late', { siteId: 'b' }), agentSays('Looking', { siteId: 'c' })];
    const { ticket } = await logConversation(desk, { context: xDm(thread), include: [1, 2] });
    expect(ticket.subject).toBe('Order 4411 is late');
    expect((await storedMessages(db)).map((m) => m.siteId)).toEqual(['b', 'c']);

    await logConversation(desk, { context: xDm(thread), include: [0, 1, 2, 99, -1] });
    expect((await storedMessages(db)).map((m) => m.siteId)).toEqual(['b', 'c', 'a']);
  });

  it('logs a comment on a post as its own ticket, its author as the customer', async () => {
    const { desk, db } = makeDesk();
    const omar = { handle: 'omar_k', displayName: 'Omar K.' };
    const post: DetectedContext = {
      ok: true,
      platform: 'instagram',
      kind: 'post',
      channel: 'comment',
      conversationKey: 'instagram:post:Cx1',
      permalink: 'https://www.instagram.com/p/Cx1/',
      customer: { platform: 'instagram', handle: 'acme', displayName: 'Acme' },
      messages: [
        { role: 'agent', author: { handle: 'acme', displayName: 'Acme' }, text: 'New drop!', siteId: 'Cx1' },
        { role: 'customer', author: janeOnInstagram, text: 'Still no refund 😡', siteId: 'c1', permalink: 'https://www.instagram.com/p/Cx1/c/c1/' },
        { role: 'customer', author: omar, text: 'Love it', siteId: 'c2' },
      ],
    };
    const first = await logConversation(desk, { context: post, comment: 1 });
    const second = await logConversation(desk, { context: post, comment: 2 });
    const again = await logConversation(desk, { context: post, comment: 1 });

    expect(first.customer.identities).toEqual([{ platform: 'instagram', handle: 'jane.ig', displayName: 'Jane' }]);
    expect(first.ticket).toMatchObject({ channel: 'comment', conversationKey: 'instagram:post:Cx1/comment:c1', permalink: 'https://www.instagram.com/p/Cx1/c/c1/', subject: 'Still no refund 😡' });
    expect(second.customer.name).toBe('Omar K.');
    expect(again).toMatchObject({ created: false, added: 0, ticket: { id: first.ticket.id } });
    expect(await db.tickets.count()).toBe(2);
    expect((await storedMessages(db)).map((m) => m.text)).toEqual(['Still no refund 😡', 'Love it']);

    const view = await getDeskView(desk, { identity: post.customer, conversationKey: post.conversationKey });
    expect(view.commentTickets.map((t) => t.id).sort()).toEqual([first.ticket.id, second.ticket.id].sort());
  });

  it('teaches the thread’s customer a changed handle, but never takes another customer’s identity', async () => {
    const { desk, db } = makeDesk();
    const { customer } = await logConversation(desk, { context: xDm([customerSays('hi', { siteId: '1' })]) });
    const renamed = await logConversation(desk, { context: xDm([customerSays('hi', { siteId: '1' })], { customer: { platform: 'x', handle: 'jane_new', userId: '42' } }) });
    expect(renamed.customer.id).toBe(customer.id);
    expect(renamed.customer.identities.map((i) => i.handle)).toEqual(['jane_doe', 'jane_new']);

    const omar = await logConversation(desk, { context: xDm([customerSays('yo')], { conversationKey: 'x:dm:99', customer: { platform: 'x', handle: 'omar' } }) });
    await logConversation(desk, { context: xDm([customerSays('hi', { siteId: '1' })], { customer: { platform: 'x', handle: 'OMAR' } }) });
    expect((await db.customers.get(customer.id))!.identities.map((i) => i.handle)).toEqual(['jane_doe', 'jane_new']);
    expect((await db.customers.get(omar.customer.id))!.identities.map((i) => i.handle)).toEqual(['omar']);
  });

  it('records the first agent reply after the customer as the first response', async () => {
    const { desk } = makeDesk();
    const asked = Date.UTC(2025, 2, 3, 8, 0);
    const { ticket } = await logConversation(desk, {
      context: xDm([agentSays('Welcome!', { sentAt: asked - 1000 }), customerSays('Help', { sentAt: asked }), agentSays('On it', { sentAt: asked + minutes(7) })]),
    });
    expect(ticket.firstResponseAt).toBe(asked + minutes(7));
  });

  it('sets the first response when a later log brings the reply', async () => {
    const { desk, advance, now } = makeDesk();
    const thread = [customerSays('Help', { siteId: '1' })];
    const { ticket } = await logConversation(desk, { context: xDm(thread) });
    expect(ticket.firstResponseAt).toBeNull();
    advance(minutes(3));
    const again = await logConversation(desk, { context: xDm([...thread, agentSays('Here', { siteId: '2' })]) });
    expect(again.ticket.firstResponseAt).toBe(now + minutes(3));
  });

  it('stores nothing when the worker dies mid-log, and exactly one ticket on the retry', async () => {
    const { desk, db } = makeDesk();
    const context = xDm([customerSays('one', { siteId: '1' }), customerSays('two', { siteId: '2' })]);
    // The worker stops after the ticket is written, while its messages are.
    const die = () => {
      throw new Error('worker stopped');
    };
    db.transcriptRuns.hook('creating', die);
    await expect(logConversation(desk, { context })).rejects.toThrow('worker stopped');
    expect(Object.values(await dump(db)).flat()).toEqual([]);

    db.transcriptRuns.hook('creating').unsubscribe(die);
    await Promise.all([logConversation(desk, { context }), logConversation(desk, { context })]);
    expect(await db.tickets.count()).toBe(1);
    expect((await storedMessages(db)).length).toBe(2);
  });

  it('logs every fixture page, and logging each again adds nothing', async () => {
    const { desk, db } = makeDesk();
    const contexts = fixtures.flatMap((fixture) => {
      const { url, document } = loadPage(readFixtureHtml(fixture.file), fixture.url);
      const context = adapterFor(url)!.read(url, document);
      return context.ok ? [context] : [];
    });
    expect(contexts.length).toBeGreaterThan(3);
    const keys = new Set<string>();
    for (const context of contexts) {
      const { added } = await logConversation(desk, { context });
      // The same thread in another layout (X's legacy inbox, messenger.com) adds only what the first did not show.
      if (!keys.has(context.conversationKey)) expect(added, context.conversationKey).toBe(context.messages.length);
      keys.add(context.conversationKey);
    }
    const stored = (await storedMessages(db)).length;
    for (const context of contexts) expect((await logConversation(desk, { context })).added).toBe(0);
    expect((await storedMessages(db)).length).toBe(stored);
  }, 60_000);
});
