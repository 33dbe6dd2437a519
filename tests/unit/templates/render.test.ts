import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../../../lib/templates/parse';
import { createIncludeLookup, render, type RenderContext, type RenderResult } from '../../../lib/templates/render';

const maria: RenderContext = {
  customer: {
    name: 'María Santos Cruz',
    identities: [
      { platform: 'facebook', handle: 'maria.s.cruz' },
      { platform: 'x', handle: 'mariacruz' },
    ],
    email: null,
    attributes: { 'Loyalty Tier': 'Gold', orders: 3, vip_since: null },
  },
  agent: { name: 'Ana Reyes' },
  team: { name: 'Acme Care' },
  ticket: { id: '01J9Z3X4Y5Z6A7B8C9D0E1F2G3', number: 42, status: 'pending', platform: 'x', channel: 'reply' },
};

function messages(result: RenderResult): string[] {
  return result.ok ? [] : result.problems.map((problem) => problem.message);
}

function text(result: RenderResult): string {
  if (!result.ok) throw new Error(result.problems.map((problem) => problem.message).join('; '));
  return result.text;
}

describe('variables', () => {
  it('derives what an agent writes: first names, handles, mentions, ticket references', () => {
    const body = '{{customer.first_name}} {{customer.last_name}} · {{customer.handle}} {{customer.mention}} · {{customer.platform}} · '
      + '{{agent.first_name}} of {{agent.team}} · {{ticket.id}} {{ticket.number}} {{ticket.status}} {{ticket.channel}}';
    expect(text(render(body, maria))).toBe('María Santos Cruz · mariacruz @mariacruz · X · Ana of Acme Care · #42 42 pending reply');
  });

  it('picks the handle of the network the reply is written on', () => {
    expect(text(render('{{customer.handle}}', { ...maria, platform: 'facebook' }))).toBe('maria.s.cruz');
  });

  it('reads custom attributes for unknown customer keys, whatever their spelling', () => {
    expect(text(render('{{customer.loyalty_tier}}, {{customer.Loyalty-Tier}}, {{customer.orders}} orders', maria))).toBe('Gold, Gold, 3 orders');
  });

  it('uses the fallback when a value is missing or blank, and the value when present', () => {
    expect(text(render('Hi {{customer.first_name|there}}', {}))).toBe('Hi there');
    expect(text(render('Hi {{customer.first_name|there}}', { customer: { name: '   ' } }))).toBe('Hi there');
    expect(text(render('Hi {{customer.first_name|there}}', maria))).toBe('Hi María');
    expect(text(render('Hi{{customer.vip_since|}}!', maria))).toBe('Hi!');
  });

  it('blocks a missing variable without fallback, naming each once, and previews the rest', () => {
    const result = render('Mail {{customer.email}} or {{customer.email}}; {{ticket.id}}', { customer: {} });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.kind === 'missing-variable' && problem.variable)).toEqual(['customer.email', 'ticket.id']);
    expect(messages(result)[0]).toContain('customer.email');
    expect(result.preview).toBe('Mail {{customer.email}} or {{customer.email}}; {{ticket.id}}');
  });
});

describe('fill-in fields', () => {
  const body = 'Order {{ask:Order number}} ships {{ask:Date}}. Ref {{ask:Order number}}';

  it('reports the fields to ask, once each and in order, and blocks until answered', () => {
    const result = render(body, { answers: { Date: 'Monday' } });
    expect(result).toMatchObject({ ok: false, asks: ['Order number', 'Date'], preview: 'Order [Order number] ships Monday. Ref [Order number]' });
    expect(!result.ok && result.problems).toEqual([{ kind: 'unanswered', label: 'Order number', message: 'Fill in "Order number"' }]);
  });

  it('fills every occurrence with the answer', () => {
    expect(text(render(body, { answers: { 'Order number': 'A-17', Date: 'Monday' } }))).toBe('Order A-17 ships Monday. Ref A-17');
  });

  it('treats a blank answer as unanswered, and an answer named like an object property as data', () => {
    expect(render('{{ask:Date}}', { answers: { Date: '  ' } }).ok).toBe(false);
    expect(render('{{ask:constructor}}', { answers: {} }).ok).toBe(false);
  });
});

