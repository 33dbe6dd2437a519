/**
 * The template library in the background: saving, deleting, importing, counting uses, and seeding
 * the starter pack on first run. Like every desk change, each writes its rows and their outbox
 * entries in one transaction (desk.ts).
 *
 * Who sees what: the team's templates and the agent's own personal ones. Shortcuts may repeat
 * across languages, networks and scopes (per-language and per-platform variants of one reply);
 * two templates that would answer the same `;shortcut` in the same place are refused.
 */
import { encodeTime } from 'ulid';
import { idSchema, type Agent, type Customer, type Template, type Ticket } from '../model';
import { validateDraft, type TemplateDraft } from '../templates/draft';
import { normalizeShortcut } from '../templates/shortcut';
import { starterPack } from '../templates/starter';
import type { MetaValues } from '../db';
import { write, type Desk, type DeskTables, type Writer } from './desk';
import { asCustomer } from './customer-rows';
import { customerByIdentity, ticketForConversation } from './lookup';
import type { IdentityRef } from './types';

export type { TemplateDraft };

/** Where a reader of the library is: ask for what changed since. */
export interface LibraryRevision {
  /** This worker's life: a restarted worker has forgotten what changed before. */
  epoch: string;
  revision: number;
}

export type TemplateLibrary = LibraryRevision & {
  /** Whose personal templates these are: the signed-in agent, or this browser's local agent. */
  agentId: string;
  /** The signed-in agent (name and role), null before sign-in. */
  agent: Agent | null;
} & (
    | { full: true; templates: Template[] }
    /** Only what changed since the revision asked about: new and edited templates, and ids now gone. */
    | { full: false; templates: Template[]; removed: string[] }
  );

/** What `{{customer.…}}`, `{{ticket.…}}` and `{{agent.…}}` resolve from on one page. */
export interface TemplateFacts {
  customer: Customer | null;
  ticket: Ticket | null;
  agent: Agent | null;
}

export interface ImportOutcome {
  created: number;
  updated: number;
  unchanged: number;
  /** By position in the request (0-based), for drafts the library refused. */
  problems: { index: number; reason: string }[];
}

/** Each entry carries an id made by the caller, so sending the same request twice changes nothing more. */
export type TemplateWrite = { id: string; draft: TemplateDraft };

const draftKeys = ['title', 'shortcut', 'body', 'folder', 'tags', 'language', 'platforms', 'scope', 'approved'] as const satisfies readonly (keyof TemplateDraft)[];
const maxImport = 20_000;

/** A key of this module's own in `meta` (db.ts lists the shared ones). */
const seededKey = 'starterPackSeeded' as keyof MetaValues;

/**
 * The templates this agent can use; with `since`, only what changed after it, so an open sidebar
 * re-reads a few rows after a use or an edit instead of all of a large library.
 */
export async function listTemplates(desk: Desk, { since }: { since?: LibraryRevision } = {}): Promise<TemplateLibrary> {
  await seedStarterPack(desk);
  const [agentId, agent] = [await desk.agentId(), (await desk.db.getMeta('agent')) ?? null];
  const index = await desk.db.templates.index();
  const visible = (t: Template | undefined): t is Template => !!t && (t.scope === 'team' || t.ownerId === agentId);
  const base = { epoch: index.epoch, revision: index.revision, agentId, agent };
  if (since?.epoch !== index.epoch) return { ...base, full: true, templates: index.all().filter(visible) };
  const ids = index.changedSince(since.revision);
  const rows = ids.map((id) => index.get(id));
  return { ...base, full: false, templates: rows.filter(visible), removed: ids.filter((_, i) => !visible(rows[i])) };
}

export async function getTemplateFacts(desk: Desk, { identity, conversationKey }: { identity?: IdentityRef; conversationKey?: string }): Promise<TemplateFacts> {
  const { db } = desk;
  const [customer, ticket, agent] = await Promise.all([identity && customerByIdentity(db, identity), conversationKey ? ticketForConversation(db, conversationKey) : undefined, db.getMeta('agent')]);
  // A ticket's own customer when the page's identity is not (yet) linked to one.
  const owner = customer ?? (ticket ? await db.customers.get(ticket.customerId) : undefined);
  return { customer: owner ? asCustomer(owner) : null, ticket: ticket ? withoutWords(ticket) : null, agent: agent ?? null };
}

/** Creates the template `id`, or edits it (only the fields that changed, so a teammate's concurrent edit of another field stands). */
export async function saveTemplate(desk: Desk, { id, draft }: TemplateWrite): Promise<Template> {
  const fields = checkedDraft(draft);
  const [agentId, agent] = [await desk.agentId(), await desk.db.getMeta('agent')];
  return write(desk, ['templates'], async (w, db) => {
    const existing = await db.templates.get(id);
    const slots = new SlotIndex(agentId, fields.shortcut ? (await db.templates.index()).withShortcut(fields.shortcut) : []);
    slots.refuseClash(fields, id);
    return put(w, desk, existing, id, fields, agentId, agent);
  });
}

