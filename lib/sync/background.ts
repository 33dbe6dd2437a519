/**
 * Sync's wiring in the background: the engine over extension storage and the browser's WebSocket,
 * its message handlers, and the wake-ups that trigger it. Call synchronously at the worker's top
 * level, so the alarm, focus and connect events that wake the worker find their listeners.
 */
import { browser } from 'wxt/browser';
import type { DeskDb } from '../db';
import { SyncEngine } from './engine';
import { extensionStorage } from './extension-storage';
import { registerSyncHandlers } from './handlers';

const ALARM = 'sidedesk-sync';

export function startSync(db: DeskDb, { isActive }: { isActive: () => boolean }): SyncEngine {
  const engine = new SyncEngine({ db, storage: extensionStorage(), openSocket: (url) => new WebSocket(url), isActive });
  registerSyncHandlers(engine);

  // The fallback when no poke arrives (the worker slept, or the socket is down): at most a minute late.
  browser.alarms.onAlarm.addListener((alarm) => alarm.name === ALARM && void engine.request('alarm'));
  void browser.alarms.get(ALARM).then((alarm) => {
    if (!alarm) return browser.alarms.create(ALARM, { periodInMinutes: 1 });
  });

  // An agent coming back to a tab: a sidebar re-opens its live port when its page becomes visible.
  browser.runtime.onConnect.addListener(() => void engine.request('focus'));
  browser.tabs.onActivated.addListener(() => void engine.request('focus'));
  browser.windows?.onFocusChanged.addListener((windowId) => windowId !== browser.windows.WINDOW_ID_NONE && void engine.request('focus'));

  void engine.start();
  return engine;
}
