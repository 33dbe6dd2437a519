import { describe, expect, it } from 'vitest';
import { isValidShortcut } from '../../../lib/templates/shortcut';
import { exportCsv, importCsv } from '../../../lib/templates/csv';
import { checkLength } from '../../../lib/templates/limits';
import { parseTemplate } from '../../../lib/templates/parse';
import { render } from '../../../lib/templates/render';
import { TemplateIndex } from '../../../lib/templates/search';
import { starterLanguages, starterPack } from '../../../lib/templates/starter';

const intents = ['ack', 'sorry', 'dm', 'away', 'followup', 'resolved'];
const answers = Object.fromEntries(starterPack.flatMap((template) => {
  const parsed = parseTemplate(template.body);
  return parsed.ok ? parsed.tree.nodes.flatMap((node) => (node.kind === 'ask' ? [[node.label, '9 AM']] : [])) : [];
}));

describe('starter pack', () => {
  it('has every intent in every language, with one shortcut scheme', () => {
    expect(starterPack.map((template) => template.shortcut)).toEqual(
      starterLanguages.flatMap((language) => intents.map((intent) => (language === 'en' ? intent : `${intent}-${language}`))),
    );
    expect(starterPack.every((template) => isValidShortcut(template.shortcut!))).toBe(true);
  });

  it.each(starterPack.map((template) => [template.shortcut, template] as const))('%s parses, greets by name, and fits an X reply', (_, template) => {
    expect(parseTemplate(template.body).ok).toBe(true);
    const result = render(template.body, { customer: { name: 'Maria Clara Santos' }, agent: { name: 'Ana Reyes' }, answers });
    if (!result.ok) throw new Error(result.problems.map((problem) => problem.message).join('; '));
    expect(result.text).toContain('Maria');
    expect(result.text).not.toMatch(/\{\{|\}\}|\[/);
    expect(checkLength(result.text, 'x', 'reply').over).toBe(false);
  });

  it.each([
    ['ack', 'Hi there, thanks'],
    ['ack-fil', 'Hi po! Salamat po'],
    ['ack-ms', 'Hai tuan/puan, terima kasih'],
    ['ack-id', 'Halo Kak, terima kasih'],
    ['ack-ru', 'Здравствуйте, спасибо'],
  ])('%s greets politely without a name', (shortcut, opening) => {
    const template = starterPack.find((candidate) => candidate.shortcut === shortcut)!;
    const result = render(template.body, {});
    expect(result.ok && result.text.startsWith(opening)).toBe(true);
  });

  it('imports cleanly and is found by intent in English and by language', () => {
    expect(importCsv(exportCsv(starterPack))).toMatchObject({ ok: true, problems: [] });
    const index = new TemplateIndex(starterPack.map((template, i) => ({ ...template, id: String(i), usageCount: 0, lastUsedAt: null })));
    expect(index.search('apologise', { language: 'ru' }).hits.map((hit) => hit.template.shortcut)).toEqual(['sorry-ru']);
    expect(index.findByShortcut('ACK-FIL')?.title).toBe('Natanggap ang mensahe');
  });
});
