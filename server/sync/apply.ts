/**
 * What one mutation does to the team's rows (DESIGN.md §5): inserts, field-level last-writer-wins
 * updates that record what they overwrite, tombstones, erasure and counters. Anything that can
 * never apply becomes a rejection with a sentence the agent can act on; nothing here throws for
 * bad input, so one bad mutation never blocks the ones queued behind it.
 */
import { isDeepStrictEqual } from 'node:util';
import { ulid } from 'ulid';
import type { Conflict } from '../../lib/model';
import { fieldsSchema, type Mutation, type MutationResult, type SyncTable, type rejectionCodes } from '../../lib/sync/protocol';
import type { Auth } from '../auth';
import { describeIssues } from '../validation';
import type { FieldWrites, RowWriter, StoredRow } from './rows';

type Rejection = Extract<MutationResult, { status: 'rejected' }>;
type Fields = Record<string, unknown>;

const singular: Record<SyncTable, string> = {
  customers: 'customer',
  tickets: 'ticket',
  messages: 'message',
  notes: 'note',
  templates: 'template',
};

const notAllowed: Record<SyncTable, string> = {
  customers: 'Customers can be created, changed, deleted or erased.',
  tickets: 'Tickets can be created, changed or deleted.',
  messages: 'Logged messages cannot be changed or deleted; log the conversation again to add new ones.',
  notes: 'Notes are append-only: add a new note instead of changing or deleting this one.',
  templates: 'Templates can be created, changed, deleted or have their usage counted.',
};

/** The same line of the same ticket, however often it is logged. */
export function messageDedupeKey(fields: Record<string, unknown>): string {
  return `${String(fields.ticketId)}:${String(fields.contentHash)}`;
}

const rejecting =
  (mutation: Mutation) =>
  (code: (typeof rejectionCodes)[number], reason: string): Rejection => ({ id: mutation.id, status: 'rejected', code, reason });

/** Fields that describe a write rather than content: never a conflict. */
const bookkeeping = new Set(['updatedAt']);

export class MutationApplier {
  private agentIds: Promise<Set<string>> | undefined;

  constructor(
    private rows: RowWriter,
    private auth: Auth,
    private clientId: string,
    private now: number,
    /** The next human ticket number; the team row is locked for the whole push. */
    public nextTicketNumber: number,
    private listAgentIds: () => Promise<string[]>,
  ) {}

  async apply(mutation: Mutation): Promise<MutationResult> {
    const reject = rejecting(mutation);
    const schema = fieldsSchema(mutation.table, mutation.op);
    if (!schema) return reject('not_allowed', notAllowed[mutation.table]);
    const parsed = schema.safeParse(mutation.fields);
    if (!parsed.success) return reject('invalid', `This ${singular[mutation.table]} has invalid data: ${describeIssues(parsed.error)}.`);
    const fields = parsed.data as Fields;
    const stored = await this.rows.get(mutation.rowId);
    const existing = this.visible(stored);

    if (mutation.op === 'insert') {
      if (stored) return reject('exists', `A ${singular[mutation.table]} with id ${mutation.rowId} already exists.`);
      return this.insert(mutation, fields);
    }
    if (!existing || existing.tbl !== mutation.table) {
      return reject('not_found', `No ${singular[mutation.table]} with id ${mutation.rowId} exists on the server; it may never have been synced.`);
    }
    if (mutation.op === 'erase') return this.applied(mutation, await this.tombstone(existing, true), []);
    if (existing.deleted) {
      if (mutation.op === 'delete') return { id: mutation.id, status: 'duplicate' };
      return reject('deleted', `This ${singular[mutation.table]} was deleted by someone else, so the change was not saved.`);
    }
    if (mutation.op === 'delete') return this.applied(mutation, await this.tombstone(existing, false), []);
    if (mutation.op === 'increment') {
      const usageCount = (existing.data.usageCount as number) + (fields.usageCount as number);
      return this.applied(mutation, await this.rows.save({ ...existing, data: { ...existing.data, usageCount } }), []);
    }
    return this.update(mutation, existing, fields);
  }

