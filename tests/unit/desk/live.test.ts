/** The live port: a change committed in the background reaches every open sidebar, and sidebars re-open closed ports. */
import { describe, expect, it } from 'vitest';
import { createLiveHub, livePortName, watchDeskChanges, type LiveChange } from '../../../lib/live';
import { logConversation } from '../../../lib/desk/log';
import { updateTicket } from '../../../lib/desk/tickets';
import { customerSays, makeDesk, xDm } from './helpers';

type Listener = (...args: any[]) => void;
class FakeEvent {
  listeners = new Set<Listener>();
  addListener(listener: Listener) {
    this.listeners.add(listener);
  }
  fire(...args: unknown[]) {
    for (const listener of this.listeners) listener(...args);
  }
}

/** One end of a runtime port; messages arrive a task later, as across processes. */
class FakePort {
  onMessage = new FakeEvent();
  onDisconnect = new FakeEvent();
  other!: FakePort;
  open = true;
  constructor(readonly name: string) {}
  postMessage(message: unknown) {
    if (!this.open) throw new Error('Attempting to use a disconnected port object');
    const copy = structuredClone(message);
    setTimeout(() => this.other.open && this.other.onMessage.fire(copy));
  }
  disconnect() {
    if (!this.open) return;
    this.open = this.other.open = false;
    this.other.onDisconnect.fire(this.other);
  }
}

/** The background's runtime.onConnect and the pages' runtime.connect, joined. */
function fakeRuntime(hub = createLiveHub()) {
  const backgroundEnds: FakePort[] = [];
  const runtime = {
    hub,
    backgroundEnds,
    connect({ name }: { name: string }) {
      const [page, background] = [new FakePort(name), new FakePort(name)];
      page.other = background;
      background.other = page;
      backgroundEnds.push(background);
      runtime.hub.accept(background as never);
      return page;
    },
    /** The worker is stopped (its ports close, its memory is gone); the next connect wakes a new one. */
    stopWorker() {
      runtime.hub = createLiveHub();
      for (const port of backgroundEnds.splice(0)) port.disconnect();
    },
  };
  return runtime;
}

function fakePage(visible = true) {
  const events = new EventTarget();
  const page = {
    visibilityState: (visible ? 'visible' : 'hidden') as DocumentVisibilityState,
    addEventListener: events.addEventListener.bind(events),
    show(state: DocumentVisibilityState) {
      page.visibilityState = state;
      events.dispatchEvent(new Event('visibilitychange'));
    },
    restoreFromCache() {
      events.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    },
  };
  return page;
}

function sidebar(runtime: ReturnType<typeof fakeRuntime>, page = fakePage()) {
  const changes: LiveChange[] = [];
  const controller = new AbortController();
  watchDeskChanges((change) => changes.push(change), { signal: controller.signal, runtime: runtime as never, document: page as never, window: page as never });
  return { changes, page, close: () => controller.abort() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('live changes', () => {
  it('reach every open sidebar within 300 ms of a committed write, naming the tables', async () => {
    const { desk, db } = makeDesk();
    const hub = createLiveHub();
    db.onChange(hub.announce);
    const runtime = fakeRuntime(hub);
    const [first, second] = [sidebar(runtime), sidebar(runtime)];
    const { ticket } = await logConversation(desk, { context: xDm([customerSays('hi')]) });
    await settle();
    first.changes.length = second.changes.length = 0;

    const wrote = performance.now();
    await updateTicket(desk, ticket.id, { status: 'pending' });
    await new Promise<void>((resolve) => {
      const wait = () => (second.changes.length ? resolve() : setTimeout(wait, 1));
      wait();
    });
    expect(performance.now() - wrote).toBeLessThan(300);
    expect(second.changes).toEqual([{ tables: ['tickets'] }]);
    await settle();
    expect(first.changes).toEqual([{ tables: ['tickets'] }]);
  });

  it('re-open at once when the worker stops, and ask for a full re-read', async () => {
    const runtime = fakeRuntime();
    const { changes } = sidebar(runtime);
    expect(runtime.hub.size).toBe(1);
    runtime.stopWorker();
    expect(runtime.hub.size).toBe(1);
    expect(changes).toEqual([{ tables: ['customers', 'tickets', 'messages', 'notes', 'templates', 'conflicts', 'meta'] }]);
    runtime.hub.announce(['notes']);
    await settle();
    expect(changes.at(-1)).toEqual({ tables: ['notes'] });
  });

  it('wait until a hidden page is shown before re-opening, and re-open after the back/forward cache', async () => {
    const runtime = fakeRuntime();
    const { changes, page } = sidebar(runtime, fakePage(false));
    runtime.stopWorker();
    expect(runtime.hub.size).toBe(0);
    page.show('visible');
    expect(runtime.hub.size).toBe(1);
    expect(changes).toHaveLength(1);

    page.restoreFromCache();
    expect(runtime.hub.size).toBe(1);
    expect(runtime.backgroundEnds.filter((p) => p.open)).toHaveLength(1);
    expect(changes).toHaveLength(2);
  });

  it('stop when the sidebar goes away, and ignore ports opened for anything else', async () => {
    const runtime = fakeRuntime();
    const { hub } = runtime;
    const { changes, close } = sidebar(runtime);
    close();
    expect(hub.size).toBe(0);
    runtime.connect({ name: 'something-else' });
    runtime.connect({ name: livePortName });
    expect(hub.size).toBe(1);
    hub.announce(['tickets']);
    await settle();
    expect(changes).toEqual([]);
  });
});
