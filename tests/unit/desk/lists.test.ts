/** What the native page's badges and the ticket list show. */
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { getBadges } from '../../../lib/desk/badges';
import { updateCustomer } from '../../../lib/desk/customers';
import { logConversation } from '../../../lib/desk/log';
import { searchTickets } from '../../../lib/desk/search';
import { updateTicket } from '../../../lib/desk/tickets';
import { customerSays, instagramDm, makeDesk, minutes, start, xDm } from './helpers';

const ana = '01JNDKQJM0Z94QA701X3HZSS8A';
const ben = '01JNDKQJM0Z94QA701X3HZSS8B';

describe('badges', () => {
  it('mark threads and authors with an active ticket: status, overdue, VIP; nothing for the rest', async () => {
    const { desk, advance } = makeDesk();
    const { ticket, customer } = await logConversation(desk, { context: xDm([customerSays('help')]) });
    await logConversation(desk, { context: instagramDm([customerSays('hey')]) });
    const targets = [
      { conversationKey: 'x:dm:12-34' },
      { identity: { platform: 'x' as const, handle: 'JANE_DOE' } },
      { identity: { platform: 'instagram' as const, handle: 'x', userId: '5566' } },
      { conversationKey: 'x:dm:nobody', identity: { platform: 'x' as const, handle: 'stranger' } },
    ];
    expect(await getBadges(desk, targets)).toEqual([
      { status: 'open', overdue: false, vip: false },
      { status: 'open', overdue: false, vip: false },
      { status: 'open', overdue: false, vip: false },
      { status: null, overdue: false, vip: false },
    ]);

    await updateCustomer(desk, customer.id, { vip: true });
    advance(minutes(61));
    expect((await getBadges(desk, targets)).slice(0, 3)).toEqual([
      { status: 'open', overdue: true, vip: true },
      { status: 'open', overdue: true, vip: true },
      { status: 'open', overdue: true, vip: false },
    ]);

    await updateTicket(desk, ticket.id, { status: 'resolved' });
    expect((await getBadges(desk, targets))[0]).toEqual({ status: null, overdue: false, vip: true });
  });

  it('answer a page of 300 targets in one batch', async () => {
    const { desk } = makeDesk();
    for (let i = 0; i < 30; i++) await logConversation(desk, { context: xDm([customerSays(`q${i}`)], { conversationKey: `x:dm:${i}`, customer: { platform: 'x', handle: `user${i}` } }) });
    const targets = Array.from({ length: 300 }, (_, i) => ({ conversationKey: `x:dm:${i}`, identity: { platform: 'x' as const, handle: `user${i}` } }));
    const badges = await getBadges(desk, targets);
    expect(badges.filter((b) => b.status === 'open')).toHaveLength(30);
    expect(badges[29].status).toBe('open');
    expect(badges[30].status).toBeNull();
  });
});

