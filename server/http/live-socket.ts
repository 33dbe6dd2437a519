/**
 * The poke socket. Browsers cannot put headers on a WebSocket, and a token in the URL would end up
 * in proxy logs, so the client's first message carries the token.
 */
import type { WebSocketLike } from '@hono/node-server';
import type { WSEvents } from 'hono/ws';
import type { WebSocket } from 'ws';
import { liveCloseCodes, liveHelloSchema, type Poke } from '../../lib/sync/protocol';
import { authenticate, type Auth } from '../auth';
import type { LiveHub, LiveSocket } from '../live';
import type { Store } from '../store/db';

const HELLO_TIMEOUT_MS = 5_000;
// Below the idle timeout of common load balancers (60 s), so they keep the connection open.
const PING_INTERVAL_MS = 25_000;

export function liveSocketEvents(store: Store, hub: LiveHub): WSEvents<WebSocketLike> {
  let auth: Auth | undefined;
  let helloTimer: NodeJS.Timeout | undefined;
  let pingTimer: NodeJS.Timeout | undefined;
  let socket: LiveSocket | undefined;

  return {
    onOpen(_event, ws) {
      helloTimer = setTimeout(() => ws.close(liveCloseCodes.helloTimeout, 'Send {"token": "<your token>"} first'), HELLO_TIMEOUT_MS);
      // The adapter hands over the `ws` socket itself; its narrower type just omits ping.
      const raw = ws.raw as unknown as WebSocket | undefined;
      pingTimer = setInterval(() => raw?.ping(), PING_INTERVAL_MS);
    },
    async onMessage(event, ws) {
      if (auth || socket) return; // after the hello the client has nothing to say
      clearTimeout(helloTimer);
      socket = { send: (message) => ws.send(message), close: (code, reason) => ws.close(code, reason) };
      const hello = parseHello(event.data);
      auth = hello ? await authenticate(store, hello.token) : undefined;
      if (!auth) return ws.close(liveCloseCodes.unauthorized, 'Unknown or revoked token; sign in again');
      if (ws.readyState !== 1) return;
      hub.add(auth.teamId, socket);
      const team = await store.db.selectFrom('teams').select('seq').where('id', '=', auth.teamId).executeTakeFirstOrThrow();
      // The current sequence at once, so a client that missed pokes while away pulls now.
      ws.send(JSON.stringify({ seq: team.seq } satisfies Poke));
    },
    onClose() {
      clearTimeout(helloTimer);
      clearInterval(pingTimer);
      if (auth && socket) hub.remove(auth.teamId, socket);
    },
  };
}

function parseHello(data: unknown): { token: string } | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    return liveHelloSchema.safeParse(JSON.parse(data)).data;
  } catch {
    return undefined;
  }
}
