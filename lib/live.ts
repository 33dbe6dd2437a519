/**
 * Live changes: after every committed write the background posts `{ tables }` on a long-lived port
 * to every open sidebar and extension page, and they re-read. Payload-free on purpose: a client
 * never trusts a pushed row, it asks again and gets the database's current answer.
 */
import { browser, type Browser } from 'wxt/browser';
import type { DeskTable } from './desk/types';

export const livePortName = 'sidedesk-live';

export interface LiveChange {
  tables: DeskTable[];
}

export const allDeskTables: DeskTable[] = ['customers', 'tickets', 'messages', 'notes', 'templates', 'conflicts', 'meta'];

type Port = Pick<Browser.runtime.Port, 'name' | 'postMessage' | 'disconnect' | 'onMessage' | 'onDisconnect'>;

/** Background side: the open ports, and a way to tell all of them that tables changed. */
export function createLiveHub() {
  const ports = new Set<Port>();
  return {
    /** For `runtime.onConnect`; ignores ports opened for anything else. */
    accept(port: Port) {
      if (port.name !== livePortName) return;
      ports.add(port);
      port.onDisconnect.addListener(() => ports.delete(port));
    },
    announce(tables: readonly DeskTable[]) {
      if (tables.length === 0) return;
      const change: LiveChange = { tables: [...new Set(tables)] };
      for (const port of ports) {
        try {
          port.postMessage(change);
        } catch {
          ports.delete(port); // its page went away between the disconnect and this post
        }
      }
    },
    get size() {
      return ports.size;
    },
  };
}

interface WatchOptions {
  signal: AbortSignal;
  runtime?: { connect(info: { name: string }): Port };
  document?: Pick<Document, 'visibilityState' | 'addEventListener'>;
  window?: Pick<Window, 'addEventListener'>;
}

/**
 * Client side (content scripts, extension pages): calls `onChange` for every change the background
 * announces. The port closes when the worker sleeps or the page enters the back/forward cache;
 * it is re-opened at once while the page is visible (else when it becomes visible), and each
 * re-open reports every table changed, since writes may have happened while it was closed.
 */
export function watchDeskChanges(onChange: (change: LiveChange) => void, options: WatchOptions) {
  const { signal, runtime = browser.runtime, document: doc = document, window: win = window } = options;
  let port: Port | undefined;

  const open = (afterGap: boolean) => {
    if (port || signal.aborted) return;
    try {
      port = runtime.connect({ name: livePortName });
    } catch {
      return; // the extension was reloaded or removed: this page's script is orphaned
    }
    const current = port;
    current.onMessage.addListener((change: LiveChange) => onChange(change));
    current.onDisconnect.addListener(() => {
      if (port !== current) return;
      port = undefined;
      if (doc.visibilityState === 'visible') open(true);
    });
    if (afterGap) onChange({ tables: allDeskTables });
  };

  const close = () => {
    const closing = port;
    port = undefined;
    try {
      closing?.disconnect();
    } catch {
      // already closed by the other side
    }
  };
  doc.addEventListener('visibilitychange', () => doc.visibilityState === 'visible' && open(true), { signal });
  // A page restored from the back/forward cache holds a port the browser closed while it was frozen.
  win.addEventListener('pageshow', (event) => (event as PageTransitionEvent).persisted && (close(), open(true)), { signal });
  signal.addEventListener('abort', close);
  open(false);
}
