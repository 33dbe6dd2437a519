/** Starting and stopping one replica: database, first-start team, HTTP, WebSocket, poke fan-out. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { ulid } from 'ulid';
import { WebSocketServer } from 'ws';
import { liveCloseCodes } from '../lib/sync/protocol';
import { bootstrapTeam } from './auth';
import type { Config } from './config';
import { createApp } from './http/app';
import { LiveHub, PgPokeListener } from './live';
import { openStore } from './store/db';

export interface RunningServer {
  port: number;
  /** Stops accepting, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 10_000;

export async function startServer(config: Config, log: (line: string) => void = console.log): Promise<RunningServer> {
  const store = await openStore(config);
  const created = await bootstrapTeam(store, config.teamName);
  if (created) {
    log(`Created team "${created.team.name}". Redeem this admin invite in the extension's options (valid 7 days, one use):`);
    log(`Invite code: ${created.code}`);
  }

  const replicaId = ulid();
  const hub = new LiveHub();
  const listener = store.dialect === 'postgres' ? new PgPokeListener(store, hub, replicaId, log) : undefined;
  await listener?.start();

  const app = createApp({ store, hub, config, replicaId, log });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4_096 });
  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: app.fetch, port: config.port, hostname: config.host, websocket: { server: wss } }, () => resolve(started as Server));
  });
  const port = (server.address() as AddressInfo).port;
  log(`Sidedesk server listening on http://${config.host}:${port} (${store.dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'})`);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      hub.closeAll(liveCloseCodes.shuttingDown, 'Server restarting');
      wss.close();
      // Connections idle between keep-alive requests would hold close() open; busy ones finish first.
      const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
      const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      server.closeIdleConnections();
      await closed;
      clearInterval(idleSweep);
      clearTimeout(grace);
      await listener?.stop();
      await store.close();
    })());
  return { port, close };
}
