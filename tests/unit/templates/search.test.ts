import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, words } from '../../../lib/templates/fold';
import type { Platform } from '../../../lib/sites/types';
import { TemplateIndex, type SearchableTemplate, type SearchOptions } from '../../../lib/templates/search';

let nextId = 0;
function template(fields: Partial<SearchableTemplate>): SearchableTemplate {
  return {
    id: `t${nextId++}`, title: 'Untitled', shortcut: null, body: '', folder: null, tags: [], language: null,
    platforms: [], scope: 'team', approved: true, usageCount: 0, lastUsedAt: null, ...fields,
  };
}

const titles = (index: TemplateIndex<SearchableTemplate>, query: string, options?: SearchOptions) =>
  index.search(query, options).hits.map((hit) => hit.template.title);

describe('ranking', () => {
  const index = new TemplateIndex([
    template({ title: 'Body mention', body: 'We can refund this order.', usageCount: 99 }),
    template({ title: 'Refund policy', shortcut: 'policy', usageCount: 5 }),
    template({ title: 'Refund steps', shortcut: 'steps', usageCount: 7 }),
    template({ title: 'Prefix shortcut', shortcut: 'refund-late', usageCount: 1 }),
    template({ title: 'Exact shortcut', shortcut: 'refund', usageCount: 0 }),
    template({ title: 'Older prefix', shortcut: 'refund-old', usageCount: 1, lastUsedAt: 1_000 }),
    template({ title: 'Newer prefix', shortcut: 'refund-new', usageCount: 1, lastUsedAt: 2_000 }),
  ]);

  it('puts the exact shortcut first, then shortcut prefixes, titles, bodies; usage and recency break ties', () => {
    expect(index.search('refund').hits.map((hit) => [hit.template.title, hit.match])).toEqual([
      ['Exact shortcut', 'shortcut'],
      ['Newer prefix', 'shortcut-prefix'],
      ['Older prefix', 'shortcut-prefix'],
      ['Prefix shortcut', 'shortcut-prefix'],
      ['Refund steps', 'title'],
      ['Refund policy', 'title'],
      ['Body mention', 'body'],
    ]);
  });

  it('takes the query as typed: sigil, spaces and capitals', () => {
    expect(titles(index, '  ;REFUND ')[0]).toBe('Exact shortcut');
    expect(titles(index, '/refund-n')).toEqual(['Newer prefix']);
  });

  it('matches word beginnings, and needs every word of the query', () => {
    expect(titles(index, 'ref pol')).toEqual(['Refund policy']);
    expect(titles(index, 'order refund')).toEqual(['Body mention']);
    expect(titles(index, 'fund')).toEqual([]);
  });

  it('lists everything by usage for an empty query, with a total beyond the limit', () => {
    expect(index.search('', { limit: 2 })).toMatchObject({ total: 7, hits: [{ template: { title: 'Body mention' }, match: 'all' }, { template: { title: 'Refund steps' } }] });
  });
});

describe('folding', () => {
  const index = new TemplateIndex([
    template({ title: 'Café opening hours', body: 'Ouvert à 9h' }),
    template({ title: 'Ещё раз спасибо', shortcut: 'спасибо', language: 'ru' }),
    template({ title: 'Pagbati', body: 'Maraming salamat po!' }),
  ]);

  it('ignores case and diacritics in both the query and the templates', () => {
    expect(titles(index, 'cafe')).toEqual(['Café opening hours']);
    expect(titles(index, 'CAFÉ OUVERT A')).toEqual(['Café opening hours']);
    expect(titles(index, 'еще')).toEqual(['Ещё раз спасибо']);
    expect(titles(index, ';СПАСИБО')).toEqual(['Ещё раз спасибо']);
    expect(titles(index, 'SALAMAT')).toEqual(['Pagbati']);
  });
});