describe('ticket search', () => {
  async function desk12() {
    const setup = makeDesk();
    const { desk, advance } = setup;
    for (let i = 0; i < 12; i++) {
      advance(minutes(1));
      const platform = i % 3 === 0 ? instagramDm([]) : xDm([]);
      const { ticket } = await logConversation(desk, {
        context: {
          ...platform,
          conversationKey: `${platform.platform}:dm:${i}`,
          customer: { ...platform.customer, handle: `customer${i}`, displayName: i === 7 ? 'Zoë Müller' : `Customer ${i}` },
          messages: [customerSays(i % 2 ? `Refund for order ${i}` : `Where is parcel ${i}?`)],
        },
      });
      await desk.db.tickets.update(ticket.id, { number: i + 1 });
      if (i % 4 === 0) await updateTicket(desk, ticket.id, { status: 'resolved' });
      if (i < 6) await updateTicket(desk, ticket.id, { assigneeId: i % 2 ? ana : ben, tags: i === 5 ? ['billing', 'vip'] : [] });
    }
    return setup;
  }
  const numbers = (page: { tickets: { number: number | null }[] }) => page.tickets.map((t) => t.number);

  it('filters by status, assignee, platform, tag and creation date, most recently updated first', async () => {
    const { desk } = await desk12();
    expect(numbers(await searchTickets(desk, { status: ['resolved'] }))).toEqual([9, 5, 1]);
    expect(numbers(await searchTickets(desk, { status: ['open', 'resolved'], assigneeId: ana }))).toEqual([6, 4, 2]);
    expect(numbers(await searchTickets(desk, { assigneeId: null, platform: 'instagram' }))).toEqual([10, 7]);
    expect(numbers(await searchTickets(desk, { tag: 'billing' }))).toEqual([6]);
    expect(numbers(await searchTickets(desk, { from: start + minutes(3), to: start + minutes(5) }))).toEqual([4, 3]);
    expect((await searchTickets(desk, { platform: 'facebook' })).tickets).toEqual([]);
  });

  it('matches every word of the text as a prefix of the subject, tags, customer name or handle, and finds "#7"', async () => {
    const { desk } = await desk12();
    expect(numbers(await searchTickets(desk, { text: 'refund' }))).toEqual([12, 10, 8, 6, 4, 2]);
    expect(numbers(await searchTickets(desk, { text: 'REF ord 11' }))).toEqual([12]);
    // A single character matches only a whole word: "1" is order 1, not 10 or 11.
    expect(numbers(await searchTickets(desk, { text: 'order 1' }))).toEqual([2]);
    expect(numbers(await searchTickets(desk, { text: 'zoë' }))).toEqual([8]);
    expect(numbers(await searchTickets(desk, { text: 'customer11' }))).toEqual([12]);
    expect(numbers(await searchTickets(desk, { text: 'parcel', status: ['open'], platform: 'x' }))).toEqual([11, 3]);
    expect(numbers(await searchTickets(desk, { text: '#7' }))).toEqual([7]);
    expect(numbers(await searchTickets(desk, { text: 'vip billing' }))).toEqual([6]);
    expect((await searchTickets(desk, { text: 'nothing-like-this' })).tickets).toEqual([]);
  });

  it('pages without gaps or repeats, with the customer name on each row', async () => {
    const { desk } = await desk12();
    const seen: (number | null)[] = [];
    let after: string | undefined;
    do {
      const page = await searchTickets(desk, { limit: 5, after });
      seen.push(...numbers(page));
      expect(page.tickets.every((t) => t.customerName.length > 0)).toBe(true);
      after = page.next ?? undefined;
    } while (after);
    expect(seen).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);

    const textPages = [await searchTickets(desk, { text: 'refund', limit: 4 })];
    textPages.push(await searchTickets(desk, { text: 'refund', limit: 4, after: textPages[0].next! }));
    expect(textPages.flatMap(numbers)).toEqual([12, 10, 8, 6, 4, 2]);
    expect(textPages[1].next).toBeNull();
  });

  it('finds tickets by a word beginning a thousand subjects, newest first, page after page', async () => {
    const { desk } = await desk12();
    const model = (await desk.db.tickets.toArray())[0];
    const common = Array.from({ length: 1_050 }, (_, i) => ({ ...model, id: ulid(), conversationKey: `x:dm:common-${i}`, subject: `Refund request ${i}`, number: 100 + i, updatedAt: start + minutes(100 + i), status: i % 2 ? ('open' as const) : ('pending' as const) }));
    await desk.db.tickets.bulkAdd(common);
    const first = await searchTickets(desk, { text: 'refund req', limit: 50 });
    expect(numbers(first)).toEqual(Array.from({ length: 50 }, (_, i) => 1_149 - i));
    const second = await searchTickets(desk, { text: 'refund req', limit: 50, after: first.next! });
    expect(numbers(second)).toEqual(Array.from({ length: 50 }, (_, i) => 1_099 - i));
    expect(numbers(await searchTickets(desk, { text: 'REF', status: ['pending'], limit: 3 }))).toEqual([1_148, 1_146, 1_144]);
  });

  /** 1,050 more tickets, updated after desk12's, numbered 100-1149 (newest last); `each` changes the i-th. */
  async function manyTickets(desk: Awaited<ReturnType<typeof desk12>>['desk'], each: (i: number) => object) {
    const model = (await desk.db.tickets.toArray())[0];
    await desk.db.tickets.bulkAdd(
      Array.from({ length: 1_050 }, (_, i) => ({ ...model, id: ulid(), conversationKey: `x:dm:many-${i}`, subject: `Question ${i}`, number: 100 + i, updatedAt: start + minutes(100 + i), ...each(i) })),
    );
  }
  const allPages = async (desk: Awaited<ReturnType<typeof desk12>>['desk'], search: object) => {
    const pages: (number | null)[][] = [];
    let after: string | undefined;
    do {
      const page = await searchTickets(desk, { ...search, after });
      pages.push(numbers(page));
      after = page.next ?? undefined;
    } while (after && pages.length < 200);
    return pages;
  };

  it('finds a tag on a thousand tickets, with other filters, newest first, page after page', async () => {
    const { desk } = await desk12();
    await manyTickets(desk, (i) => ({ tags: i % 50 ? ['bulk'] : [], status: i % 2 ? 'open' : 'pending', assigneeId: i % 5 ? null : ana }));
    const bulk = Array.from({ length: 1_050 }, (_, i) => 1_149 - i).filter((n) => (n - 100) % 50 !== 0);
    const first = await searchTickets(desk, { tag: 'bulk', limit: 50 });
    expect(numbers(first)).toEqual(bulk.slice(0, 50));
    expect(numbers(await searchTickets(desk, { tag: 'bulk', limit: 50, after: first.next! }))).toEqual(bulk.slice(50, 100));
    const pendingOrOpenOfAna = bulk.filter((n) => (n - 100) % 5 === 0);
    expect(numbers(await searchTickets(desk, { tag: 'bulk', status: ['open', 'pending'], assigneeId: ana, limit: 200 }))).toEqual(pendingOrOpenOfAna);
    expect(numbers(await searchTickets(desk, { tag: 'bulk', status: ['pending'], limit: 3 }))).toEqual(bulk.filter((n) => n % 2 === 0).slice(0, 3));
    // Every page together is the whole list, once.
    expect((await allPages(desk, { tag: 'bulk', status: ['open', 'pending'], limit: 40 })).flat()).toEqual(bulk);
  });

  it("finds a name's thousand tickets, and a word beginning two thousand customers' handles", async () => {
    const { desk } = await desk12();
    const customer = (await desk.db.customers.toArray())[0];
    const shoppers = Array.from({ length: 2_100 }, (_, i) => ({ ...customer, id: ulid(), name: i === 0 ? 'Quinn Rare' : `Shopper ${i}`, identities: [{ platform: 'x' as const, handle: i === 0 ? 'quinn' : `shopper${i}` }] }));
    await desk.db.customers.bulkAdd(shoppers);
    // Quinn wrote all but the last 40, two shoppers those; subjects say "parcel" on every fourth.
    await manyTickets(desk, (i) => ({ customerId: shoppers[i < 1_010 ? 0 : 1 + (i % 2)].id, subject: i % 4 ? `Question ${i}` : `Parcel ${i}` }));
    const all = Array.from({ length: 1_050 }, (_, i) => 1_149 - i);
    expect((await allPages(desk, { text: 'quinn', limit: 200 })).flat()).toEqual(all.filter((n) => n < 1_110));
    expect((await allPages(desk, { text: 'quinn parc', limit: 200 })).flat()).toEqual(all.filter((n) => n < 1_110 && n % 4 === 0));
    // "shopper" begins every shopper's name and handle.
    expect(numbers(await searchTickets(desk, { text: 'shopper', limit: 5 }))).toEqual([1_149, 1_148, 1_147, 1_146, 1_145]);
    expect(numbers(await searchTickets(desk, { text: 'parcel shop', limit: 200 }))).toEqual(all.filter((n) => n >= 1_110 && n % 4 === 0));
    expect(numbers(await searchTickets(desk, { text: 'shopper2', limit: 200 }))).toEqual(all.filter((n) => n >= 1_110 && n % 2 === 1));
    expect((await searchTickets(desk, { text: 'shopper', limit: 200 })).tickets.every((t) => /^Shopper [12]$/.test(t.customerName))).toBe(true);
  });

  it('fills the page with the tickets of a name that a few hundred customers share', async () => {
    const { desk } = await desk12();
    const customer = (await desk.db.customers.toArray())[0];
    const robins = Array.from({ length: 250 }, (_, i) => ({ ...customer, id: ulid(), name: `Robin ${i}`, identities: [{ platform: 'x' as const, handle: `r${i}` }] }));
    await desk.db.customers.bulkAdd(robins);
    await manyTickets(desk, (i) => (i % 10 ? {} : { customerId: robins[i / 10].id }));
    const theirs = Array.from({ length: 1_050 }, (_, i) => 1_149 - i).filter((n) => n % 10 === 0);
    const page = await searchTickets(desk, { text: 'robin', limit: 200 });
    expect(numbers(page)).toEqual(theirs);
    expect(page.next).toBeNull();
  });

  it('pages through rare matches one at a time, each once', async () => {
    const { desk } = await desk12();
    const search = { assigneeId: null, platform: 'instagram' as const };
    expect(await allPages(desk, { ...search, limit: 1 })).toEqual([[10], [7]]);
    expect(numbers(await searchTickets(desk, search))).toEqual([10, 7]);
  });
});
