// @vitest-environment happy-dom
/** The sidebar's desk over the real desk logic: logging, only-new messages, the ticket panel, live changes. */
import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import { DeskPanel } from '../../../components/DeskPanel';
import type { DetectedContext } from '../../../lib/sites/types';
import { choose, click, mount, type, unfold, until } from './dom';
import { memoryDesk } from './memory-desk';
import { agentSays, customerSays, xDm } from '../desk/helpers';
import { storedMessages } from '../desk/helpers';

const thread = [customerSays('Hi! My order #4411 has not arrived', { siteId: 'm1' }), agentSays('Sorry! Let me check', { siteId: 'm2' })];
const panel = (desk: ReturnType<typeof memoryDesk>['desk'], context: DetectedContext) => h(DeskPanel, { desk, identity: context.customer, context });

describe('logging a conversation', () => {
  it('logs it in one click, then offers only the messages that appear afterwards', async () => {
    const { desk, db, callsTo } = memoryDesk();
    const ui = await mount(panel(desk, xDm(thread)));
    const log = await until(() => {
      const button = ui.get<HTMLButtonElement>('log-ticket');
      expect(button.textContent).toBe('Log conversation (2 messages)');
      return button;
    });
    await click(log);
    await until(() => expect(ui.get<HTMLSelectElement>('ticket-status').value).toBe('open'));
    await until(() => expect(ui.get<HTMLButtonElement>('log-ticket').disabled).toBe(true));
    expect(ui.get('log-ticket').textContent).toBe('Everything shown is logged');

    await ui.rerender(panel(desk, xDm([...thread, customerSays('Any news?', { siteId: 'm3' })])));
    await until(() => expect(ui.get('log-ticket').textContent).toBe('Add 1 new message to the ticket'));
    await unfold(ui.get('log-choose'));
    expect(ui.all('log-message')).toHaveLength(1);
    await click(ui.get('log-ticket'));
    await until(() => expect(ui.get('ticket-message-count').dataset.count).toBe('3'));
    expect(callsTo('logConversation').map((c) => (c.data as { include: number[] }).include)).toEqual([[0, 1], [2]]);
    expect(await db.tickets.count()).toBe(1);
  });

  it('leaves out the messages the agent unticked', async () => {
    const { desk, db } = memoryDesk();
    const ui = await mount(panel(desk, xDm(thread)));
    await unfold(await ui.find('log-choose'));
    await until(() => expect(ui.all('log-message-check')).toHaveLength(2));
    await click(ui.all('log-message-check')[1]);
    expect(ui.get('log-ticket').textContent).toBe('Log conversation (1 message)');
    await click(ui.get('log-ticket'));
    await until(() => expect(ui.get('ticket-message-count').dataset.count).toBe('1'));
    expect((await storedMessages(db)).map((m) => m.text)).toEqual([thread[0].text]);
    // The unticked message is still offered, still unticked.
    expect(ui.get('log-ticket').textContent).toBe('Tick the messages to log');
  });

  it('tells apart two identical lines, so unticking one leaves the other', async () => {
    const { desk, db } = memoryDesk();
    const ui = await mount(panel(desk, xDm([customerSays('ok', { timeLabel: '9:01 AM' }), customerSays('ok', { timeLabel: '9:01 AM' })])));
    await unfold(await ui.find('log-choose'));
    await until(() => expect(ui.all('log-message-check')).toHaveLength(2));
    await click(ui.all('log-message-check')[1]);
    expect(ui.all<HTMLInputElement>('log-message-check').map((c) => c.checked)).toEqual([true, false]);
    await click(ui.get('log-ticket'));
    await until(() => expect(ui.get('ticket-message-count').dataset.count).toBe('1'));
    expect((await storedMessages(db)).length).toBe(1);
    await until(() => expect(ui.all<HTMLInputElement>('log-message-check').map((c) => c.checked)).toEqual([false]));
  });

  it('logs a single comment of a post as its own ticket, and shows its status there', async () => {
    const { desk, db } = memoryDesk();
    const post: DetectedContext = {
      ...xDm([
        agentSays('New colours are in!', { siteId: '100' }),
        { role: 'customer', author: { handle: 'omar_k', displayName: 'Omar' }, text: 'Is the blue one back?', siteId: '101', permalink: 'https://x.com/omar_k/status/101' },
      ]),
      kind: 'post',
      channel: 'reply',
      conversationKey: 'x:post:100',
    };
    const ui = await mount(panel(desk, post));
    await unfold(await ui.find('comment-logging'));
    await click(await ui.find('log-comment'));
    await until(() => expect(ui.get('comment-item').querySelector('[data-status="open"]')).not.toBeNull());
    const [ticket] = await db.tickets.toArray();
    expect(ticket.conversationKey).toBe('x:post:100/comment:101');
    expect((await db.customers.get(ticket.customerId))?.identities[0].handle).toBe('omar_k');
  });
});