describe('filters', () => {
  const index = new TemplateIndex([
    template({ title: 'Thanks everywhere' }),
    template({ title: 'Thanks on X', platforms: ['x'] }),
    template({ title: 'Thanks in Filipino', language: 'fil' }),
    template({ title: 'Thanks in English (PH)', language: 'en-PH' }),
    template({ title: 'Thanks, my own', scope: 'personal', approved: false }),
    template({ title: 'Thanks, draft', approved: false }),
  ]);
  const sorted = (query: string, options: SearchOptions) => titles(index, query, options).sort();

  it('by platform: templates for that network or for all', () => {
    expect(sorted('thanks', { platform: 'instagram' })).not.toContain('Thanks on X');
    expect(sorted('thanks', { platform: 'x' })).toContain('Thanks on X');
  });

  it('by language: related tags match, templates without a language always do', () => {
    expect(sorted('thanks', { language: 'en' })).toEqual(['Thanks everywhere', 'Thanks in English (PH)', 'Thanks on X', 'Thanks, draft', 'Thanks, my own']);
    expect(sorted('thanks', { language: ['fil', 'ru'] })).toContain('Thanks in Filipino');
  });

  it('by scope and approval; approval never hides personal templates', () => {
    expect(sorted('thanks', { scope: 'personal' })).toEqual(['Thanks, my own']);
    expect(sorted('thanks', { approvedOnly: true })).not.toContain('Thanks, draft');
    expect(sorted('thanks', { approvedOnly: true })).toContain('Thanks, my own');
  });
});

describe('updates', () => {
  it('reflects edits, usage and removals without a rebuild', () => {
    const first = template({ title: 'Shipping delay', usageCount: 1 });
    const second = template({ title: 'Shipping cost', usageCount: 2 });
    const index = new TemplateIndex([first, second]);
    expect(titles(index, 'shipping')).toEqual(['Shipping cost', 'Shipping delay']);

    index.upsert({ ...first, usageCount: 3, lastUsedAt: 5 });
    expect(titles(index, 'shipping')).toEqual(['Shipping delay', 'Shipping cost']);

    index.upsert({ ...second, title: 'Delivery cost' });
    expect(titles(index, 'shipping')).toEqual(['Shipping delay']);
    expect(titles(index, 'deliv')).toEqual(['Delivery cost']);

    index.remove(first.id);
    expect(titles(index, '')).toEqual(['Delivery cost']);
    expect(index.size).toBe(1);
    index.upsert(template({ title: 'Shipping again', shortcut: 'ship' }));
    expect(titles(index, 'ship')).toEqual(['Shipping again']);
  });

  it('applies a change of language or platforms made without touching the text', () => {
    const thanks = template({ title: 'Thanks', language: 'en' });
    const index = new TemplateIndex([thanks]);
    index.upsert({ ...thanks, language: 'ru', platforms: ['x'] });
    expect(titles(index, 'thanks', { language: 'en' })).toEqual([]);
    expect(titles(index, 'thanks', { language: 'ru', platform: 'x' })).toEqual(['Thanks']);
    expect(titles(index, 'thanks', { platform: 'facebook' })).toEqual([]);
  });

  it('stays right through many edits, past the point where removed entries are compacted', () => {
    const library = Array.from({ length: 10 }, (_, i) => template({ title: `Reply ${i}`, shortcut: `r${i}` }));
    const index = new TemplateIndex(library);
    for (let round = 0; round < 100; round++) {
      library.forEach((entry, i) => {
        library[i] = { ...entry, title: `Reply ${i} round${round}`, usageCount: i };
        index.upsert(library[i]);
      });
    }
    expect(index.size).toBe(10);
    expect(titles(index, 'round99')).toEqual(library.map((entry) => entry.title).reverse());
    expect(titles(index, 'round98')).toEqual([]);
    expect(index.findByShortcut('r3')?.title).toBe('Reply 3 round99');
  });

  it('keeps the last of templates given twice with the same id', () => {
    const first = template({ title: 'Old title' });
    const index = new TemplateIndex([first, { ...first, title: 'New title' }]);
    expect([index.size, titles(index, 'title')]).toEqual([1, ['New title']]);
  });
});

describe('findByShortcut', () => {
  const index = new TemplateIndex([
    template({ title: 'Team thanks', shortcut: 'thx', usageCount: 50 }),
    template({ title: 'My thanks', shortcut: 'THX', scope: 'personal' }),
    template({ title: 'Russian thanks', shortcut: 'thx-ru', language: 'ru' }),
  ]);

  it('prefers the agent’s own template, ignores case and sigils, and applies filters', () => {
    expect(index.findByShortcut(';thx')?.title).toBe('My thanks');
    expect(index.findByShortcut('thx', { scope: 'team' })?.title).toBe('Team thanks');
    expect(index.findByShortcut('thx-ru', { language: 'en' })).toBeUndefined();
    expect(index.findByShortcut('th')).toBeUndefined();
  });
});

