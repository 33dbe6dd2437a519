// @vitest-environment happy-dom
/** The sidebar's reply picker over the real template library (lib/desk on an in-memory database), with a stand-in composer. */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { ulid } from 'ulid';
import { describe, expect, it, vi } from 'vitest';
import { TemplateHostContext, type InsertOutcome, type TemplateHost, type TemplateNotice } from '../../components/templates/host';
import { createTemplateLibrary } from '../../components/templates/library';
import { TemplatePicker } from '../../components/templates/TemplatePicker';
import type { TemplateDraft } from '../../lib/desk/templates';
import type { DeskView } from '../../lib/desk/types';
import type { DetectedContext } from '../../lib/sites/types';
import { click, mount, type, until } from './components/dom';
import { memoryDesk } from './components/memory-desk';
import { templateWithShortcut, xDm } from './desk/helpers';

const draft = (title: string, shortcut: string, body: string, extra: Partial<TemplateDraft> = {}): TemplateDraft => ({
  title, shortcut, body, folder: null, tags: [], language: null, platforms: [], scope: 'team', approved: true, ...extra,
});

async function picker(templates: TemplateDraft[], { context = xDm([]) as DetectedContext, outcome = { ok: true } as InsertOutcome, view = undefined as DeskView | undefined } = {}) {
  const { desk, db } = memoryDesk();
  for (const template of templates) await desk.call('saveTemplate', { id: ulid(), draft: template });
  const inserted: string[] = [];
  const noticeListeners = new Set<(notice: TemplateNotice) => void>();
  const host: TemplateHost = {
    library: createTemplateLibrary(desk),
    insert: vi.fn(async (text: string) => (inserted.push(text), outcome)),
    onNotice: (listener) => (noticeListeners.add(listener), () => noticeListeners.delete(listener)),
  };
  const ui = await mount(h(TemplateHostContext.Provider, { value: host }, h(TemplatePicker, { identity: context.customer, context, view })));
  const search = await ui.find<HTMLInputElement>('template-search');
  await act(() => search.focus()); // the agent reaching for the replies reads the library
  await until(() => expect(ui.all('template-item').length).toBeGreaterThan(0));
  const press = (key: string, target: Element = search) => act(() => void target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })));
  const shown = () => ui.all('template-item').map((item) => item.dataset.shortcut);
  const selected = () => ui.all('template-item').find((item) => item.getAttribute('aria-selected') === 'true')?.dataset.shortcut;
  const tell = (notice: TemplateNotice) => act(() => noticeListeners.forEach((listener) => listener(notice)));
  return { ui, db, desk, search, inserted, press, shown, selected, tell };
}

describe('reading the library', () => {
  it('reads it only once the agent reaches for the replies (pointer or focus), not with every page', async () => {
    const { desk } = memoryDesk();
    await desk.call('saveTemplate', { id: ulid(), draft: draft('Refund sent', 'refund', 'On its way') });
    const call = vi.spyOn(desk, 'call');
    const host: TemplateHost = { library: createTemplateLibrary(desk), insert: vi.fn(), onNotice: () => () => {} };
    const ui = await mount(h(TemplateHostContext.Provider, { value: host }, h(TemplatePicker, { identity: xDm([]).customer })));
    expect(ui.get('template-status').textContent).toBe('Your team’s replies show here as you search.');
    expect(call.mock.calls.filter(([name]) => name === 'listTemplates')).toEqual([]);

    await act(() => void ui.get('template-search').closest('section')!.dispatchEvent(new PointerEvent('pointerenter')));
    await until(() => expect(ui.all('template-item').length).toBeGreaterThan(0));
    expect(call.mock.calls.filter(([name]) => name === 'listTemplates').length).toBeGreaterThan(0);
  });
});

const refund = draft('Refund sent', 'refund', 'Hi {{customer.first_name|there}}, your refund is on its way 💸');
const policy = draft('Refund policy', 'policy', 'Refunds take five working days.');