describe('the ticket panel', () => {
  it('changes status, snoozes until a time, and appends notes', async () => {
    const { desk, db } = memoryDesk();
    const ui = await mount(panel(desk, xDm(thread)));
    await click(await ui.findEnabled('log-ticket'));
    await choose(await ui.find('ticket-status'), 'snoozed');
    await until(() => expect(ui.get<HTMLInputElement>('ticket-snooze-until').value).toMatch(/T09:00$/));
    expect((await db.tickets.toArray())[0]).toMatchObject({ status: 'snoozed', snoozedUntil: expect.any(Number) });

    await choose(ui.get('ticket-priority'), 'urgent');
    await until(async () => expect((await db.tickets.toArray())[0].priority).toBe('urgent'));

    await type(ui.get('ticket-note-input'), 'Customer called, wants a refund');
    await click(ui.get('ticket-note-add'));
    await until(() => expect(ui.all('ticket-note').map((n) => n.textContent)).toEqual([expect.stringContaining('Customer called, wants a refund')]));
    expect(ui.get<HTMLTextAreaElement>('ticket-note-input').value).toBe('');
  });

  it('shows a change made in another tab without being asked', async () => {
    const { desk, db } = memoryDesk();
    const ui = await mount(panel(desk, xDm(thread)));
    await click(await ui.findEnabled('log-ticket'));
    await ui.find('ticket-status');
    const [ticket] = await db.tickets.toArray();
    // Another tab's sidebar writes through the background; this one only hears the live announcement.
    await desk.call('updateTicket', { ticketId: ticket.id, changes: { status: 'pending' } });
    await desk.call('addNote', { ticketId: ticket.id, text: 'Sent from the other tab' });
    await until(() => expect(ui.get<HTMLSelectElement>('ticket-status').value).toBe('pending'));
    await until(() => expect(ui.get('ticket-note').textContent).toContain('Sent from the other tab'));
  });
});

describe('untrusted text', () => {
  it('is rendered as text, right-to-left where it is, and long messages are clamped', async () => {
    const { desk } = memoryDesk();
    const hostile = '<img src=x onerror="window.__pwned=1"> مرحبا \u200b🦊';
    const long = 'x'.repeat(100_000);
    const ui = await mount(panel(desk, xDm([customerSays(hostile, { siteId: 'h1' }), customerSays(long, { siteId: 'h2' })])));
    await click(await ui.findEnabled('log-ticket'));
    await until(() => expect(ui.get('ticket-message-count').dataset.count).toBe('2'));
    expect(ui.root.querySelector('img')).toBeNull();
    const texts = ui.all('clamped-text');
    expect(texts.some((t) => t.textContent === hostile && t.getAttribute('dir') === 'auto')).toBe(true);
    const clamped = texts.find((t) => t.textContent!.startsWith('xxx'))!;
    expect(clamped.textContent!.length).toBeLessThan(300);
    await click(clamped.parentElement!.querySelector('button')!);
    expect(clamped.parentElement!.querySelector('[data-testid="clamped-text"]')!.textContent).toBe(long);
  });
});
