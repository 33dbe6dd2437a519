/**
 * The templates, in memory: by id, by shortcut, and which changed since a revision, so an open
 * sidebar re-reads only those (lib/desk/templates.ts). Pure: lib/desk/row-store.ts keeps it in step
 * with what is stored, whoever writes (the library's operations, or sync applying a pull).
 *
 * Each index is an epoch of its own: a restarted worker, or an index dropped with a write that did
 * not commit, starts a new one, and readers holding a revision of another epoch read everything again.
 */
import type { Template } from '../model';
import type { Synced } from '../db';
import type { RowIndex } from './row-store';

export type TemplateRow = Template & Synced;


export class TemplateIndex implements RowIndex<TemplateRow> {
  readonly epoch = crypto.randomUUID();
  /** Counts the changes made to this index since it was loaded. */
  revision = 0;
  private readonly byId = new Map<string, TemplateRow>();
  private readonly byShortcut = new Map<string, Set<string>>();
  /** Template id → the revision of its last change. */
  private readonly changedAt = new Map<string, number>();

  constructor(rows: readonly TemplateRow[] = []) {
    for (const row of rows) this.link(row);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): TemplateRow | undefined {
    return this.byId.get(id);
  }

  /** By id, as a table would list them. */
  all(): TemplateRow[] {
    return [...this.byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** The templates a `;shortcut` (normalized: no sigil, lower case) may answer with. */
  withShortcut(shortcut: string): TemplateRow[] {
    return [...(this.byShortcut.get(shortcut) ?? [])].map((id) => this.byId.get(id)!);
  }

  /** The ids of templates set or deleted after `revision`. */
  changedSince(revision: number): string[] {
    return [...this.changedAt].filter(([, at]) => at > revision).map(([id]) => id);
  }

  set(rows: readonly TemplateRow[]): void {
    for (const row of rows) {
      this.unlink(row.id);
      this.link(row);
      this.changedAt.set(row.id, ++this.revision);
    }
  }

  delete(ids: readonly string[]): void {
    for (const id of ids) {
      this.unlink(id);
      this.changedAt.set(id, ++this.revision);
    }
  }

  private link(row: TemplateRow) {
    this.byId.set(row.id, row);
    if (!row.shortcut) return;
    const ids = this.byShortcut.get(row.shortcut);
    if (ids) ids.add(row.id);
    else this.byShortcut.set(row.shortcut, new Set([row.id]));
  }

  private unlink(id: string) {
    const old = this.byId.get(id);
    if (!old) return;
    this.byId.delete(id);
    const ids = old.shortcut ? this.byShortcut.get(old.shortcut) : undefined;
    ids?.delete(id);
    if (ids?.size === 0) this.byShortcut.delete(old.shortcut!);
  }
}
