// @vitest-environment happy-dom
/** The options page's Templates section over the real template library: create, edit, mistakes as typed, delete and undo, import. */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { TemplatesSection } from '../../components/options/TemplatesSection';
import { choose, click, mount, type, until } from './components/dom';
import { memoryDesk } from './components/memory-desk';
import { templateWithShortcut } from './desk/helpers';

async function section() {
  const { desk, db } = memoryDesk();
  const ui = await mount(h(TemplatesSection, { desk }));
  await until(() => expect(ui.all('template-row').length).toBeGreaterThan(0)); // the starter pack
  const byShortcut = (shortcut: string) => templateWithShortcut(db, shortcut);
  return { ui, db, byShortcut };
}

async function fill(ui: Awaited<ReturnType<typeof section>>['ui'], fields: Record<string, string>) {
  for (const [testId, value] of Object.entries(fields)) await type(ui.get(testId), value);
}

describe('the Templates section', () => {
  it('creates a template with every field, then edits it', async () => {
    const { ui, byShortcut } = await section();
    await click(ui.get('template-new'));
    await fill(ui, { 'template-title': 'Refund sent', 'template-shortcut': ';Refund', 'template-body': 'Hi {{customer.first_name|there}}, your refund is on its way.', 'template-folder': 'Billing', 'template-tags': 'refund, money', 'template-language': 'en' });
    await click(ui.get('template-platform-x'));
    await choose(ui.get('template-scope'), 'personal');
    expect(ui.get('template-editor-preview').textContent).toBe('Hi Maria, your refund is on its way.');
    await click(ui.get('template-save'));
    await until(() => expect(ui.get('template-saved').textContent).toBe('Saved.'));
    expect(await byShortcut('refund')).toMatchObject({ title: 'Refund sent', folder: 'Billing', tags: ['refund', 'money'], language: 'en', platforms: ['x'], scope: 'personal', approved: true });

    await type(ui.get('template-title'), 'Refund on its way');
    await click(ui.get('template-save'));
    await until(async () => expect((await byShortcut('refund'))?.title).toBe('Refund on its way'));
    await until(() => expect(ui.all('template-row').some((row) => row.textContent?.includes('Refund on its way'))).toBe(true));
  });

  it('shows mistakes in the body as they are typed, and the reason a save was refused', async () => {
    const { ui, byShortcut } = await section();
    await click(ui.get('template-new'));
    await fill(ui, { 'template-title': 'Loop', 'template-shortcut': 'loop', 'template-body': 'Hi {{customer.first_name' });
    expect(ui.get('template-errors').textContent).toMatch(/line 1, column 4: "\{\{" is never closed/);
    await type(ui.get('template-body'), 'See {{> loop}}');
    expect(ui.get('template-errors').textContent).toMatch(/Include cycle: loop → loop/);
    await type(ui.get('template-shortcut'), 'no spaces please');
    expect(ui.get('template-shortcut-error').textContent).toMatch(/letters, digits/);
    await type(ui.get('template-body'), 'Hi {{agent.shoe_size}}');
    await click(ui.get('template-save'));
    await until(() => expect(ui.get('template-save-error').textContent).toMatch(/shortcut "no spaces please"/));
    expect(await byShortcut('no spaces please')).toBeUndefined();
  });

  it('deletes a template, and Undo brings it back', async () => {
    const { ui, db } = await section();
    const ack = ui.all('template-row').find((row) => row.textContent?.includes(';ack'))!;
    await click(ack);
    await click(ui.get('template-delete'));
    await until(() => expect(ui.get('template-deleted').textContent).toMatch(/Deleted “Acknowledge”/));
    expect(await templateWithShortcut(db, 'ack')).toBeUndefined();
    await click(ui.get('template-undo-delete'));
    await until(async () => expect(await templateWithShortcut(db, 'ack')).toBeDefined());
  });

  it('imports a JSON export, updating what is already there and reporting what it refused', async () => {
    const { ui, byShortcut } = await section();
    const file = JSON.stringify({
      format: 'sidedesk-templates',
      version: 1,
      exportedAt: new Date().toISOString(),
      templates: [
        { title: 'Acknowledge (new words)', shortcut: 'ack', body: 'Got it, {{customer.first_name|there}}!', language: 'en', scope: 'team', approved: true, platforms: [], tags: [], folder: 'Starter' },
        { title: 'Brand new', shortcut: 'new-one', body: 'Hello!' },
        { title: 'Broken', shortcut: 'broken', body: '{{ask:}}' },
      ],
    });
    const input = ui.get<HTMLInputElement>('template-import');
    Object.defineProperty(input, 'files', { value: [new File([file], 'library.json', { type: 'application/json' })], configurable: true });
    await act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
    await until(() => expect(ui.get('template-import-report').textContent).toMatch(/library\.json: 1 new, 1 updated, 0 unchanged; 1 not imported\./));
    expect(ui.all('template-import-problem').map((li) => li.textContent)).toEqual([expect.stringMatching(/^Row 3: body: .*needs a label/)]);
    expect(await byShortcut('ack')).toMatchObject({ title: 'Acknowledge (new words)' });
    expect(await byShortcut('new-one')).toMatchObject({ scope: 'team', approved: true });
  });
});