  private async insert(mutation: Mutation, fields: Fields): Promise<MutationResult> {
    const reject = rejecting(mutation);
    const agentId = this.auth.agent.id;
    const createdAt = this.clamp(fields.createdAt);
    const updatedAt = this.clamp(fields.updatedAt ?? fields.createdAt);
    const data: Fields = { ...fields, id: mutation.rowId };
    let parentId: string | null = null;
    let visibleTo: string | null = null;
    let dedupeKey: string | null = null;

    switch (mutation.table) {
      case 'customers':
        Object.assign(data, { createdAt, updatedAt, createdBy: agentId, updatedBy: agentId });
        break;
      case 'tickets': {
        const problem = (await this.checkCustomer(fields.customerId)) ?? (await this.checkAssignee(fields.assigneeId));
        if (problem) return reject('not_found', problem);
        parentId = fields.customerId as string;
        const statusHistory = [{ status: fields.status, at: createdAt, by: agentId }];
        Object.assign(data, { number: this.nextTicketNumber++, statusHistory, createdAt, updatedAt, createdBy: agentId, updatedBy: agentId });
        break;
      }
      case 'messages': {
        const problem = await this.checkParent('tickets', fields.ticketId);
        if (problem) return reject('not_found', problem);
        parentId = fields.ticketId as string;
        dedupeKey = messageDedupeKey(fields);
        const existingRowId = await this.rows.findByDedupeKey(dedupeKey);
        if (existingRowId) return { id: mutation.id, status: 'duplicate', existingRowId };
        Object.assign(data, { createdAt, createdBy: agentId });
        break;
      }
      case 'notes': {
        if ((fields.ticketId === null) === (fields.customerId === null)) {
          return reject('invalid', 'A note belongs to exactly one ticket or one customer: set ticketId or customerId, not both.');
        }
        const problem = fields.ticketId ? await this.checkParent('tickets', fields.ticketId) : await this.checkCustomer(fields.customerId);
        if (problem) return reject('not_found', problem);
        parentId = (fields.ticketId ?? fields.customerId) as string;
        Object.assign(data, { authorId: agentId, createdAt });
        break;
      }
      case 'templates':
        if (fields.approved === true && this.auth.agent.role !== 'admin') {
          return reject('forbidden', 'Only a team admin can approve templates; save it with approved: false and ask an admin.');
        }
        visibleTo = fields.scope === 'personal' ? agentId : null;
        Object.assign(data, { ownerId: agentId, createdAt, updatedAt, createdBy: agentId, updatedBy: agentId });
        break;
    }
    const writes: FieldWrites = {};
    const seq = this.rows.seq + 1; // the seq insert() is about to hand out
    for (const field of Object.keys(fields)) writes[field] = [seq, agentId, this.clientId, this.now];
    const row = this.rows.insert({ tbl: mutation.table, id: mutation.rowId, data, writes, parentId, visibleTo, dedupeKey });
    return this.applied(mutation, row, []);
  }

