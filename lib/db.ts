/**
 * The extension's database (Dexie over IndexedDB). Extension origin only: content scripts would
 * open the host page's IndexedDB, so they ask the background instead, and so do extension pages:
 * the background is the only writer, and holds tickets, customers and templates in memory
 * (lib/desk/row-store.ts). Rows are the model's (lib/model.ts), with the server's seq of each.
 */
import Dexie, { type DexieOptions, type Table } from 'dexie';
import type { Agent, Conflict, Message, Note } from './model';
import type { MutationOp, SyncTable } from './sync/protocol';
import type { DeskTable } from './desk/types';
import { addToTranscripts, transcriptsOf, type TranscriptRuns } from './desk/transcripts';
import { putInRuns, RowStore, type RowKind } from './desk/row-store';
import type { Runs } from './desk/runs';
import { TicketIndex, type TicketRow } from './desk/ticket-index';
import { CustomerIndex, type CustomerRow } from './desk/customer-index';
import { TemplateIndex, type TemplateRow } from './desk/template-index';

/**
 * Rows the server versions (customers, tickets, templates) keep the server's seq of the row as last
 * pulled: the `baseSeq` of the next change to it. Absent on a row the server has not sent us yet.
 * On the row rather than in a table of its own, so that a pull writes one record per row, not two.
 */
export interface Synced {
  syncSeq?: number;
}

const ticketKind: RowKind<TicketRow, TicketIndex> = { runsStore: 'ticketRuns', indexOf: (rows) => new TicketIndex(rows) };
const customerKind: RowKind<CustomerRow, CustomerIndex> = { runsStore: 'customerRuns', indexOf: (rows) => new CustomerIndex(rows) };
const templateKind: RowKind<TemplateRow, TemplateIndex> = { runsStore: 'templateRuns', indexOf: (rows) => new TemplateIndex(rows) };

/** A local change waiting to be pushed (DESIGN.md §5.2); `id` is the mutation id, monotonic per client. */
export interface OutboxEntry {
  id?: number;
  table: SyncTable;
  op: MutationOp;
  rowId: string;
  /** The row's server seq when the change was made (0 for a row the server has not sent us). */
  baseSeq: number;
  fields: Record<string, unknown>;
}

/** Everything kept in `meta`, by key. */
export interface MetaValues {
  /** This browser profile's install, sent with every push. */
  clientId: string;
  /** The agent id used before sign-in, so work done offline has an author. */
  localAgentId: string;
  /** The signed-in agent, or null when signed out. */
  agent: Agent | null;
  /** The team's agents, for assignee pickers; filled by sync. */
  agents: Agent[];
  /** The pull cursor (DESIGN.md §5.3). */
  pullCursor: number;
  /** How far a first copy of the team (lib/sync/pull.ts) has come; null or absent when none is under way. */
  snapshot: SnapshotPosition | null;
  /** Minutes within which a new ticket should get its first response (default 60). */
  responseTargetMinutes: number;
}

export interface SnapshotPosition {
  /** The `after` of the next page. */
  after: string;
  /** The first page's head: where pulling starts once the copy is done. */
  head: number;
  copied: number;
  total: number;
}

export interface MetaEntry<K extends keyof MetaValues = keyof MetaValues> {
  key: K;
  value: MetaValues[K];
}

export class DeskDb extends Dexie {
  customerRuns!: Runs<CustomerRow>;
  ticketRuns!: Runs<TicketRow>;
  templateRuns!: Runs<TemplateRow>;
  /** Tickets, customers and templates: stored in runs, looked up in memory; each change binds them to its transaction. */
  readonly rowStores = {
    customers: new RowStore(customerKind, () => this.customerRuns),
    tickets: new RowStore(ticketKind, () => this.ticketRuns),
    templates: new RowStore(templateKind, () => this.templateRuns),
  };
  readonly customers = this.rowStores.customers.outside;
  readonly tickets = this.rowStores.tickets.outside;
  readonly templates = this.rowStores.templates.outside;
  transcriptRuns!: TranscriptRuns;
  notes!: Table<Note, string>;
  conflicts!: Table<Conflict, string>;
  outbox!: Table<OutboxEntry, number>;
  meta!: Table<MetaEntry, keyof MetaValues>;

  private readonly listeners = new Set<(tables: DeskTable[]) => void>();

