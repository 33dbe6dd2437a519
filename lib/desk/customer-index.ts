/**
 * The customers, in memory, with the ways they are looked up: by id, by identity (a network's user
 * id or handle), and by the start of a word of their name, handles or email. Pure:
 * lib/desk/row-store.ts keeps it in step with what is stored.
 */
import type { Customer, Identity } from '../model';
import type { Synced } from '../db';
import type { RowIndex } from './row-store';
import { identityKeys, searchWords } from './words';

export type CustomerRow = Customer & Synced;


export class CustomerIndex implements RowIndex<CustomerRow> {
  private readonly byId = new Map<string, CustomerRow>();
  private readonly byIdentityKey = new Map<string, Set<string>>();
  /** Each customer's search words, worked out when a search first needs them (rows are replaced, never changed). */
  private readonly words = new WeakMap<CustomerRow, string[]>();

  constructor(rows: readonly CustomerRow[] = []) {
    this.set(rows);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): CustomerRow | undefined {
    return this.byId.get(id);
  }

  /** By id, as a table would list them. */
  all(): CustomerRow[] {
    return [...this.byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** The customers with this identity key (lib/desk/words.ts: `x:h:jane`, `x:u:123`). */
  withIdentityKey(key: string): CustomerRow[] {
    return [...(this.byIdentityKey.get(key) ?? [])].map((id) => this.byId.get(id)!);
  }

  /** The ids of customers with a word of their name, handles or email that passes `test`. */
  withWordWhere(test: (word: string) => boolean): Set<string> {
    const ids = new Set<string>();
    for (const customer of this.byId.values()) if (this.wordsOf(customer).some(test)) ids.add(customer.id);
    return ids;
  }

  set(rows: readonly CustomerRow[]): void {
    for (const row of rows) {
      const old = this.byId.get(row.id);
      if (old) this.unlinkKeys(old);
      this.byId.set(row.id, row);
      for (const key of keysOf(row)) {
        const ids = this.byIdentityKey.get(key);
        if (ids) ids.add(row.id);
        else this.byIdentityKey.set(key, new Set([row.id]));
      }
    }
  }

  delete(ids: readonly string[]): void {
    for (const id of ids) {
      const old = this.byId.get(id);
      if (!old) continue;
      this.unlinkKeys(old);
      this.byId.delete(id);
    }
  }

  private unlinkKeys(row: CustomerRow) {
    for (const key of keysOf(row)) {
      const ids = this.byIdentityKey.get(key);
      ids?.delete(row.id);
      if (ids?.size === 0) this.byIdentityKey.delete(key);
    }
  }

  private wordsOf(customer: CustomerRow): string[] {
    let words = this.words.get(customer);
    if (!words) {
      const handles = (customer.identities ?? []).flatMap((identity: Identity) => [identity.handle, identity.displayName ?? '']);
      this.words.set(customer, (words = searchWords([customer.name, ...handles, customer.email ?? ''])));
    }
    return words;
  }
}

const keysOf = (customer: CustomerRow) => (customer.identities ?? []).flatMap(identityKeys);
