/**
 * The server's tables. Synced rows of every kind share one table, ordered by the team's change
 * sequence, so pull is a single indexed range scan. Booleans are 0/1 and JSON is text, so the
 * same migrations and queries run on SQLite and PostgreSQL.
 */
import type { Role } from '../../lib/model';
import type { PullTable } from '../../lib/sync/protocol';

export interface TeamTable {
  id: string;
  name: string;
  /** The last change sequence number handed out; bumped by every push, under a row lock. */
  seq: number;
  next_ticket_number: number;
  created_at: number;
}

export interface AgentTable {
  id: string;
  team_id: string;
  name: string;
  role: Role;
  created_at: number;
}

export interface TokenTable {
  id: string;
  team_id: string;
  agent_id: string;
  /** SHA-256 of the token, hex; the token itself is never stored. */
  token_hash: string;
  created_at: number;
  revoked_at: number | null;
}

export interface InviteTable {
  id: string;
  team_id: string;
  /** SHA-256 of the normalised code, hex. */
  code_hash: string;
  role: Role;
  max_uses: number;
  uses: number;
  expires_at: number;
  /** Null for invites made on first start or by the command line. */
  created_by: string | null;
  created_at: number;
}

/** The highest mutation id applied per (agent, client): what makes pushes idempotent. */
export interface SyncClientTable {
  team_id: string;
  agent_id: string;
  client_id: string;
  last_mutation_id: number;
}

export interface RowTable {
  team_id: string;
  id: string;
  tbl: PullTable;
  seq: number;
  /** 1 for a tombstone, whose data is emptied. */
  deleted: number;
  /** The row as clients see it, JSON. */
  data: string;
  /** Per field: who last wrote it and at which seq (JSON of FieldWrites). */
  field_writes: string;
  /** The row this one belongs to (ticket → customer, message/note → ticket or customer, conflict → row). */
  parent_id: string | null;
  /** An agent id for personal rows; null when the whole team sees the row. */
  visible_to: string | null;
  /** Unique per team when set: a message's ticket and content hash. */
  dedupe_key: string | null;
  /** Where the row comes in a snapshot (server/sync/snapshot.ts): its id, after its ticket's for a message. */
  snapshot_key: string;
}

export interface Database {
  teams: TeamTable;
  agents: AgentTable;
  tokens: TokenTable;
  invites: InviteTable;
  sync_clients: SyncClientTable;
  rows: RowTable;
}
