/**
 * Live pokes: each replica keeps its own agents' sockets, grouped by team. A push pokes the local
 * sockets at once; on PostgreSQL the push's NOTIFY reaches the other replicas through one
 * dedicated LISTEN connection each. Pokes carry only the sequence number, never data.
 */
import pg from 'pg';
import type { Poke } from '../lib/sync/protocol';
import type { Store } from './store/db';
import { pgClientConfig } from './store/db';
import { POKE_CHANNEL } from './sync/push';

export interface LiveSocket {
  send(message: string): void;
  close(code?: number, reason?: string): void;
}

export class LiveHub {
  private teams = new Map<string, Set<LiveSocket>>();

  add(teamId: string, socket: LiveSocket): void {
    let sockets = this.teams.get(teamId);
    if (!sockets) this.teams.set(teamId, (sockets = new Set()));
    sockets.add(socket);
  }

  remove(teamId: string, socket: LiveSocket): void {
    const sockets = this.teams.get(teamId);
    sockets?.delete(socket);
    if (sockets?.size === 0) this.teams.delete(teamId);
  }

  poke(teamId: string, seq: number): void {
    const message = JSON.stringify({ seq } satisfies Poke);
    for (const socket of this.teams.get(teamId) ?? []) socket.send(message);
  }

  teamIds(): string[] {
    return [...this.teams.keys()];
  }

  closeAll(code: number, reason: string): void {
    for (const sockets of this.teams.values()) for (const socket of sockets) socket.close(code, reason);
    this.teams.clear();
  }
}

interface PokeNotice {
  teamId: string;
  seq: number;
  replicaId: string;
}

/**
 * Listens for other replicas' pushes. When the connection drops it reconnects and pokes every
 * local team with its current sequence, since notices sent meanwhile are lost.
 */
export class PgPokeListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private retryDelay = 250;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private store: Store,
    private hub: LiveHub,
    private replicaId: string,
    private log: (line: string) => void,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client(pgClientConfig(this.store.databaseUrl!));
    client.on('notification', (message) => this.onNotice(message.payload));
    client.on('error', (error) => this.reconnect(`LISTEN connection failed: ${error.message}`));
    client.on('end', () => this.reconnect('LISTEN connection closed'));
    this.client = client;
    await client.connect();
    await client.query(`LISTEN ${POKE_CHANNEL}`);
    this.retryDelay = 250;
  }

  private onNotice(payload: string | undefined): void {
    let notice: PokeNotice;
    try {
      notice = JSON.parse(payload ?? '');
    } catch {
      return this.log(`ignored a malformed notice on ${POKE_CHANNEL}`); // a throw here would stop the process
    }
    if (notice.replicaId !== this.replicaId) this.hub.poke(notice.teamId, notice.seq);
  }

  private reconnect(reason: string): void {
    if (this.stopped || this.retryTimer || !this.client) return;
    this.log(`${reason}; reconnecting in ${this.retryDelay} ms`);
    const previous = this.client;
    this.client = undefined;
    previous.removeAllListeners();
    previous.on('error', () => {});
    previous.end().catch(() => {});
    this.retryTimer = setTimeout(async () => {
      this.retryTimer = undefined;
      this.retryDelay = Math.min(this.retryDelay * 2, 10_000);
      try {
        await this.start();
        await this.pokeEveryLocalTeam();
      } catch (error) {
        this.reconnect(`LISTEN reconnect failed: ${(error as Error).message}`);
      }
    }, this.retryDelay);
  }

  private async pokeEveryLocalTeam(): Promise<void> {
    const teamIds = this.hub.teamIds();
    if (teamIds.length === 0) return;
    const teams = await this.store.db.selectFrom('teams').select(['id', 'seq']).where('id', 'in', teamIds).execute();
    for (const team of teams) this.hub.poke(team.id, team.seq);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    client?.removeAllListeners();
    await client?.end().catch(() => {});
  }
}
