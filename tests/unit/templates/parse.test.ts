import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../../../lib/templates/parse';

function errorsOf(body: string) {
  const result = parseTemplate(body);
  if (result.ok) throw new Error(`expected "${body}" to be rejected`);
  return result.errors;
}

describe('parseTemplate', () => {
  it('splits text, variables with fallbacks, fill-in fields and includes', () => {
    const body = 'Hi {{ customer.first_name | there }}! Order {{ask:Order number}}.\n{{> sign-off}}';
    const span = (tag: string) => ({ start: body.indexOf(tag), end: body.indexOf(tag) + tag.length });
    const result = parseTemplate(body);
    expect(result.ok && result.tree.nodes).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'variable', namespace: 'customer', key: 'first_name', name: 'customer.first_name', fallback: 'there', span: span('{{ customer.first_name | there }}') },
      { kind: 'text', text: '! Order ' },
      { kind: 'ask', label: 'Order number', span: span('{{ask:Order number}}') },
      { kind: 'text', text: '.\n' },
      { kind: 'include', shortcut: 'sign-off', span: span('{{> sign-off}}') },
    ]);
  });

  it('tells an empty fallback from no fallback', () => {
    const result = parseTemplate('{{agent.name|}}{{agent.name}}');
    const fallbacks = result.ok ? result.tree.nodes.map((node) => node.kind === 'variable' && node.fallback) : [];
    expect(fallbacks).toEqual(['', null]);
  });

  it('keeps unknown customer keys as custom attributes, as written', () => {
    const result = parseTemplate('{{customer.Loyalty_Tier}}');
    expect(result.ok && result.tree.nodes[0]).toMatchObject({ kind: 'variable', namespace: 'customer', key: 'Loyalty_Tier' });
  });

  it('keeps plain text exactly, including markup, braces alone, new lines and emoji', () => {
    const body = '<img src=x onerror=alert(1)> { } 😀\r\nline two';
    const result = parseTemplate(body);
    expect(result.ok && result.tree.nodes).toEqual([{ kind: 'text', text: body }]);
  });

  it.each([
    ['Hi {{customer.first_name', '"{{" is never closed', 1, 4],
    ['Hi {{customer.first_name and {{agent.name}}', '"{{" is never closed', 1, 4],
    ['Thanks }} bye', '"}}" without a matching "{{"', 1, 8],
    ['{{}}', 'Empty {{ }}', 1, 1],
    ['{{ |there}}', 'Empty variable name', 1, 1],
    ['{{first_name}}', 'Unknown variable "first_name"', 1, 1],
    ['{{order.id}}', 'Unknown variable "order.id"', 1, 1],
    ['{{agent.shoe_size}}', 'agent has name, first_name', 1, 1],
    ['{{ask:}}', 'needs a label', 1, 1],
    ['{{>}}', 'An include needs a shortcut', 1, 1],
    ['{{> not a shortcut}}', 'Bad include "{{> not a shortcut}}"', 1, 1],
    ['😀😀\nline {{customer.}}', 'Unknown variable "customer."', 2, 6],
  ])('rejects %j with a message and its position', (body, message, line, column) => {
    const [error] = errorsOf(body);
    expect(error.message).toContain(message);
    expect({ line: error.line, column: error.column }).toEqual({ line, column });
  });

  it('reports every problem, not just the first', () => {
    expect(errorsOf('{{}} and }} and {{ask:}}').map((error) => error.column)).toEqual([1, 10, 17]);
  });
});
