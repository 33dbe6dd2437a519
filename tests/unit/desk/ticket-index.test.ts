import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newestFirstOrder, TicketIndex, type TicketRow } from '../../../lib/desk/ticket-index';
import type { TicketStatus } from '../../../lib/model';

const statuses: TicketStatus[] = ['open', 'pending', 'snoozed', 'resolved', 'closed'];

/** A ticket with only what the index looks at varying: ids, conversation, customer, status, times. */
const ticket = (n: number, { key, customer, status, updatedAt }: { key: number; customer: number; status: number; updatedAt: number }) =>
  ({
    id: `T${String(n).padStart(4, '0')}`,
    conversationKey: key % 3 === 0 ? `x:post:${key % 4}/comment:${key}` : `x:dm:${key}`,
    customerId: `c${customer}`,
    status: statuses[status],
    snoozedUntil: statuses[status] === 'snoozed' ? updatedAt + 10 : null,
    updatedAt,
  }) as TicketRow;

const change = fc.oneof(
  fc.record({
    set: fc.array(
      fc.record({ n: fc.nat(60), key: fc.nat(12), customer: fc.nat(5), status: fc.nat(statuses.length - 1), updatedAt: fc.nat(20) }),
      { minLength: 1, maxLength: 80 },
    ),
  }),
  fc.record({ remove: fc.array(fc.nat(60), { minLength: 1, maxLength: 10 }) }),
);

describe('the ticket index', () => {
  it('answers every lookup as a scan of the tickets would, through any order of small and large changes', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), fc.boolean(), (changes, listFirst) => {
        const index = new TicketIndex();
        const rows = new Map<string, TicketRow>();
        // Listing first makes later small changes patch the list order rather than sort it again.
        if (listFirst) index.newestFirst();
        for (const c of changes) {
          if ('set' in c) {
            const set = c.set.map(({ n, ...fields }) => ticket(n, fields));
            index.set(set);
            for (const row of set) rows.set(row.id, row);
          } else {
            const ids = c.remove.map((n) => `T${String(n).padStart(4, '0')}`);
            index.delete(ids);
            for (const id of ids) rows.delete(id);
          }
          if (listFirst) index.newestFirst();
        }
        const all = [...rows.values()];
        const ids = (list: readonly TicketRow[]) => list.map((t) => t.id).sort();
        expect(index.size).toBe(rows.size);
        expect(index.newestFirst()).toEqual([...all].sort(newestFirstOrder));
        for (let key = 0; key <= 12; key++) {
          for (const k of [`x:dm:${key}`, `x:post:${key % 4}/comment:${key}`]) expect(ids(index.withConversationKey(k))).toEqual(ids(all.filter((t) => t.conversationKey === k)));
        }
        for (let post = 0; post < 4; post++) expect(ids(index.commentsOn(`x:post:${post}`))).toEqual(ids(all.filter((t) => t.conversationKey.startsWith(`x:post:${post}/`))));
        for (let customer = 0; customer <= 5; customer++) expect(index.ofCustomer(`c${customer}`)).toEqual(all.filter((t) => t.customerId === `c${customer}`).sort(newestFirstOrder));
        expect(ids(index.snoozedUntil(15))).toEqual(ids(all.filter((t) => t.status === 'snoozed' && t.snoozedUntil! <= 15)));
      }),
      { numRuns: 200 },
    );
  });
});
