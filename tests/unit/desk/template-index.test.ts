import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TemplateIndex, type TemplateRow } from '../../../lib/desk/template-index';

const shortcuts = ['refund', 'ack', 'hours', null];
const id = (n: number) => `T${String(n).padStart(3, '0')}`;
const template = (n: number, shortcut: number, body: number) => ({ id: id(n), shortcut: shortcuts[shortcut], body: `Body ${body}` }) as unknown as TemplateRow;

const change = fc.oneof(
  fc.record({ set: fc.array(fc.record({ n: fc.nat(20), shortcut: fc.nat(shortcuts.length - 1), body: fc.nat(3) }), { minLength: 1, maxLength: 10 }) }),
  fc.record({ remove: fc.array(fc.nat(20), { minLength: 1, maxLength: 4 }) }),
);

describe('the template index', () => {
  it('finds templates by shortcut as a scan would, and lists every id changed since any revision, through any changes', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 20 }), fc.nat(20), (changes, readAfter) => {
        const index = new TemplateIndex();
        const rows = new Map<string, TemplateRow>();
        let seen = { revision: 0, rows: new Map(rows) };
        changes.forEach((c, i) => {
          if ('set' in c) {
            const set = c.set.map(({ n, shortcut, body }) => template(n, shortcut, body));
            index.set(set);
            for (const row of set) rows.set(row.id, row);
          } else {
            const ids = c.remove.map(id);
            index.delete(ids);
            for (const gone of ids) rows.delete(gone);
          }
          if (i === readAfter) seen = { revision: index.revision, rows: new Map(rows) };
        });
        const all = [...rows.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
        expect(index.all()).toEqual(all);
        for (const shortcut of ['refund', 'ack', 'hours', 'none']) {
          expect(index.withShortcut(shortcut).map((t) => t.id).sort()).toEqual(all.filter((t) => t.shortcut === shortcut).map((t) => t.id));
        }
        // A reader who read at `seen` and then applies what changed since holds what the index holds.
        const held = new Map(seen.rows);
        for (const changed of index.changedSince(seen.revision)) {
          const row = index.get(changed);
          if (row) held.set(changed, row);
          else held.delete(changed);
        }
        expect([...held.values()].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(all);
      }),
      { numRuns: 200 },
    );
  });

  it('starts a new epoch with each index, so a reader of another one reads everything again', () => {
    const rows = [template(1, 0, 0)];
    expect(new TemplateIndex(rows).epoch).not.toBe(new TemplateIndex(rows).epoch);
    expect(new TemplateIndex(rows).revision).toBe(0);
  });
});
