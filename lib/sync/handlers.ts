/** The background's answers to the sync messages. Register synchronously at the worker's top level. */
import { onMessage } from '../messaging';
import type { SyncEngine } from './engine';

export function registerSyncHandlers(engine: SyncEngine) {
  onMessage('signIn', ({ data }) => engine.signIn(data));
  onMessage('signOut', () => engine.signOut());
  onMessage('getSyncStatus', () => engine.status());
  onMessage('syncNow', async () => (await engine.request('manual'), engine.status()));
  onMessage('dismissRejected', ({ data }) => engine.dismissRejected(data.ids));
}
