/** The background's answers to the sync messages. Register synchronously at the worker's top level. */
import { onMessage, type ProtocolMap } from '../messaging';
import type { SyncEngine } from './engine';
import type { SyncMessage } from './status';

type Handlers = { [K in SyncMessage]: (data: Parameters<ProtocolMap[K]>[0]) => Promise<ReturnType<ProtocolMap[K]>> };

export function syncHandlers(engine: SyncEngine): Handlers {
  return {
    signIn: (request) => engine.signIn(request),
    signOut: () => engine.signOut(),
    getSyncStatus: () => engine.status(),
    syncNow: async () => (await engine.request('manual'), engine.status()),
    dismissRejected: ({ ids }) => engine.dismissRejected(ids),
  };
}

export function registerSyncHandlers(engine: SyncEngine) {
  const handlers = syncHandlers(engine);
  for (const type of Object.keys(handlers) as SyncMessage[]) {
    const handle = handlers[type] as (data: unknown) => Promise<unknown>;
    onMessage(type, ({ data }) => handle(data) as never);
  }
}
