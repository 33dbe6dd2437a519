/**
 * What the sync engine tells the UI: the payloads of the sync messages. Types only, so content
 * scripts can name them without bundling zod or Dexie.
 */
import type { Agent, Team } from '../model';
import type { MutationOp, SyncTable } from './protocol';

/** The `data-state` of `sync-status` (DESIGN.md §9). */
export type SyncState = 'synced' | 'syncing' | 'offline' | 'error' | 'signed-out';

/** A local change the server refused for good: dropped from the queue, kept here so the agent learns why. */
export interface RejectedChange {
  /** The mutation id; unique per browser profile. */
  id: number;
  table: SyncTable;
  op: MutationOp;
  rowId: string;
  /** The server's sentence (or ours, when the change could not even be sent). */
  reason: string;
  at: number;
}

export interface SyncStatus {
  state: SyncState;
  /** Why the state is what it is, when that is not obvious ("Cannot reach …", "Sign-in was revoked …"). */
  message: string | null;
  serverUrl: string | null;
  agent: Agent | null;
  team: Team | null;
  /** Local changes not yet acknowledged by the server. */
  pending: number;
  /** When the last sync finished without error. */
  lastSyncedAt: number | null;
  /** While catching up over several pages (a fresh browser's first sync): the share applied so far, 0 to 1. */
  progress: number | null;
  /** Newest first. */
  rejected: RejectedChange[];
}

export interface SignInRequest {
  serverUrl: string;
  code: string;
  name: string;
}

export interface SignOutResult {
  /** False when the server could not be reached to revoke this browser's token. */
  revoked: boolean;
}

/** The protocol messages lib/sync answers (the desk's handlers answer the rest). */
export type SyncMessage = 'signIn' | 'signOut' | 'getSyncStatus' | 'syncNow' | 'dismissRejected';