  constructor(name = 'sidedesk', options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      customers: 'id, *identityKeys, *words',
      // The ticket list walks one of the [filter+recency+id] indexes (lib/desk/search.ts); the history, [customerId+recency].
      tickets:
        'id, conversationKey, customerId, [customerId+recency], number, *tags, *words, [recency+id], [status+recency+id], [assignee+recency+id], [platform+recency+id], [status+snoozedUntil]',
      messages: 'id, &[ticketId+contentHash], [ticketId+createdAt]',
      notes: 'id, ticketId, customerId',
      templates: 'id, shortcut, folder, *tags, updatedAt',
      conflicts: 'id, [table+rowId], at',
      outbox: '++id, [table+rowId]',
      rowMeta: '[table+rowId]',
      meta: 'key',
    });
    // Messages move into one transcript per ticket and each row's seq onto the row (DeskDb's
    // fields say why); version 3 then drops the old tables, which version 2's upgrade still reads.
    this.version(2)
      .stores({ transcripts: 'ticketId' })
      .upgrade(async (tx) => {
        const messages: Message[] = await tx.table('messages').toArray();
        await tx.table('transcripts').bulkPut([...transcriptsOf(messages)].map(([ticketId, list]) => ({ ticketId, messages: list })));
        for (const { table, rowId, seq } of await tx.table('rowMeta').toArray()) {
          if (table === 'customers' || table === 'tickets' || table === 'templates') await tx.table(table).update(rowId, { syncSeq: seq });
        }
      });
    this.version(3).stores({ messages: null, rowMeta: null });
    // Every index costs each ticket a write more; a customer's tickets are found through [customerId+recency].
    this.version(4).stores({
      tickets:
        'id, conversationKey, [customerId+recency], number, *tags, *words, [recency+id], [status+recency+id], [assignee+recency+id], [platform+recency+id], [status+snoozedUntil]',
    });
    // One record per ticket's transcript becomes one per run of tickets (lib/desk/transcripts.ts says why).
    this.version(5)
      .stores({ transcriptRuns: 'from' })
      .upgrade(async (tx) => {
        const transcripts: { messages: Message[] }[] = await tx.table('transcripts').toArray();
        await addToTranscripts(tx.table('transcriptRuns'), transcripts.flatMap((t) => t.messages));
      });
    this.version(6).stores({ transcripts: null });
    // Every index entry is a write more for each row a first sync copies. A platform filter alone
    // walks the newest tickets and checks each (a third or more match); templates are searched in
    // memory (lib/templates/search.ts) and found by id or shortcut only.
    this.version(7).stores({
      tickets: 'id, conversationKey, [customerId+recency], number, *tags, *words, [recency+id], [status+recency+id], [assignee+recency+id], [status+snoozedUntil]',
      templates: 'id, shortcut',
    });
    // Tickets and customers move into runs, as transcripts are (lib/desk/runs.ts says why), without
    // the index fields they carried; transcript runs name their map `entries`, as every run does.
    // Version 9 then drops the old tables.
    this.version(8)
      .stores({ ticketRuns: 'from', customerRuns: 'from' })
      .upgrade(async (tx) => {
        await tx.table('transcriptRuns').toCollection().modify((run: { entries?: unknown; transcripts?: unknown }) => {
          run.entries ??= run.transcripts;
          delete run.transcripts;
        });
        const tickets: (TicketRow & { words?: unknown; assignee?: unknown; recency?: unknown })[] = await tx.table('tickets').toArray();
        await putInRuns(tx.table('ticketRuns'), tickets.map(({ words: _words, assignee: _assignee, recency: _recency, ...row }) => row));
        const customers: (CustomerRow & { words?: unknown; identityKeys?: unknown })[] = await tx.table('customers').toArray();
        await putInRuns(tx.table('customerRuns'), customers.map(({ words: _words, identityKeys: _keys, ...row }) => row));
      });
    this.version(9).stores({ tickets: null, customers: null });
    // Templates move into runs too: a first sync copied 10k of them as records in about 2 s, more
    // than 50k tickets in runs. Version 11 then drops the old table.
    this.version(10)
      .stores({ templateRuns: 'from' })
      .upgrade(async (tx) => putInRuns(tx.table('templateRuns'), await tx.table('templates').toArray()));
    this.version(11).stores({ templates: null });
    // Runs hold their entries as JSON text (lib/desk/runs.ts says why); runs this upgrade's earlier
    // steps wrote already do.
    this.version(12).upgrade(async (tx) => {
      for (const store of ['transcriptRuns', 'ticketRuns', 'customerRuns', 'templateRuns']) {
        await tx.table(store).toCollection().modify((run: { entries: unknown }) => {
          if (run.entries instanceof Map) run.entries = JSON.stringify([...run.entries]);
        });
      }
    });
  }

  /** Calls `listener` with the tables each committed write changed (the live port announces them). */
  onChange(listener: (tables: DeskTable[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writers call this after their transaction commits. */
  changed(tables: readonly DeskTable[]) {
    for (const listener of this.listeners) listener([...tables]);
  }

  async getMeta<K extends keyof MetaValues>(key: K): Promise<MetaValues[K] | undefined> {
    const entry = await this.meta.get(key);
    return entry?.value as MetaValues[K] | undefined;
  }

  async setMeta<K extends keyof MetaValues>(key: K, value: MetaValues[K]): Promise<void> {
    await this.meta.put({ key, value } as MetaEntry);
  }
}
