// @vitest-environment happy-dom
/** The ticket list page over the real desk: filters, text search, paging, bulk status change. */
import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import { TicketList } from '../../../components/TicketList';
import type { DetectedContext, Platform } from '../../../lib/sites/types';
import { choose, click, mount, type, until } from './dom';
import { memoryDesk } from './memory-desk';
import { customerSays } from '../desk/helpers';

function chat(platform: Platform, n: number, text: string): DetectedContext {
  return {
    ok: true,
    platform,
    kind: 'dm',
    channel: 'dm',
    conversationKey: `${platform}:dm:${n}`,
    permalink: `https://x.com/i/chat/${n}`,
    customer: { platform, handle: `customer_${n}`, displayName: `Customer ${n}` },
    messages: [customerSays(text, { siteId: `m${n}` })],
  };
}

const rows = (ui: Awaited<ReturnType<typeof mount>>) => ui.all('ticket-row').map((r) => r.querySelector('td:nth-child(6)')!.textContent);

describe('the ticket list', () => {
  it('filters by network, status and text, and changes the status of the selected tickets', async () => {
    const { desk, db } = memoryDesk();
    await desk.call('logConversation', { context: chat('x', 1, 'Parcel never arrived') });
    await desk.call('logConversation', { context: chat('instagram', 2, 'Refund for the blue hoodie') });
    await desk.call('logConversation', { context: chat('facebook', 3, 'Parcel arrived damaged') });
    const ui = await mount(h(TicketList, { desk }));
    await until(() => expect(ui.all('ticket-row')).toHaveLength(3));

    await type(ui.get('ticket-filter-text'), 'parcel');
    await until(() => expect(rows(ui).sort()).toEqual(['Parcel arrived damaged', 'Parcel never arrived']));
    await choose(ui.get('ticket-filter-platform'), 'facebook');
    await until(() => expect(rows(ui)).toEqual(['Parcel arrived damaged']));

    await click(ui.get('ticket-select'));
    await choose(ui.get('bulk-status'), 'resolved');
    await click(ui.get('bulk-apply'));
    await until(() => expect(ui.get('ticket-row').dataset.status).toBe('resolved'));
    expect((await db.tickets.toArray()).map((t) => t.status).sort()).toEqual(['open', 'open', 'resolved']);

    await click(ui.get('ticket-filter-status-open'));
    await until(() => expect(ui.all('ticket-list-empty')).toHaveLength(1));
  });

  it('pages through more tickets than fit on one page, and opens a ticket’s conversation', async () => {
    const { desk } = memoryDesk();
    for (let n = 1; n <= 51; n++) await desk.call('logConversation', { context: chat('x', n, `Question number ${n}`) });
    const ui = await mount(h(TicketList, { desk }));
    await until(() => expect(ui.all('ticket-row')).toHaveLength(50));
    expect(rows(ui)[0]).toBe('Question number 51');
    await click(ui.get('ticket-next-page'));
    await until(() => expect(rows(ui)).toEqual(['Question number 1']));
    await click(ui.get('ticket-row-open'));
    await until(() => expect(ui.get('ticket-thread').textContent).toContain('Question number 1'));
    expect(ui.get<HTMLAnchorElement>('ticket-permalink').href).toBe('https://x.com/i/chat/1');
    await click(ui.get('ticket-prev-page'));
    await until(() => expect(ui.all('ticket-row')).toHaveLength(50));
  }, 20_000); // 51 tickets logged through the real desk first
});
