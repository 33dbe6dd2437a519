/**
 * The real desk (lib/desk over Dexie) on an in-memory IndexedDB, reached the way the UI reaches
 * the background: typed calls and live-change announcements. Components under test see the same
 * answers, dedupe and errors the extension would give them.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { DeskApi, DeskCall, DeskRequest, DeskResponse } from '../../../components/desk-api';
import { DeskDb } from '../../../lib/db';
import { createDesk } from '../../../lib/desk/desk';
import { deskHandlers } from '../../../lib/desk/handlers';
import type { LiveChange } from '../../../lib/live';

export function memoryDesk() {
  const db = new DeskDb('sidedesk-ui-test', { indexedDB: new IDBFactory(), IDBKeyRange });
  const handlers = deskHandlers(createDesk(db)) as unknown as Record<DeskCall, (data: unknown) => Promise<unknown>>;
  const listeners = new Set<(change: LiveChange) => void>();
  db.onChange((tables) => listeners.forEach((listener) => listener({ tables })));
  const calls: { name: DeskCall; data: unknown }[] = [];
  const desk: DeskApi = {
    call<K extends DeskCall>(name: K, data: DeskRequest<K>) {
      calls.push({ name, data });
      // Through structured cloning, as messaging would: nothing shared by reference with the background.
      return handlers[name](structuredClone(data)).then((result) => structuredClone(result)) as Promise<DeskResponse<K>>;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { desk, db, calls, callsTo: (name: DeskCall) => calls.filter((c) => c.name === name) };
}
