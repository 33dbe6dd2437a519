/** A fresh desk on an in-memory IndexedDB per test, with a clock the test moves, and page contexts to log. */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { DeskDb } from '../../../lib/db';
import { createDesk } from '../../../lib/desk/desk';
import { entriesOf } from '../../../lib/desk/runs';
import type { DeskTable } from '../../../lib/desk/types';
import type { Message } from '../../../lib/model';
import type { DetectedContext, PageMessage } from '../../../lib/sites/types';

export const start = Date.UTC(2025, 2, 3, 9, 0);
export const minutes = (n: number) => n * 60_000;

export function makeDesk() {
  let time = start;
  const db = new DeskDb('sidedesk-test', { indexedDB: new IDBFactory(), IDBKeyRange });
  const announced: DeskTable[][] = [];
  db.onChange((tables) => announced.push(tables));
  const desk = createDesk(db, { now: () => time });
  return {
    desk,
    db,
    announced,
    advance: (ms: number) => (time += ms),
    get now() {
      return time;
    },
  };
}

type Author = PageMessage['author'];
export const jane: Author = { handle: 'jane_doe', displayName: 'Jane Doe', profileUrl: 'https://x.com/jane_doe' };
export const agent: Author = { handle: 'AcmeSupport', displayName: 'Acme Support' };

export const customerSays = (text: string, extra: Partial<PageMessage> = {}): PageMessage => ({ role: 'customer', author: jane, text, ...extra });
export const agentSays = (text: string, extra: Partial<PageMessage> = {}): PageMessage => ({ role: 'agent', author: agent, text, ...extra });

/** Jane's X DM thread showing `messages`. */
export function xDm(messages: PageMessage[], overrides: Partial<DetectedContext> = {}): DetectedContext {
  return {
    ok: true,
    platform: 'x',
    kind: 'dm',
    channel: 'dm',
    conversationKey: 'x:dm:12-34',
    permalink: 'https://x.com/i/chat/12-34',
    customer: { platform: 'x', handle: 'jane_doe', displayName: 'Jane Doe', profileUrl: 'https://x.com/jane_doe' },
    messages,
    ...overrides,
  };
}

/** An Instagram DM with @jane.ig, a different account of (maybe) the same person. */
export function instagramDm(messages: PageMessage[]): DetectedContext {
  return {
    ok: true,
    platform: 'instagram',
    kind: 'dm',
    channel: 'dm',
    conversationKey: 'instagram:dm:340282366841710300949128',
    permalink: 'https://www.instagram.com/direct/t/340282366841710300949128/',
    customer: { platform: 'instagram', handle: 'jane.ig', displayName: 'Jane D', userId: '5566' },
    messages,
  };
}

/** Every row of every table, for "nothing left" and "nothing written" assertions; tickets, customers and templates by id, as a table would hold them. */
export async function dump(db: DeskDb) {
  const tables = ['transcriptRuns', 'notes', 'conflicts', 'outbox'] as const;
  const rows = Object.fromEntries(await Promise.all(tables.map(async (name) => [name, await db.table(name).toArray()] as const))) as Record<(typeof tables)[number], any[]>;
  const byId = <T extends { id: string }>(list: T[]) => list.sort((a, b) => (a.id < b.id ? -1 : 1)) as any[];
  return { ...rows, customers: byId(await db.customers.toArray()), tickets: byId(await db.tickets.toArray()), templates: byId(await db.templates.toArray()) };
}

/** The template a `;shortcut` answers with (the first, where variants share it). */
export async function templateWithShortcut(db: DeskDb, shortcut: string) {
  return (await db.templates.index()).withShortcut(shortcut)[0];
}

/** Every logged message, of every ticket, in the order they were logged (ids are monotonic). */
export async function storedMessages(db: DeskDb): Promise<Message[]> {
  return (await db.transcriptRuns.toArray()).flatMap((run) => [...entriesOf(run).values()].flat()).sort((a, b) => (a.id < b.id ? -1 : 1));
}