  private async update(mutation: Mutation, existing: StoredRow, fields: Fields): Promise<MutationResult> {
    const reject = rejecting(mutation);
    const agentId = this.auth.agent.id;
    const row: StoredRow = { ...existing, data: { ...existing.data }, writes: { ...existing.writes } };

    if (mutation.table === 'templates') {
      if ('approved' in fields && fields.approved !== existing.data.approved && this.auth.agent.role !== 'admin') {
        return reject('forbidden', 'Only a team admin can approve or unapprove templates.');
      }
      if (fields.scope === 'personal' && existing.data.scope === 'team') {
        return reject('invalid', 'A team template cannot be made personal again; make a personal copy instead.');
      }
      if (fields.scope === 'team') row.visibleTo = null;
    }
    if (mutation.table === 'tickets') {
      const problem =
        ('customerId' in fields ? await this.checkCustomer(fields.customerId) : undefined) ??
        ('assigneeId' in fields ? await this.checkAssignee(fields.assigneeId) : undefined);
      if (problem) return reject('not_found', problem);
      if ('customerId' in fields) row.parentId = fields.customerId as string;
    }

    const updatedAt = this.clamp(fields.updatedAt);
    const seq = this.rows.seq + 1; // the seq save() is about to hand out
    const overwritten: Array<Omit<Conflict, 'id'>> = [];
    for (const [field, value] of Object.entries(fields)) {
      const previous = existing.writes[field];
      const unseen = previous && previous[0] > mutation.baseSeq;
      const sameWriter = previous && previous[1] === agentId && previous[2] === this.clientId;
      if (unseen && !sameWriter && !bookkeeping.has(field) && !isDeepStrictEqual(existing.data[field], value)) {
        overwritten.push({
          table: mutation.table as Conflict['table'],
          rowId: existing.id,
          field,
          overwrittenValue: existing.data[field],
          overwrittenBy: previous[1],
          overwrittenAt: previous[3],
          value,
          by: agentId,
          at: this.now,
        });
      }
      row.data[field] = value;
      row.writes[field] = [seq, agentId, this.clientId, this.now];
    }
    if (mutation.table === 'tickets' && 'status' in fields && fields.status !== existing.data.status) {
      row.data.statusHistory = [...(existing.data.statusHistory as unknown[]), { status: fields.status, at: updatedAt, by: agentId }];
    }
    Object.assign(row.data, { updatedAt, updatedBy: agentId });
    const saved = await this.rows.save(row);
    const conflicts: Conflict[] = [];
    for (const conflict of overwritten) {
      const recorded: Conflict = { id: ulid(), ...conflict };
      conflicts.push(recorded);
      this.rows.insert({ tbl: 'conflicts', id: recorded.id, data: recorded, writes: {}, parentId: existing.id, visibleTo: row.visibleTo, dedupeKey: null });
    }
    return this.applied(mutation, saved, conflicts);
  }

  /**
   * Deletes a row and what hangs off it: its messages, notes and recorded conflicts; with `erase`,
   * also a customer's tickets, so nothing personal about them is left on the server.
   */
  private async tombstone(row: StoredRow, erase: boolean): Promise<StoredRow> {
    for (const child of await this.rows.children(row.id)) {
      if (child.tbl === 'tickets' && !erase) continue;
      await this.tombstone(child, true);
    }
    if (row.deleted) return row;
    return this.rows.save({ ...row, deleted: true, data: {}, writes: {}, dedupeKey: null });
  }

  private applied(mutation: Mutation, row: StoredRow, conflicts: Conflict[]): MutationResult {
    return { id: mutation.id, status: 'applied', seq: row.seq, conflicts };
  }

  /** Rows another agent keeps personal do not exist for this one. */
  private visible(row: StoredRow | null): StoredRow | null {
    return row && (row.visibleTo === null || row.visibleTo === this.auth.agent.id) ? row : null;
  }

  private async checkParent(table: 'tickets' | 'customers', id: unknown): Promise<string | undefined> {
    const row = this.visible(await this.rows.get(id as string));
    if (row && row.tbl === table && !row.deleted) return undefined;
    return `The ${singular[table]} ${String(id)} does not exist on the server (deleted, or not synced yet).`;
  }

  private checkCustomer(id: unknown): Promise<string | undefined> {
    return this.checkParent('customers', id);
  }

  private async checkAssignee(id: unknown): Promise<string | undefined> {
    if (id === null || id === undefined) return undefined;
    this.agentIds ??= this.listAgentIds().then((ids) => new Set(ids));
    return (await this.agentIds).has(id as string) ? undefined : `No agent ${String(id)} in this team to assign the ticket to.`;
  }

  /** Client clocks are not trusted to be in the future. */
  private clamp(time: unknown): number {
    return typeof time === 'number' ? Math.min(time, this.now) : this.now;
  }
}