export async function deleteTemplate(desk: Desk, id: string): Promise<void> {
  const agentId = await desk.agentId();
  await write(desk, ['templates'], async (_w, db) => {
    const existing = await db.templates.get(id);
    if (!existing) return; // already gone: deleting twice is deleting once
    if (!mayEdit(existing, agentId)) throw new Error('This is another agent’s personal template.');
    await db.templates.bulkDelete([id]);
    await queue(db, 'delete', id, {});
  });
}

/** Counts a use: an increment (concurrent uses on other browsers all count) and the time of last use. */
export async function useTemplate(desk: Desk, id: string): Promise<void> {
  const now = desk.now();
  await write(desk, ['templates'], async (w, db) => {
    const template = await db.templates.get(id);
    if (!template) throw new Error('This template no longer exists.');
    await db.templates.update(id, { usageCount: template.usageCount + 1 });
    await queue(db, 'increment', id, { usageCount: 1 });
    await w.update('templates', id, { lastUsedAt: now });
  });
}

/**
 * Imports checked drafts (from a JSON or CSV file) in one transaction. A draft whose shortcut,
 * language, networks and scope match a template the agent can edit updates it; the others are created.
 */
export async function importTemplates(desk: Desk, { templates: entries }: { templates: TemplateWrite[] }): Promise<ImportOutcome> {
  if (entries.length > maxImport) throw new Error(`At most ${maxImport.toLocaleString('en')} templates per import; split the file.`);
  const outcome: ImportOutcome = { created: 0, updated: 0, unchanged: 0, problems: [] };
  const checked = entries.flatMap(({ id, draft }, index) => {
    try {
      return [{ id, index, fields: checkedDraft(draft) }];
    } catch (error) {
      outcome.problems.push({ index, reason: (error as Error).message });
      return [];
    }
  });
  const [agentId, agent] = [await desk.agentId(), await desk.db.getMeta('agent')];
  return write(desk, ['templates'], async (w, db) => {
    const all = await db.templates.toArray();
    const byId = new Map(all.map((t) => [t.id, t]));
    const slots = new SlotIndex(agentId, all);
    const created: Template[] = [];
    for (const { id, index, fields } of checked) {
      const same = byId.get(id) ?? slots.inSlot(fields).find((t) => sameSet(t.platforms, fields.platforms));
      try {
        slots.refuseClash(fields, same?.id ?? id);
        // New rows are written together at the end: one write instead of thousands.
        const pending = same ? created.indexOf(same) : -1;
        const saved = same && pending < 0 ? await put(w, desk, same, same.id, fields, agentId, agent) : checkedRow(desk, same, same?.id ?? id, fields, agentId, agent);
        if (same) slots.remove(same);
        if (pending >= 0) created[pending] = saved;
        else if (!same) created.push(saved);
        slots.add(saved);
        byId.set(saved.id, saved);
        outcome[!same ? 'created' : saved === same ? 'unchanged' : 'updated']++;
      } catch (error) {
        outcome.problems.push({ index, reason: (error as Error).message });
      }
    }
    await w.insert('templates', created);
    return outcome;
  });
}

/** The starter pack, once per browser, as team templates with fixed ids: every browser of a team seeds the same rows. */
export async function seedStarterPack(desk: Desk): Promise<void> {
  if (await desk.db.meta.get(seededKey)) return;
  const agentId = await desk.agentId();
  await write(desk, ['templates', 'meta'], async (w, db) => {
    if (await db.meta.get(seededKey)) return; // seeded by a call that raced this one
    const now = desk.now();
    const missing: Template[] = [];
    for (const draft of starterPack) {
      const id = starterId(draft.shortcut!);
      if (!(await db.templates.get(id))) missing.push(newRow(id, { ...draft, tags: [...draft.tags], platforms: [...draft.platforms] }, agentId, now));
    }
    await w.insert('templates', missing);
    await db.meta.put({ key: seededKey, value: now } as never);
  });
}

/** A ULID made of a fixed time and the shortcut's hash, the same on every browser. */
export function starterId(shortcut: string): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let hash = 0x811c9dc5;
  for (const char of shortcut) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193) >>> 0;
  let tail = '';
  for (let i = 0; i < 7; i++, hash = Math.floor(hash / 32)) tail = alphabet[hash % 32] + tail;
  return `${encodeTime(Date.UTC(2025, 0, 1), 10)}STARTER00${tail}`;
}

type Fields = TemplateDraft;

