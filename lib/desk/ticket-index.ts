/**
 * The tickets, in memory, with the ways they are looked up: by id, by conversation, by customer,
 * the comment tickets of a post, snoozed ones, and all of them newest first (the ticket list).
 * Pure: lib/desk/row-store.ts keeps it in step with what is stored.
 *
 * 50k tickets load in 0.3–0.5 s once per worker start, and a filtered page of the list costs
 * 0.1 ms where IndexedDB's indexes cost up to 78 ms (docs/first-sync.md).
 */
import type { Ticket } from '../model';
import type { Synced } from '../db';
import type { RowIndex } from './row-store';

export type TicketRow = Ticket & Synced;


/** The conversation key of a ticket logged for one comment of a post (lib/desk/log.ts). */
export const commentKey = (postKey: string, commentId: string) => `${postKey}/comment:${commentId}`;
const postKeyOf = (key: string) => (key.includes('/comment:') ? key.slice(0, key.indexOf('/comment:')) : undefined);

/** Newest first: by updatedAt, then by id (the ticket list's order and its cursor's). */
export const newestFirstOrder = (a: Pick<Ticket, 'updatedAt' | 'id'>, b: Pick<Ticket, 'updatedAt' | 'id'>) =>
  b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Past this many rows set at once, the list order is sorted again rather than patched row by row. */
const patchOrderUpTo = 64;

export class TicketIndex implements RowIndex<TicketRow> {
  private readonly byId = new Map<string, TicketRow>();
  private readonly byKey = new Map<string, Set<string>>();
  private readonly byPost = new Map<string, Set<string>>();
  private readonly byCustomer = new Map<string, Set<string>>();
  private readonly snoozed = new Set<string>();
  /** Every ticket newest first; sorted when first asked for after a large change. */
  private order: TicketRow[] | null = null;

  constructor(rows: readonly TicketRow[] = []) {
    for (const row of rows) this.link(row);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): TicketRow | undefined {
    return this.byId.get(id);
  }

  withConversationKey(key: string): TicketRow[] {
    return this.rows(this.byKey.get(key));
  }

  /** The tickets logged for single comments of this post. */
  commentsOn(postKey: string): TicketRow[] {
    return this.rows(this.byPost.get(postKey));
  }

  /** The customer's tickets, newest first. */
  ofCustomer(customerId: string): TicketRow[] {
    return this.rows(this.byCustomer.get(customerId)).sort(newestFirstOrder);
  }

  snoozedUntil(time: number): TicketRow[] {
    return this.rows(this.snoozed).filter((t) => t.snoozedUntil !== null && t.snoozedUntil <= time);
  }

  all(): TicketRow[] {
    return [...this.newestFirst()];
  }

  newestFirst(): readonly TicketRow[] {
    this.order ??= [...this.byId.values()].sort(newestFirstOrder);
    return this.order;
  }

  set(rows: readonly TicketRow[]): void {
    const patch = this.order && rows.length <= patchOrderUpTo;
    for (const row of rows) {
      const old = this.byId.get(row.id);
      if (old) this.unlink(old);
      this.link(row);
      if (patch) {
        if (old) this.order!.splice(this.positionOf(old), 1);
        this.order!.splice(this.positionOf(row), 0, row);
      }
    }
    if (!patch) this.order = null;
  }

  delete(ids: readonly string[]): void {
    for (const id of ids) {
      const old = this.byId.get(id);
      if (!old) continue;
      this.unlink(old);
      this.order?.splice(this.positionOf(old), 1);
    }
  }

  /** Where `row` is or would go in the list order (binary search). */
  positionOf(row: Pick<Ticket, 'updatedAt' | 'id'>): number {
    const order = this.newestFirst();
    let [low, high] = [0, order.length];
    while (low < high) {
      const middle = (low + high) >> 1;
      if (newestFirstOrder(order[middle], row) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private rows(ids: Set<string> | undefined): TicketRow[] {
    return ids ? [...ids].map((id) => this.byId.get(id)!) : [];
  }

  private link(row: TicketRow) {
    this.byId.set(row.id, row);
    add(this.byKey, row.conversationKey, row.id);
    add(this.byCustomer, row.customerId, row.id);
    const post = postKeyOf(row.conversationKey);
    if (post !== undefined) add(this.byPost, post, row.id);
    if (row.status === 'snoozed') this.snoozed.add(row.id);
  }

  private unlink(row: TicketRow) {
    this.byId.delete(row.id);
    remove(this.byKey, row.conversationKey, row.id);
    remove(this.byCustomer, row.customerId, row.id);
    const post = postKeyOf(row.conversationKey);
    if (post !== undefined) remove(this.byPost, post, row.id);
    this.snoozed.delete(row.id);
  }
}

function add(map: Map<string, Set<string>>, key: string, id: string) {
  const ids = map.get(key);
  if (ids) ids.add(id);
  else map.set(key, new Set([id]));
}

function remove(map: Map<string, Set<string>>, key: string, id: string) {
  const ids = map.get(key);
  ids?.delete(id);
  if (ids?.size === 0) map.delete(key);
}