/** The ranking written as plainly as possible, to check the index against. */
function reference(templates: SearchableTemplate[], query: string, options: SearchOptions & { limit: number }) {
  const folded = fold(query.trim().replace(/^[;/]/, ''));
  const terms = words(folded);
  const tierOf = (t: SearchableTemplate) => {
    const shortcut = t.shortcut ? fold(t.shortcut) : '';
    if (!folded) return 5;
    if (shortcut && !/\s/.test(folded) && shortcut === folded) return 1;
    if (shortcut && !/\s/.test(folded) && shortcut.startsWith(folded)) return 2;
    if (!terms.length) return 0;
    const titleWords = words(fold(t.title));
    const allWords = [...titleWords, ...words([shortcut, t.body, t.folder ?? '', ...t.tags].map(fold).join(' '))];
    const has = (list: string[]) => terms.every((term) => list.some((word) => word.startsWith(term)));
    return has(titleWords) ? 3 : has(allWords) ? 4 : 0;
  };
  const suits = (t: SearchableTemplate) =>
    (!options.platform || !t.platforms.length || t.platforms.includes(options.platform)) &&
    (!options.language || !t.language || t.language === options.language);
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return templates
    .map((t) => ({ t, tier: tierOf(t) }))
    .filter(({ t, tier }) => tier > 0 && suits(t))
    .sort((a, b) => a.tier - b.tier || b.t.usageCount - a.t.usageCount || (b.t.lastUsedAt ?? -1) - (a.t.lastUsedAt ?? -1) || byText(fold(a.t.title), fold(b.t.title)) || byText(a.t.id, b.t.id))
    .slice(0, options.limit)
    .map(({ t }) => t.id);
}

describe('agrees with a plain reference implementation', () => {
  const vocabulary = ['re', 'refund', 'Réfund', 'order', 'ord', 'délai', 'delay', 'salamat', 'po', 'ack', 'ack-fil', 'спасибо', 'x'];
  const text = fc.array(fc.constantFrom(...vocabulary), { maxLength: 5 }).map((list) => list.join(' '));
  const arbitraryTemplate = fc.record({
    title: text, body: text, shortcut: fc.option(fc.constantFrom('ack', 'ack-fil', 'refund', 're', 'order-late'), { nil: null }),
    usageCount: fc.nat(3), lastUsedAt: fc.option(fc.nat(3), { nil: null }),
    language: fc.constantFrom(null, 'en', 'ru'), platforms: fc.constantFrom<Platform[]>([], ['x'], ['instagram', 'facebook']),
  });
  const edit = fc.oneof(
    arbitraryTemplate.map((fields) => ({ kind: 'replace' as const, fields })),
    fc.record({ usageCount: fc.nat(3), lastUsedAt: fc.nat(3), language: fc.constantFrom(null, 'en') }).map((fields) => ({ kind: 'use' as const, fields })),
    fc.constant({ kind: 'remove' as const }),
  );
  const options = fc.record({ platform: fc.constantFrom(undefined, 'x', 'facebook'), language: fc.constantFrom(undefined, 'en', 'ru'), limit: fc.constantFrom(3, 10) });

  it('for random libraries, edits, filters and queries', () => {
    fc.assert(
      fc.property(fc.array(arbitraryTemplate, { maxLength: 25 }), fc.array(edit, { maxLength: 6 }), text, fc.constantFrom('', ';', ' '), options, (initial, edits, query, prefix, filters) => {
        let templates = initial.map((fields) => template(fields));
        const index = new TemplateIndex(templates);
        edits.forEach((change, i) => {
          if (!templates.length) return;
          const target = templates[i % templates.length];
          if (change.kind === 'remove') {
            templates = templates.filter((t) => t !== target);
            index.remove(target.id);
            return;
          }
          const edited = { ...target, ...change.fields };
          templates = templates.map((t) => (t === target ? edited : t));
          index.upsert(edited);
        });
        const typed = prefix + query;
        expect(index.search(typed, filters).hits.map((hit) => hit.template.id)).toEqual(reference(templates, typed, filters));
      }),
      { numRuns: 400 },
    );
  });
});
