/** The poke socket: hello with the token, pokes to the engine, reconnects with backoff, stops on a revoked token, keep-alive only while an agent is active. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveCloseCodes } from '../../../lib/sync/protocol';
import { PokeSocket, type SocketLike } from '../../../lib/sync/socket';

class FakeSocket {
  sent: string[] = [];
  closedWith: number | undefined;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close(code?: number) {
    this.closedWith = code;
  }
  // What the server does:
  open = () => this.onopen?.call(this as never, new Event('open'));
  poke = (seq: number) => this.onmessage?.call(this as never, new MessageEvent('message', { data: JSON.stringify({ seq }) }));
  drop = (code = 1006) => this.onclose?.call(this as never, { code } as CloseEvent);
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup({ active = true } = {}) {
  const sockets: FakeSocket[] = [];
  const pokes: number[] = [];
  const state = { active, unauthorized: 0, disconnected: 0, firsts: [] as number[] };
  const live = new PokeSocket({
    url: 'ws://server/v1/live',
    token: 'sdk_secret',
    open: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket as unknown as SocketLike;
    },
    onPoke: (seq, first) => (pokes.push(seq), first && state.firsts.push(seq)),
    onDisconnected: () => state.disconnected++,
    onUnauthorized: () => state.unauthorized++,
    isActive: () => state.active,
  });
  return { live, sockets, pokes, state };
}

describe('the poke socket', () => {
  it('says hello with the token, then hands every poke to the engine, marking the first after each connect', () => {
    const { live, sockets, pokes, state } = setup();
    sockets[0].open();
    expect(sockets[0].sent).toEqual([JSON.stringify({ token: 'sdk_secret' })]);
    sockets[0].poke(7);
    sockets[0].onmessage?.call(sockets[0] as never, new MessageEvent('message', { data: 'not json' }));
    sockets[0].poke(9);
    expect(pokes).toEqual([7, 9]);
    expect(live.connected).toBe(true);
    sockets[0].drop();
    expect(state.disconnected).toBe(1);
    vi.advanceTimersByTime(500);
    sockets[1].open();
    sockets[1].poke(9);
    expect(state.firsts).toEqual([7, 9]);
    live.close();
  });

  it('reconnects after a drop, waiting longer each time the server stays away', () => {
    const { live, sockets } = setup();
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = sockets.length;
      sockets.at(-1)!.drop();
      let waited = 0;
      while (sockets.length === before) (vi.advanceTimersByTime(50), (waited += 50));
      waits.push(waited);
    }
    expect(waits.at(-1)).toBeGreaterThan(waits[0]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(10_000);
    // A poke after reconnecting resets the wait.
    sockets.at(-1)!.open();
    sockets.at(-1)!.poke(1);
    const before = sockets.length;
    sockets.at(-1)!.drop();
    vi.advanceTimersByTime(500);
    expect(sockets.length).toBe(before + 1);
    live.close();
  });

  it('gives up on a revoked token instead of retrying it', () => {
    const { live, sockets, state } = setup();
    sockets[0].drop(liveCloseCodes.unauthorized);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(state.unauthorized).toBe(1);
    live.close();
  });

  it('keeps the connection busy only while an agent is active, and closes for good', () => {
    const { live, sockets, state } = setup({ active: false });
    sockets[0].open();
    sockets[0].poke(1);
    vi.advanceTimersByTime(60_000);
    expect(sockets[0].sent).toHaveLength(1);
    state.active = true;
    vi.advanceTimersByTime(40_000);
    expect(sockets[0].sent.slice(1)).toEqual(['{}', '{}']);

    live.close();
    expect(sockets[0].closedWith).toBe(1000);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });
});
