// @vitest-environment happy-dom
/** The customer card: editing, linking across networks (and both histories), erasing only when confirmed. */
import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import { DeskPanel } from '../../../components/DeskPanel';
import type { DetectedContext } from '../../../lib/sites/types';
import { click, leave, mount, type, until } from './dom';
import { memoryDesk } from './memory-desk';
import { customerSays, xDm } from '../desk/helpers';
import { storedMessages } from '../desk/helpers';

const instagramChat: DetectedContext = {
  ok: true,
  platform: 'instagram',
  kind: 'dm',
  channel: 'dm',
  conversationKey: 'instagram:dm:3402',
  permalink: 'https://www.instagram.com/direct/t/3402/',
  customer: { platform: 'instagram', handle: 'jane.ig', displayName: 'Jane D' },
  messages: [{ role: 'customer', author: { handle: 'jane.ig', displayName: 'Jane D' }, text: 'Also asked on Instagram', siteId: 'ig1' }],
};
const xContext = xDm([customerSays('Asked on X', { siteId: 'x1' })]);

describe('the customer card', () => {
  it('adds the customer on the page before anything is logged, and opens their details', async () => {
    const { desk, db } = memoryDesk();
    const ui = await mount(h(DeskPanel, { desk, identity: xContext.customer, context: xContext }));
    await click(await ui.find('customer-add'));
    expect((await ui.find('customer-details')).hasAttribute('open')).toBe(true);
    expect(ui.all('customer-add')).toHaveLength(0);
    await click(ui.get('customer-vip-toggle'));
    await ui.find('customer-vip');
    expect(await db.customers.toArray()).toMatchObject([{ name: 'Jane Doe', vip: true }]);
    expect(await db.tickets.count()).toBe(0);
  });

  it('saves an edited field when the agent leaves it, and shows VIP', async () => {
    const { desk, db } = memoryDesk();
    await desk.call('logConversation', { context: xContext });
    const ui = await mount(h(DeskPanel, { desk, identity: xContext.customer, context: xContext }));
    await type(await ui.find('customer-email'), 'jane@example.com');
    await leave(ui.get('customer-email'));
    await click(ui.get('customer-vip-toggle'));
    await ui.find('customer-vip');
    expect((await db.customers.toArray())[0]).toMatchObject({ email: 'jane@example.com', vip: true });
  });

  it('links an Instagram customer, then shows the history of both networks', async () => {
    const { desk } = memoryDesk();
    await desk.call('logConversation', { context: instagramChat });
    await desk.call('logConversation', { context: xContext });
    const ui = await mount(h(DeskPanel, { desk, identity: xContext.customer, context: xContext }));
    await type(await ui.find('customer-link-search'), 'jane.ig');
    await click(await ui.find('customer-link-option'));
    await until(() => expect(ui.all('customer-identity').map((i) => i.dataset.platform).sort()).toEqual(['instagram', 'x']));
    await until(() => expect(ui.all('history-item').some((i) => i.dataset.platform === 'instagram')).toBe(true));
  });

  it('erases the customer and everything about them only after confirmation', async () => {
    const { desk, db, callsTo } = memoryDesk();
    await desk.call('logConversation', { context: xContext });
    const ui = await mount(h(DeskPanel, { desk, identity: xContext.customer, context: xContext }));
    await click(await ui.find('customer-erase'));
    expect(callsTo('eraseCustomer')).toHaveLength(0);
    await click(ui.get('customer-erase-cancel'));
    expect(ui.all('customer-erase-confirm')).toHaveLength(0);

    await click(ui.get('customer-erase'));
    await click(ui.get('customer-erase-confirm'));
    await until(() => expect(ui.all('customer-details')).toHaveLength(0));
    expect(ui.all('ticket-status')).toHaveLength(0);
    expect([await db.customers.count(), await db.tickets.count(), (await storedMessages(db)).length]).toEqual([0, 0, 0]);
  });
});
