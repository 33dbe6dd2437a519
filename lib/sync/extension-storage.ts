/** SyncStorage over `browser.storage.local` (the background's only; see storage.ts for why there). */
import { storage } from 'wxt/utils/storage';
import type { RejectedChange } from './status';
import type { Session, SyncStorage } from './storage';

const session = storage.defineItem<Session | null>('local:sync-session', { fallback: null });
const rejected = storage.defineItem<RejectedChange[]>('local:sync-rejected', { fallback: [] });
const cursorTeam = storage.defineItem<string | null>('local:sync-cursor-team', { fallback: null });

export function extensionStorage(): SyncStorage {
  return {
    getSession: () => session.getValue(),
    setSession: (value) => session.setValue(value),
    getRejected: () => rejected.getValue(),
    setRejected: (value) => rejected.setValue(value),
    getCursorTeam: () => cursorTeam.getValue(),
    setCursorTeam: (value) => cursorTeam.setValue(value),
  };
}
