import { describe, expect, it } from 'vitest';
import { exportCsv, importCsv } from '../../../lib/templates/csv';
import type { ImportResult, TemplateDraft } from '../../../lib/templates/draft';
import { exportJson, importJson } from '../../../lib/templates/json';

const draft = (fields: Partial<TemplateDraft>): TemplateDraft => ({
  title: 'Untitled', shortcut: null, body: '', folder: null, tags: [], language: null, platforms: [], scope: 'team', approved: true, ...fields,
});

const tricky: TemplateDraft[] = [
  draft({
    title: 'Refund, "fast"', shortcut: 'refund', folder: 'Billing', tags: ['refund', 'money'], language: 'en-PH', platforms: ['x', 'instagram'],
    body: 'Hi {{customer.first_name|there}},\n\n"Sorry", we\'ll refund you, today 🙏🏽👨‍👩‍👧\r\nThanks!',
  }),
  draft({ title: 'Спасибо', shortcut: 'thanks-ru', language: 'ru', scope: 'personal', approved: false, body: 'Спасибо, {{customer.first_name|друг}}! 😊' }),
  draft({ title: 'Mention', body: '@{{customer.handle}} thanks', platforms: ['x'] }),
  draft({ title: '=HYPERLINK("http://evil")', body: "'=already quoted\n+1 -1", tags: ['-neg'] }),
  draft({ title: 'Empty body', body: '' }),
];

function accepted(result: ImportResult) {
  if (!result.ok) throw new Error(result.error);
  return result;
}

describe('JSON', () => {
  it('round-trips every field in a versioned envelope', () => {
    const file = exportJson(tricky, new Date('2026-01-02T03:04:05Z'));
    expect(JSON.parse(file)).toMatchObject({ format: 'sidedesk-templates', version: 1, exportedAt: '2026-01-02T03:04:05.000Z' });
    expect(accepted(importJson(file))).toEqual({ ok: true, templates: tricky, problems: [] });
  });

  it('exports only the portable fields', () => {
    const stored = { ...tricky[0], id: '01J9Z3X4Y5Z6A7B8C9D0E1F2G3', ownerId: 'x', usageCount: 9 };
    expect(Object.keys(JSON.parse(exportJson([stored])).templates[0]).sort()).toEqual(Object.keys(tricky[0]).sort());
  });

  it('keeps good entries and reports bad ones by position and reason, filling defaults', () => {
    const file = JSON.stringify({
      format: 'sidedesk-templates', version: 1,
      templates: [
        { title: 'Good', body: 'Hi', shortcut: 'hi' },
        { title: 'Bad syntax', body: 'Hi {{customer.first_name' },
        'not an object',
        { title: 'Dup', body: 'x', shortcut: 'HI' },
        { title: '', body: 'x', platforms: ['tiktok'], language: 'not a language!' },
        { title: 'Bad types', body: 42, tags: 'a,b' },
      ],
    });
    const result = accepted(importJson(file, { scope: 'personal' }));
    expect(result.templates).toEqual([draft({ title: 'Good', body: 'Hi', shortcut: 'hi', scope: 'personal', approved: false })]);
    expect(result.problems.map((problem) => problem.row)).toEqual([2, 3, 4, 5, 6]);
    const reasons = result.problems.map((problem) => problem.reason);
    expect(reasons[0]).toBe('body: line 1, column 4: "{{" is never closed with "}}"');
    expect(reasons[1]).toBe('not a template object');
    expect(reasons[2]).toBe('shortcut "HI" is already used by entry 1');
    expect(reasons[3]).toMatch(/title is empty; language "not a language!" is not a language tag.*; platforms: "tiktok" is not one of x, instagram, facebook/);
    expect(reasons[4]).toMatch(/^body: .*; tags: /);
  });

  it.each([
    ['not JSON', '{oops', /not a JSON file/],
    ['another format', '{"templates": []}', /not a Sidedesk template export/],
    ['a newer version', '{"format":"sidedesk-templates","version":2,"templates":[]}', /newer Sidedesk \(format version 2\)/],
  ])('refuses %s as a whole', (_, text, error) => {
    const result = importJson(text);
    expect(!result.ok && result.error).toMatch(error);
  });
});

describe('CSV', () => {
  it('round-trips bodies with commas, quotes, new lines, emoji and formula-like starts', () => {
    const file = exportCsv(tricky);
    expect(file.startsWith('\uFEFFshortcut,title,body,language,platforms,scope,approved,folder,tags\r\n')).toBe(true);
    expect(accepted(importCsv(file))).toEqual({ ok: true, templates: tricky, problems: [] });
  });

  it('never leaves a cell a spreadsheet would run as a formula', () => {
    const cells = exportCsv(tricky).split(/,|\r\n/).map((cell) => cell.replace(/^"/, ''));
    expect(cells.filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);
  });

  it('reads a hand-made sheet: any column order and case, lists, yes/no, semicolons, blank lines', () => {
    const sheet = 'Title;Body;Platforms;Approved;Tags;Notes\n\nThanks;"Thanks, {{customer.first_name|there}}!";X, Facebook;YES;a, b;ignored\n';
    expect(accepted(importCsv(sheet)).templates).toEqual([
      draft({ title: 'Thanks', body: 'Thanks, {{customer.first_name|there}}!', platforms: ['x', 'facebook'], approved: true, tags: ['a', 'b'] }),
    ]);
  });

  it('keeps good rows and reports bad ones with the line they start on', () => {
    const sheet = [
      'title,shortcut,body,approved',
      'Good,ok,"Two',
      'lines",yes',
      ',empty-title,x,no',
      'Bad shortcut,has space,x,no',
      '',
      'Bad approval,ba,x,maybe',
      'Extra,ex,x,no,surprise',
      'Broken,br,"Hi {{ask:}}",no',
      'Dup,OK,x,no',
    ].join('\r\n');
    const result = accepted(importCsv(sheet));
    expect(result.templates.map((template) => template.title)).toEqual(['Good']);
    expect(result.templates[0].body).toBe('Two\r\nlines');
    expect(result.problems).toEqual([
      { row: 2, line: 4, reason: 'title is empty' },
      { row: 3, line: 5, reason: expect.stringContaining('shortcut "has space"') },
      { row: 4, line: 7, reason: 'approved "maybe" should be yes or no' },
      { row: 5, line: 8, reason: 'has 5 cells but the header names 4 columns' },
      { row: 6, line: 9, reason: 'body: line 1, column 4: A fill-in field needs a label, e.g. {{ask:Order number}}' },
      { row: 7, line: 10, reason: 'shortcut "OK" is already used by line 2' },
    ]);
  });

  it('reports an unterminated quote at its line, keeping the rows before it', () => {
    const result = accepted(importCsv('title,body\nFine,ok\nOpen,"never closed\nNext,row'));
    expect(result.templates.map((template) => template.title)).toEqual(['Fine']);
    expect(result.problems).toEqual([{ row: 2, line: 3, reason: 'Quoted field unterminated' }]);
  });

  it('refuses a sheet without title and body columns', () => {
    const result = importCsv('name,text\nA,b');
    expect(!result.ok && result.error).toMatch(/missing: title, body/);
  });
});