describe('includes', () => {
  const library = [
    { shortcut: 'greet', body: 'Hi {{customer.first_name|there}},\n' },
    { shortcut: 'sign', body: '\n— {{agent.first_name}}' },
    { shortcut: 'refund', body: '{{> greet}}your refund is on its way.{{> sign}}' },
    { shortcut: 'a', body: 'A {{> b}}' },
    { shortcut: 'b', body: 'B {{> a}}' },
    { shortcut: 'self', body: '{{> self}}' },
    { shortcut: 'uses-ghost', body: 'x {{> ghost}}' },
    { shortcut: 'uses-broken', body: '{{> broken}}' },
    { shortcut: 'broken', body: 'oops {{customer.name' },
    { shortcut: 'diamond', body: '{{> greet}}{{> greet}}' },
  ];
  const includes = createIncludeLookup(library);
  const renderShortcut = (shortcut: string, context: RenderContext = maria) =>
    render(library.find((template) => template.shortcut === shortcut)!.body, context, { shortcut, includes });

  it('renders included templates in place, with the same context', () => {
    expect(text(renderShortcut('refund'))).toBe('Hi María,\nyour refund is on its way.\n— Ana');
    expect(text(renderShortcut('diamond'))).toBe('Hi María,\nHi María,\n');
  });

  it('reports a cycle naming the chain', () => {
    expect(messages(renderShortcut('a'))).toEqual(['Include cycle: a → b → a']);
    expect(messages(renderShortcut('self'))).toEqual(['Include cycle: self → self']);
  });

  it('reports a missing include naming the chain', () => {
    const result = renderShortcut('uses-ghost');
    expect(!result.ok && result.problems[0]).toMatchObject({ kind: 'include', chain: ['uses-ghost', 'ghost'] });
    expect(messages(result)[0]).toContain('uses-ghost → ghost');
  });

  it('reports a malformed included template', () => {
    expect(messages(renderShortcut('uses-broken'))[0]).toMatch(/"broken" \(uses-broken → broken\) is malformed: line 1, column 6/);
  });

  it('refuses templates whose includes multiply without end', () => {
    const doubling = Array.from({ length: 20 }, (_, i) => ({ shortcut: `d${i}`, body: i === 19 ? 'x' : `{{> d${i + 1}}}{{> d${i + 1}}}` }));
    expect(messages(render('{{> d0}}', {}, { includes: createIncludeLookup(doubling) }))[0]).toContain('expand to more than');
  });
});

describe('output is plain text', () => {
  it('keeps markup, new lines and emoji from the template and from values exactly', () => {
    const body = '<img src=x onerror=alert(1)> &amp; 🙏🏽\r\n{{customer.name}}\n{{ask:Note}}';
    const context = { customer: { name: '<script>alert("x")</script> 👩‍👩‍👧' }, answers: { Note: '<b>bold?</b>' } };
    expect(text(render(body, context))).toBe('<img src=x onerror=alert(1)> &amp; 🙏🏽\r\n<script>alert("x")</script> 👩‍👩‍👧\n<b>bold?</b>');
  });

  it('never reads template syntax out of values', () => {
    const context = { customer: { name: '{{agent.name}} {{> refund}}' }, agent: { name: 'Ana' } };
    expect(text(render('Hi {{customer.name}}', context))).toBe('Hi {{agent.name}} {{> refund}}');
  });

  it('renders a tree parsed once as often as needed', () => {
    const parsed = parseTemplate('Hi {{customer.first_name|there}}');
    if (!parsed.ok) throw new Error('parse');
    expect([text(render(parsed.tree, maria)), text(render(parsed.tree, {}))]).toEqual(['Hi María', 'Hi there']);
  });

  it('reports syntax errors of the template itself without rendering', () => {
    const result = render('Hi {{customer.first_name');
    expect(!result.ok && result.problems[0]).toMatchObject({ kind: 'syntax', message: 'line 1, column 4: "{{" is never closed with "}}"' });
  });
});
