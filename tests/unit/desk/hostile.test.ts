/** Hostile text in names and messages is stored exactly as given, found again, and never duplicated. */
import { expect, it } from 'vitest';
import { findCustomers, updateCustomer } from '../../../lib/desk/customers';
import { logConversation } from '../../../lib/desk/log';
import { addNote } from '../../../lib/desk/tickets';
import { getDeskView } from '../../../lib/desk/view';
import { customerSays, makeDesk, xDm, storedMessages } from './helpers';

const markup = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const huge = 'ا'.repeat(50_000) + '🙂'.repeat(25_000); // 100 KB of RTL letters and emoji
const rtl = 'مرحبا، طلبي رقم ٤٤١١ لم يصل \u202Egnp.exe';
const zeroWidth = 'pay\u200Bpal\u200D\uFEFF refund';
const emoji = '👩🏽‍💻🇵🇭 ok 🙏🏻';

it('stores markup, 100 KB messages, RTL, zero-width characters and emoji exactly as the page gave them', async () => {
  const { desk, db } = makeDesk();
  const texts = [markup, huge, rtl, zeroWidth, emoji];
  const context = xDm(texts.map((text) => customerSays(text)), {
    customer: { platform: 'x', handle: 'jane\u200B_doe', displayName: `${markup} ${emoji}` },
  });
  const { ticket, customer } = await logConversation(desk, { context });

  expect(customer.name).toBe(`${markup} ${emoji}`);
  expect((await storedMessages(db)).map((m) => m.text)).toEqual(texts);
  expect(ticket.subject).toBe(markup);
  expect((await logConversation(desk, { context })).added).toBe(0);

  const view = await getDeskView(desk, { identity: { platform: 'x', handle: 'JANE_DOE' }, conversationKey: context.conversationKey });
  expect(view.ticket?.messages.map((m) => m.text)).toEqual(texts);
  expect(view.customer?.id).toBe(customer.id);
});

it('keeps hostile notes and customer fields as text, and finds people by words around invisible characters', async () => {
  const { desk } = makeDesk();
  const { ticket, customer } = await logConversation(desk, { context: xDm([customerSays('hi')]) });
  const note = await addNote(desk, { ticketId: ticket.id }, `${markup}\n${rtl}`);
  expect(note.text).toBe(`${markup}\n${rtl}`);
  await updateCustomer(desk, customer.id, { name: zeroWidth, notes: huge.slice(0, 20_000), attributes: { [markup]: rtl } });
  expect((await findCustomers(desk, 'paypal')).map((m) => m.customer.attributes)).toEqual([{ [markup]: rtl }]);
});
