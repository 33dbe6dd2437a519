/**
 * The poke socket (DESIGN.md §5.4): payload-free `{seq}` messages that say "pull now". It
 * reconnects with backoff while signed in. While an agent is active it sends a small keep-alive:
 * WebSocket traffic keeps an MV3 worker awake, so pokes keep arriving; once nobody is looking the
 * worker may sleep, and alarms take over.
 */
import { liveCloseCodes, pokeSchema } from './protocol';

/** The part of the browser's WebSocket this uses; tests pass a fake. */
export type SocketLike = Pick<WebSocket, 'onopen' | 'onmessage' | 'onclose' | 'onerror' | 'send' | 'close'>;

export interface PokeSocketOptions {
  url: string;
  token: string;
  open: (url: string) => SocketLike;
  /** `first`: the first poke since (re)connecting, which the server sends at once with its current seq. */
  onPoke: (seq: number, first: boolean) => void;
  /** The connection closed or could not be made (a reconnect is on its way). */
  onDisconnected: () => void;
  /** The server closed the socket because the token is unknown or revoked. */
  onUnauthorized: () => void;
  isActive: () => boolean;
  reconnectCapMs?: number;
  keepAliveMs?: number;
}

export class PokeSocket {
  private socket: SocketLike | undefined;
  private closed = false;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private keepAlive: ReturnType<typeof setInterval>;
  /** True from the first poke after (re)connecting until the socket closes. */
  connected = false;

  constructor(private options: PokeSocketOptions) {
    this.keepAlive = setInterval(() => this.connected && this.options.isActive() && this.socket?.send('{}'), options.keepAliveMs ?? 20_000);
    this.connect();
  }

  private connect() {
    if (this.closed) return;
    let socket: SocketLike;
    try {
      socket = this.options.open(this.options.url);
    } catch {
      return this.reconnectLater();
    }
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ token: this.options.token }));
    socket.onmessage = (event) => {
      const poke = pokeSchema.safeParse(parse(event.data));
      if (!poke.success) return;
      const first = !this.connected;
      this.connected = true;
      this.attempts = 0;
      this.options.onPoke(poke.data.seq, first);
    };
    socket.onerror = () => {}; // a close event follows, and that is where reconnecting happens
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.connected = false;
      if (event.code === liveCloseCodes.unauthorized) return this.options.onUnauthorized();
      this.reconnectLater();
      this.options.onDisconnected();
    };
  }

  private reconnectLater() {
    if (this.closed) return;
    const delay = Math.min(this.options.reconnectCapMs ?? 10_000, 500 * 2 ** this.attempts++) * (0.5 + Math.random() / 2);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  close() {
    this.closed = true;
    this.connected = false;
    clearTimeout(this.retryTimer);
    clearInterval(this.keepAlive);
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1000);
  }
}

function parse(data: unknown): unknown {
  try {
    return typeof data === 'string' ? JSON.parse(data) : undefined;
  } catch {
    return undefined;
  }
}
