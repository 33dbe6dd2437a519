/**
 * What sync keeps outside Dexie: the session (with its token) in `browser.storage.local`, which no
 * web page can reach, unlike the host page's localStorage or IndexedDB; and the rejected changes.
 * Behind an interface so the engine runs in tests without a browser.
 */
import type { Agent, Team } from '../model';
import type { RejectedChange } from './status';

export interface Session {
  serverUrl: string;
  /** The bearer token, shown once by the server; never leaves the background and this storage. */
  token: string;
  agent: Agent;
  team: Team;
}

export interface SyncStorage {
  getSession(): Promise<Session | null>;
  setSession(session: Session | null): Promise<void>;
  getRejected(): Promise<RejectedChange[]>;
  setRejected(rejected: RejectedChange[]): Promise<void>;
  /** The team whose changes the pull cursor and row seqs describe; another team starts from zero. */
  getCursorTeam(): Promise<string | null>;
  setCursorTeam(teamId: string): Promise<void>;
}

/** For tests, and for anything that runs without extension storage. */
export function memoryStorage(): SyncStorage {
  let session: Session | null = null;
  let rejected: RejectedChange[] = [];
  let cursorTeam: string | null = null;
  return {
    getSession: async () => session,
    setSession: async (value) => void (session = value),
    getRejected: async () => rejected,
    setRejected: async (value) => void (rejected = value),
    getCursorTeam: async () => cursorTeam,
    setCursorTeam: async (value) => void (cursorTeam = value),
  };
}
