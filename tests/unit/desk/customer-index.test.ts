import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CustomerIndex, type CustomerRow } from '../../../lib/desk/customer-index';
import { identityKeys, searchWords } from '../../../lib/desk/words';

const handles = ['jane', 'Jane_Doe', 'bob', 'ann.ig', 'zed'];
const customer = (n: number, identities: { handle: number; userId: number | null }[], name: number) =>
  ({
    id: `C${String(n).padStart(3, '0')}`,
    name: `${handles[name]} Person`,
    email: null,
    identities: identities.map(({ handle, userId }) => ({ platform: 'x' as const, handle: handles[handle], ...(userId === null ? {} : { userId: String(userId) }) })),
  }) as unknown as CustomerRow;

const change = fc.oneof(
  fc.record({
    set: fc.array(
      fc.record({ n: fc.nat(30), name: fc.nat(handles.length - 1), identities: fc.array(fc.record({ handle: fc.nat(handles.length - 1), userId: fc.option(fc.nat(5)) }), { maxLength: 3 }) }),
      { minLength: 1, maxLength: 20 },
    ),
  }),
  fc.record({ remove: fc.array(fc.nat(30), { minLength: 1, maxLength: 5 }) }),
);

describe('the customer index', () => {
  it('finds customers by identity and by word as a scan of them would, through any changes', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 20 }), (changes) => {
        const index = new CustomerIndex();
        const rows = new Map<string, CustomerRow>();
        for (const c of changes) {
          if ('set' in c) {
            const set = c.set.map(({ n, identities, name }) => customer(n, identities, name));
            index.set(set);
            for (const row of set) rows.set(row.id, row);
          } else {
            const ids = c.remove.map((n) => `C${String(n).padStart(3, '0')}`);
            index.delete(ids);
            for (const id of ids) rows.delete(id);
          }
        }
        const all = [...rows.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
        expect(index.all()).toEqual(all);
        const keys = new Set(all.flatMap((c) => c.identities.flatMap(identityKeys)).concat(['x:h:nobody', 'x:u:99']));
        for (const key of keys) expect(index.withIdentityKey(key).map((c) => c.id).sort()).toEqual(all.filter((c) => c.identities.flatMap(identityKeys).includes(key)).map((c) => c.id));
        for (const prefix of ['j', 'ja', 'jane', 'doe', 'ig', 'person', 'q']) {
          const words = (c: CustomerRow) => searchWords([c.name, ...c.identities.flatMap((i) => [i.handle, i.displayName ?? ''])]);
          expect([...index.withWordWhere((w) => w.startsWith(prefix))].sort()).toEqual(all.filter((c) => words(c).some((w) => w.startsWith(prefix))).map((c) => c.id));
        }
      }),
      { numRuns: 200 },
    );
  });
});