/** The model's ticket: rows read from the database also carry `words`. */
function withoutWords(row: Ticket): Ticket {
  const { words: _words, ...ticket } = row as Ticket & { words?: unknown };
  return ticket;
}

/** The draft as stored: validated, language canonical, shortcut normalized (no sigil, lower case). */
function checkedDraft(draft: TemplateDraft): Fields {
  const checked = validateDraft({ ...draft });
  if ('reasons' in checked) throw new Error(checked.reasons.join('; '));
  const { shortcut, platforms } = checked.draft;
  return { ...checked.draft, shortcut: shortcut?.trim() ? normalizeShortcut(shortcut) : null, platforms: [...new Set(platforms)] };
}

const mayEdit = (template: Template, agentId: string) => template.scope === 'team' || template.ownerId === agentId;

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item) => b.includes(item));
const overlaps = (a: readonly string[], b: readonly string[]) => !a.length || !b.length || a.some((item) => b.includes(item));

/**
 * Templates by slot: shortcut, language and scope (and owner, for personal ones). Within a slot,
 * templates for the same networks are one (an import updates it) and overlapping networks clash.
 */
class SlotIndex {
  private slots = new Map<string, Template[]>();

  constructor(
    private agentId: string,
    templates: Iterable<Template>,
  ) {
    for (const template of templates) this.add(template);
  }

  private key(t: Pick<Template, 'shortcut' | 'language' | 'scope'>, ownerId: string): string | undefined {
    return t.shortcut ? [normalizeShortcut(t.shortcut), t.language ?? '', t.scope, t.scope === 'personal' ? ownerId : ''].join('\n') : undefined;
  }

  inSlot(fields: Fields): Template[] {
    const key = this.key(fields, this.agentId);
    return (key && this.slots.get(key)) || [];
  }

  add(template: Template) {
    const key = this.key(template, template.ownerId);
    if (key) this.slots.set(key, [...(this.slots.get(key) ?? []), template]);
  }

  remove(template: Template) {
    const key = this.key(template, template.ownerId);
    if (key) this.slots.set(key, (this.slots.get(key) ?? []).filter((t) => t.id !== template.id));
  }

  /** Refuses a template that the same `;shortcut` would reach in the same place as another (networks overlap; none means all). */
  refuseClash(fields: Fields, id: string) {
    const clash = this.inSlot(fields).find((t) => t.id !== id && overlaps(t.platforms, fields.platforms));
    if (clash) throw new Error(`;${fields.shortcut} already answers with "${clash.title}" for the same language and networks; change the shortcut, language or networks.`);
  }
}

/** Writes `fields` to the template `id`: a new row, or the fields that changed of `existing`. */
async function put(w: Writer, desk: Desk, existing: Template | undefined, id: string, fields: Fields, agentId: string, agent: Agent | null | undefined): Promise<Template> {
  const row = checkedRow(desk, existing, id, fields, agentId, agent);
  if (!existing) {
    await w.insert('templates', [row]);
    return row;
  }
  const changed = Object.fromEntries(draftKeys.filter((key) => JSON.stringify(existing[key]) !== JSON.stringify(fields[key])).map((key) => [key, fields[key]]));
  if (!Object.keys(changed).length) return existing;
  const changes = { ...changed, updatedAt: row.updatedAt, updatedBy: agentId };
  await w.update('templates', id, changes);
  return { ...existing, ...changes };
}

/** The row `fields` make of `existing` (or a new one), once this agent is allowed to write it. */
function checkedRow(desk: Desk, existing: Template | undefined, id: string, fields: Fields, agentId: string, agent: Agent | null | undefined): Template {
  idSchema.parse(id);
  if (existing && !mayEdit(existing, agentId)) throw new Error('This is another agent’s personal template.');
  // Teams that pre-approve replies: once signed in, only an admin approves a team template.
  const approving = fields.scope === 'team' && fields.approved && !existing?.approved;
  if (approving && agent && agent.role !== 'admin') throw new Error('Only a team admin can approve a team template; save it as a draft.');
  const now = desk.now();
  return existing ? { ...existing, ...fields, updatedAt: now, updatedBy: agentId } : newRow(id, fields, agentId, now);
}

function newRow(id: string, fields: Fields, agentId: string, now: number): Template {
  return { id, ...fields, ownerId: agentId, usageCount: 0, lastUsedAt: null, createdAt: now, createdBy: agentId, updatedAt: now, updatedBy: agentId };
}

/** Mutations the desk's Writer has no method for (a template's delete, a use's increment), queued the same way. */
async function queue(db: DeskTables, op: 'delete' | 'increment', rowId: string, fields: Record<string, unknown>) {
  const baseSeq = (await db.templates.get(rowId))?.syncSeq ?? 0;
  await db.outbox.add({ table: 'templates', op, rowId, baseSeq, fields });
}
