/**
 * The desk as content scripts and extension pages reach it: typed messages to the background, and
 * the live port that announces changes (re-opened on disconnect and on `pageshow`, see lib/live.ts).
 */
import type { DeskApi, DeskCall, DeskRequest, DeskResponse, Preload } from '../../components/desk-api';
import { watchDeskChanges, type LiveChange } from '../live';
import { sendBatch, sendMessage, type BatchedAnswer } from '../messaging';

type Answer = { value: unknown } | { error: unknown };
/** A batched call's refusal as the error a call sent alone would have thrown. */
const refused = (answer: BatchedAnswer): Answer => ('error' in answer ? { error: new Error(answer.error) } : answer);

/**
 * Calls that may safely be sent twice: the background deduplicates logged messages and the rest set
 * values. A note is appended and a use counted each time they are sent (the worker may have done it
 * before it stopped), so those are never retried behind the agent's back.
 */
const notRetried = new Set<DeskCall>(['addNote', 'useTemplate']);

/** The worker was stopped or restarted while the call was on its way or being answered. */
const transportFailure = /Could not establish connection|message port closed|message channel closed|No response/i;

interface Pending {
  name: DeskCall;
  data: unknown;
  settle: (answer: Answer) => void;
}

export interface PreloadingDeskApi extends DeskApi {
  /** Asks now what the UI will ask when it renders; `preloaded` then holds the answer. */
  preload: Preload;
  preloaded: NonNullable<DeskApi['preloaded']>;
}

const requestKey = (name: DeskCall, data: unknown) => `${name} ${JSON.stringify(data ?? null)}`;

export function createDeskClient(signal: AbortSignal, { retryDelayMs = 150, attempts = 4 } = {}): PreloadingDeskApi {
  const listeners = new Set<(change: LiveChange) => void>();
  /** Answers asked for ahead of the UI, by request, until the background announces a change. */
  const preloads = new Map<string, { answered: boolean; value?: unknown }>();
  watchDeskChanges(
    (change) => {
      preloads.clear();
      listeners.forEach((listener) => listener(change));
    },
    { signal },
  );

  async function send<T>(post: () => Promise<T>, retried: boolean): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await post();
      } catch (error) {
        if (!(retried && attempt < attempts && transportFailure.test(String(error)))) throw error;
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs * attempt));
      }
    }
  }

  /**
   * Calls made in the same task (a panel's queries, started by one render's effects) go as one
   * message and are answered together: each message is a round trip through the browser, and the
   * sidebar would render once per answer.
   */
  let together: Pending[] | undefined;
  async function sendTogether() {
    const calls = together!;
    together = undefined;
    const retried = calls.every(({ name }) => !notRetried.has(name));
    try {
      if (calls.length === 1) {
        const [{ name, data }] = calls;
        const post = sendMessage as (name: DeskCall, data: unknown) => Promise<unknown>;
        calls[0].settle({ value: await send(() => post(name, data), retried) });
      } else {
        const answers = await send(() => sendBatch(calls.map(({ name, data }) => ({ name, data }))), retried);
        calls.forEach((call, i) => call.settle(refused(answers[i])));
      }
    } catch (error) {
      calls.forEach((call) => call.settle({ error }));
    }
  }

  function call<K extends DeskCall>(name: K, data: DeskRequest<K>): Promise<DeskResponse<K>> {
    return new Promise((resolve, reject) => {
      if (!together) {
        together = [];
        queueMicrotask(sendTogether);
      }
      together.push({ name, data, settle: (answer) => ('error' in answer ? reject(answer.error) : resolve(answer.value as DeskResponse<K>)) });
    });
  }

  return {
    call,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    preload(name, data) {
      const key = requestKey(name, data);
      // Held from the start: a change announced before the answer comes drops it (the answer may not include the change).
      const preload: { answered: boolean; value?: unknown } = { answered: false };
      preloads.set(key, preload);
      return call(name, data).then(
        (value) => Object.assign(preload, { answered: true, value }),
        () => preloads.get(key) === preload && preloads.delete(key),
      );
    },
    preloaded<K extends DeskCall>(name: K, data: DeskRequest<K>) {
      const preload = preloads.get(requestKey(name, data));
      return preload?.answered ? (preload.value as DeskResponse<K>) : undefined;
    },
  };
}
