/** The template library in the background: starter pack, saving, deleting, uses, imports, and what variables resolve from. */
import { monotonicFactory } from 'ulid';
import { describe, expect, it } from 'vitest';
import { deskHandlers } from '../../lib/desk/handlers';
import { logConversation } from '../../lib/desk/log';
import { starterId, type TemplateDraft } from '../../lib/desk/templates';
import { starterPack } from '../../lib/templates/starter';
import { customerSays, dump, makeDesk, minutes, start, xDm } from './desk/helpers';

const newId = monotonicFactory();
const draft = (overrides: Partial<TemplateDraft> = {}): TemplateDraft => ({
  title: 'Refund on its way',
  shortcut: 'refund',
  body: 'Hi {{customer.first_name|there}},\nyour refund is on its way 💸',
  folder: 'Billing',
  tags: ['refund'],
  language: 'en',
  platforms: [],
  scope: 'team',
  approved: true,
  ...overrides,
});

function library() {
  const setup = makeDesk();
  return { ...setup, api: deskHandlers(setup.desk) };
}

describe('starter pack', () => {
  it('is seeded once, as approved team templates with the same ids on every browser', async () => {
    const { api, db } = library();
    const [first, second] = await Promise.all([api.listTemplates({}), api.listTemplates({})]);
    expect(first.templates).toHaveLength(starterPack.length);
    expect(second.templates).toHaveLength(starterPack.length);
    const ack = first.templates.find((t) => t.shortcut === 'ack-fil')!;
    expect(ack).toMatchObject({ id: starterId('ack-fil'), scope: 'team', approved: true, language: 'fil', folder: 'Starter', usageCount: 0 });
    expect((await dump(db)).outbox.filter((m) => m.op === 'insert')).toHaveLength(starterPack.length);

    await api.deleteTemplate({ id: ack.id });
    expect((await api.listTemplates({})).templates.map((t) => t.id)).not.toContain(ack.id);
  });

  it('gives every starter template its own id, a valid ULID', () => {
    const ids = starterPack.map((t) => starterId(t.shortcut!));
    expect(new Set(ids).size).toBe(starterPack.length);
    for (const id of ids) expect(id).toMatch(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
  });
});

describe('reading what changed', () => {
  it('gives only the templates changed since a revision, and the ids gone; everything for another epoch', async () => {
    const { api, db } = library();
    const first = await api.listTemplates({});
    expect(first.full).toBe(true);
    const [used, deleted] = first.templates;
    const created = newId();
    await api.saveTemplate({ id: created, draft: draft() });
    await api.useTemplate({ id: used.id });
    await api.deleteTemplate({ id: deleted.id });

    const since = { epoch: first.epoch, revision: first.revision };
    const changes = await api.listTemplates({ since });
    expect(changes).toMatchObject({ full: false, removed: [deleted.id] });
    expect(changes.templates.map((t) => [t.id, t.usageCount])).toEqual(expect.arrayContaining([[created, 0], [used.id, 1]]));
    expect(changes.templates).toHaveLength(2);

    const none = await api.listTemplates({ since: { epoch: changes.epoch, revision: changes.revision } });
    expect(none).toMatchObject({ full: false, templates: [], removed: [] });
    await db.templates.update(used.id, { title: 'Changed by sync' }); // any writer counts, not only these operations
    expect((await api.listTemplates({ since: { epoch: changes.epoch, revision: changes.revision } })).templates.map((t) => t.title)).toEqual(['Changed by sync']);
    expect(await api.listTemplates({ since: { epoch: 'a restarted worker', revision: 5 } })).toMatchObject({ full: true, templates: expect.arrayContaining([expect.objectContaining({ id: created })]) });
  });
});

describe('saving', () => {
  it('creates a template with its row and outbox entry, normalizing the shortcut', async () => {
    const { api, db, desk } = library();
    const id = newId();
    const saved = await api.saveTemplate({ id, draft: draft({ shortcut: ';Refund', language: 'en-ph' }) });
    expect(saved).toMatchObject({ id, shortcut: 'refund', language: 'en-PH', ownerId: await desk.agentId(), usageCount: 0, lastUsedAt: null, createdAt: start });
    const { templates, outbox } = await dump(db);
    expect(templates).toEqual([saved]);
    expect(outbox).toEqual([expect.objectContaining({ table: 'templates', op: 'insert', rowId: id })]);
  });

  it('sends only the fields an edit changed, and nothing for a save that changed nothing', async () => {
    const { api, db, advance } = library();
    const id = newId();
    await api.saveTemplate({ id, draft: draft() });
    advance(minutes(1));
    const edited = await api.saveTemplate({ id, draft: draft({ title: 'Refund sent', tags: ['refund', 'billing'] }) });
    await api.saveTemplate({ id, draft: draft({ title: 'Refund sent', tags: ['refund', 'billing'] }) });
    expect(edited).toMatchObject({ title: 'Refund sent', updatedAt: start + minutes(1) });
    const updates = (await dump(db)).outbox.filter((m) => m.op === 'update');
    expect(updates).toEqual([expect.objectContaining({ rowId: id, fields: { title: 'Refund sent', tags: ['refund', 'billing'], updatedAt: start + minutes(1) } })]);
  });

  it('refuses a malformed body, saying where', async () => {
    const { api, db } = library();
    await expect(api.saveTemplate({ id: newId(), draft: draft({ body: 'Hi\n{{customer.first_name' }) })).rejects.toThrow(/line 2, column 1: "\{\{" is never closed/);
    expect((await dump(db)).templates).toEqual([]);
  });

  it('refuses a second template the same ;shortcut would reach, but takes variants for other languages and networks', async () => {
    const { api } = library();
    await api.saveTemplate({ id: newId(), draft: draft({ platforms: ['x'] }) });
    await expect(api.saveTemplate({ id: newId(), draft: draft({ title: 'Other refund' }) })).rejects.toThrow(/;refund already answers with "Refund on its way"/);
    await api.saveTemplate({ id: newId(), draft: draft({ title: 'Refund (Facebook)', platforms: ['facebook'] }) });
    await api.saveTemplate({ id: newId(), draft: draft({ title: 'Refund (Russian)', language: 'ru' }) });
    await api.saveTemplate({ id: newId(), draft: draft({ title: 'My refund', scope: 'personal' }) });
  });

  it('lets only an admin approve a team template once signed in', async () => {
    const { api, db } = library();
    await db.setMeta('agent', { id: newId(), teamId: newId(), name: 'Ana Reyes', role: 'agent', createdAt: start });
    await expect(api.saveTemplate({ id: newId(), draft: draft() })).rejects.toThrow(/Only a team admin can approve/);
    const saved = await api.saveTemplate({ id: newId(), draft: draft({ approved: false }) });
    expect(saved.approved).toBe(false);
  });

  it("hides another agent's personal templates and refuses to change them", async () => {
    const { api, db } = library();
    const theirs = { ...draft({ scope: 'personal' }), id: newId(), ownerId: newId(), usageCount: 0, lastUsedAt: null, createdAt: start, createdBy: newId(), updatedAt: start, updatedBy: newId() };
    await db.templates.bulkAdd([theirs]);
    expect((await api.listTemplates({})).templates.map((t) => t.id)).not.toContain(theirs.id);
    await expect(api.saveTemplate({ id: theirs.id, draft: draft({ scope: 'personal', title: 'Mine now' }) })).rejects.toThrow(/another agent’s personal template/);
    await expect(api.deleteTemplate({ id: theirs.id })).rejects.toThrow(/another agent’s personal template/);
  });
});

describe('uses and deletes', () => {
  it('counts a use as an increment, so uses on other browsers add up, and records when', async () => {
    const { api, db, advance } = library();
    const id = newId();
    await api.saveTemplate({ id, draft: draft() });
    advance(minutes(5));
    await api.useTemplate({ id });
    await api.useTemplate({ id });
    expect(await db.templates.get(id)).toMatchObject({ usageCount: 2, lastUsedAt: start + minutes(5), updatedAt: start });
    const queued = (await dump(db)).outbox.filter((m) => m.op !== 'insert').map((m) => [m.op, m.fields]);
    expect(queued).toEqual([['increment', { usageCount: 1 }], ['update', { lastUsedAt: start + minutes(5) }], ['increment', { usageCount: 1 }]]);
  });

  it('deletes a template with a tombstone for the server, and deleting it twice is deleting once', async () => {
    const { api, db } = library();
    const id = newId();
    await api.saveTemplate({ id, draft: draft() });
    await api.deleteTemplate({ id });
    await api.deleteTemplate({ id });
    const { templates, outbox } = await dump(db);
    expect(templates).toEqual([]);
    expect(outbox.map((m) => m.op)).toEqual(['insert', 'delete']);
  });
});

describe('import', () => {
  it('creates new templates, updates one with the same shortcut, language and scope, and reports refused rows', async () => {
    const { api, db } = library();
    const existing = newId();
    await api.saveTemplate({ id: existing, draft: draft() });
    const request = {
      templates: [
        { id: newId(), draft: draft({ body: 'Refund sent, {{customer.first_name|friend}}!' }) },
        { id: newId(), draft: draft({ title: 'Where is my order', shortcut: 'wismo', body: 'Your order {{ask:Order number}} is on its way.' }) },
        { id: newId(), draft: draft({ title: 'Broken', shortcut: 'broken', body: 'Hi {{agent.shoe_size}}' }) },
      ],
    };
    const outcome = await api.importTemplates(request);
    expect(outcome).toEqual({ created: 1, updated: 1, unchanged: 0, problems: [{ index: 2, reason: expect.stringMatching(/agent\.shoe_size/) }] });
    expect((await db.templates.get(existing))!.body).toBe('Refund sent, {{customer.first_name|friend}}!');

    // The same request again (a retry): nothing new.
    expect(await api.importTemplates(request)).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await db.templates.count()).toBe(2);
  });

  it('keeps the last of two drafts for the same shortcut in one request, as one template', async () => {
    const { api, db } = library();
    const outcome = await api.importTemplates({ templates: [{ id: newId(), draft: draft({ body: 'First' }) }, { id: newId(), draft: draft({ body: 'Second' }) }] });
    expect(outcome.problems).toEqual([]);
    expect((await db.templates.toArray()).map((t) => t.body)).toEqual(['Second']);
  });
});

describe('facts for variables', () => {
  it("gives the page's customer and ticket once logged, and the signed-in agent", async () => {
    const { api, desk, db } = library();
    const context = xDm([customerSays('Hi', { siteId: '1' })]);
    expect(await api.getTemplateFacts({ identity: context.customer, conversationKey: context.conversationKey })).toEqual({ customer: null, ticket: null, agent: null });

    const { ticket } = await logConversation(desk, { context });
    const agent = { id: newId(), teamId: newId(), name: 'Ana Reyes', role: 'admin' as const, createdAt: start };
    await db.setMeta('agent', agent);
    const facts = await api.getTemplateFacts({ identity: context.customer, conversationKey: context.conversationKey });
    expect(facts).toMatchObject({ customer: { name: 'Jane Doe' }, ticket: { id: ticket.id }, agent });
    expect(facts.customer).not.toHaveProperty('words');
    expect(facts.ticket).not.toHaveProperty('words');
  });
});