describe('the reply picker', () => {
  it('ranks the shortcut first, and Enter inserts the reply rendered for this customer and counts a use', async () => {
    const { ui, db, search, inserted, press, shown } = await picker([policy, refund]);
    await type(search, 'refund');
    expect(shown().slice(0, 2)).toEqual(['refund', 'policy']);
    expect(ui.get('template-preview').textContent).toBe('Hi Jane, your refund is on its way 💸');
    await press('Enter');
    await until(() => expect(ui.get('template-notice').textContent).toBe('Inserted “Refund sent”.'));
    expect(inserted).toEqual(['Hi Jane, your refund is on its way 💸']);
    await until(async () => expect((await templateWithShortcut(db, 'refund'))?.usageCount).toBe(1));
    expect(search.value).toBe('');
  });

  it('moves with the arrows, stops at the ends, and Esc clears the search', async () => {
    const { ui, search, press, selected } = await picker([policy, refund]);
    await type(search, 'ref');
    const first = selected();
    await press('ArrowUp');
    expect(selected()).toBe(first);
    await press('ArrowDown');
    expect(selected()).not.toBe(first);
    await press('ArrowDown');
    await press('ArrowDown');
    expect(search.getAttribute('aria-activedescendant')).toBe(ui.all('template-item').at(-1)!.id);
    await press('Escape');
    expect(search.value).toBe('');
  });

  it('follows templates added, edited and deleted elsewhere (the options page, another browser)', async () => {
    const { desk, db, search, shown, ui } = await picker([policy, refund]);
    await type(search, 'refund');
    const id = (await templateWithShortcut(db, 'policy'))!.id;
    await desk.call('saveTemplate', { id: ulid(), draft: draft('Refund denied', 'denied', 'Sorry, no refund.') });
    await desk.call('saveTemplate', { id, draft: { ...policy, body: 'Refunds take ten working days.' } });
    await desk.call('deleteTemplate', { id: (await templateWithShortcut(db, 'refund'))!.id });
    await until(() => expect(shown()).toEqual(['denied', 'policy']));
    await type(search, 'policy');
    expect(ui.get('template-preview').textContent).toBe('Refunds take ten working days.');
  });

  it("hides team drafts, but not the agent's own templates", async () => {
    const { ui, search, shown } = await picker([draft('Not yet approved', 'wip', 'Soon', { approved: false }), draft('My own', 'mine', 'Mine', { scope: 'personal', approved: false })]);
    await type(search, 'wip');
    expect(ui.get('template-empty').textContent).toBe('No reply matches “wip”.');
    await type(search, 'mine');
    expect(shown()).toEqual(['mine']);
  });

  it("offers replies in the customer's language (and those for every language) until the agent asks for all", async () => {
    const view = { customer: { name: 'Анна Петрова', language: 'ru', identities: [], attributes: {} } } as unknown as DeskView;
    const templates = [draft('Thanks', 'thanks', 'Thanks!', { language: 'en' }), draft('Спасибо', 'thanks-ru', '{{customer.first_name}}, спасибо!', { language: 'ru' }), draft('Thanks (any)', 'thanks-any', '🙏')];
    const { ui, search, shown } = await picker(templates, { view });
    await type(search, 'thanks');
    expect(shown()).toEqual(['thanks-any', 'thanks-ru']);
    expect(ui.get('template-language-only').parentElement!.textContent).toMatch(/Only replies in Russian/);
    await act(() => ui.get('template-language-only').click());
    expect(shown().slice(0, 3)).toEqual(['thanks', 'thanks-any', 'thanks-ru']); // then starter replies that say thanks
    await type(search, 'thanks-ru');
    expect(ui.get('template-preview').textContent).toBe('Анна, спасибо!');
  });

  it('asks the fill-in fields before inserting, from the keyboard', async () => {
    const { ui, search, inserted, press } = await picker([draft('Order status', 'wismo', 'Order {{ask:Order number}} ships {{ask:Ship date}}.')]);
    await type(search, 'wismo');
    await press('Enter');
    const [number, date] = ui.all<HTMLInputElement>('template-ask');
    expect(document.activeElement).toBe(number);
    expect(inserted).toEqual([]);
    await type(number, '#4411');
    await press('Enter', number);
    expect(document.activeElement).toBe(date);
    await type(date, 'tomorrow');
    await press('Enter', date);
    await until(() => expect(inserted).toEqual(['Order #4411 ships tomorrow.']));
  });

  it('refuses a reply with an unresolved variable, naming it', async () => {
    const { ui, search, inserted, press } = await picker([draft('Email', 'email', 'We wrote to {{customer.email}}.')]);
    await type(search, 'email');
    await press('Enter');
    expect(ui.get('template-blocked').textContent).toMatch(/No value for customer\.email/);
    expect(ui.get<HTMLButtonElement>('template-insert').disabled).toBe(true);
    expect(inserted).toEqual([]);
  });

  it("warns when the reply is longer than the network allows there (X: 280 weighted characters)", async () => {
    const post: DetectedContext = { ...xDm([]), kind: 'post', channel: 'reply', conversationKey: 'x:post:1' };
    const { ui, search } = await picker([draft('Long', 'long', 'word '.repeat(60))], { context: post });
    await type(search, 'long');
    expect(ui.get('template-length').dataset.over).toBe('true');
    expect(ui.get('template-length').textContent).toBe('300 of 280 weighted characters: too long for X here');
  });

  it('says so when the page took nothing and the reply went to the clipboard', async () => {
    const { ui, search, press } = await picker([refund], { outcome: { ok: false, message: 'No reply box was found on this page.', copied: true } });
    await type(search, 'refund');
    await press('Enter');
    await until(() => expect(ui.get('template-notice').textContent).toBe('No reply box was found on this page. The reply is on the clipboard: paste it (Ctrl+V, ⌘V on a Mac).'));
  });

  it('opens the reply an inline ;shortcut could not expand, to fill in its fields', async () => {
    const { ui, search, tell, selected, inserted } = await picker([policy, draft('Order status', 'wismo', 'Order {{ask:Order number}} ships soon.')]);
    await tell({ message: ';wismo has fields to fill in (Order number): fill them in below and insert.', query: ';wismo' });
    expect(search.value).toBe(';wismo');
    expect(selected()).toBe('wismo');
    expect(ui.get('template-notice').textContent).toMatch(/;wismo has fields to fill in/);
    expect(document.activeElement).toBe(ui.get('template-ask'));
    await click(ui.get('template-insert')); // still empty: the field keeps the keyboard, nothing is inserted
    expect(document.activeElement).toBe(ui.get('template-ask'));
    expect(inserted).toEqual([]);
  });
});
