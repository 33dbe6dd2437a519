/**
 * The desk as content scripts and extension pages reach it: typed messages to the background, and
 * the live port that announces changes (re-opened on disconnect and on `pageshow`, see lib/live.ts).
 */
import type { DeskApi, DeskCall, DeskRequest, DeskResponse } from '../../components/desk-api';
import { watchDeskChanges, type LiveChange } from '../live';
import { sendMessage } from '../messaging';

/**
 * Calls that may safely be sent twice: the background deduplicates logged messages and the rest set
 * values. A note is appended and a use counted each time they are sent (the worker may have done it
 * before it stopped), so those are never retried behind the agent's back.
 */
const notRetried = new Set<DeskCall>(['addNote', 'useTemplate']);

/** The worker was stopped or restarted while the call was on its way or being answered. */
const transportFailure = /Could not establish connection|message port closed|message channel closed|No response/i;

export function createDeskClient(signal: AbortSignal, { retryDelayMs = 150, attempts = 4 } = {}): DeskApi {
  const listeners = new Set<(change: LiveChange) => void>();
  watchDeskChanges((change) => listeners.forEach((listener) => listener(change)), { signal });

  async function send<K extends DeskCall>(name: K, data: DeskRequest<K>): Promise<DeskResponse<K>> {
    const post = sendMessage as (name: K, data: DeskRequest<K>) => Promise<DeskResponse<K>>;
    for (let attempt = 1; ; attempt++) {
      try {
        return await post(name, data);
      } catch (error) {
        const retry = attempt < attempts && !notRetried.has(name) && transportFailure.test(String(error));
        if (!retry) throw error;
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs * attempt));
      }
    }
  }

  /**
   * Calls made in the same task (a panel's queries, started by one render's effects) are answered
   * together, once the last of them is: the background answers each in its own task, and the
   * sidebar would render once per answer (three renders at every page load instead of one).
   */
  let together: { unanswered: number; answered: Promise<void>; allAnswered: () => void } | undefined;
  async function call<K extends DeskCall>(name: K, data: DeskRequest<K>): Promise<DeskResponse<K>> {
    if (!together) {
      let allAnswered!: () => void;
      const answered = new Promise<void>((resolve) => (allAnswered = resolve));
      together = { unanswered: 0, answered, allAnswered };
      queueMicrotask(() => (together = undefined));
    }
    const group = together;
    group.unanswered++;
    const outcome = await send(name, data).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    if (--group.unanswered === 0) group.allAnswered();
    await group.answered;
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }

  return {
    call,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
