/**
 * What the desk's UI is given instead of `browser.*`: a typed call into the background and a
 * subscription to its live changes. Content scripts and extension pages each pass one in; tests pass a fake.
 */
import type { GetDataType, GetReturnType } from '@webext-core/messaging';
import type { LiveChange } from '../lib/live';
import type { ProtocolMap } from '../lib/messaging';

export type DeskCall = Exclude<keyof ProtocolMap, 'toggleSidebar'>;
export type DeskRequest<K extends DeskCall> = GetDataType<ProtocolMap[K]>;
export type DeskResponse<K extends DeskCall> = GetReturnType<ProtocolMap[K]>;

export interface DeskApi {
  call<K extends DeskCall>(name: K, data: DeskRequest<K>): Promise<DeskResponse<K>>;
  /** Calls `listener` after every change the background announces; returns the unsubscribe. */
  subscribe(listener: (change: LiveChange) => void): () => void;
  /**
   * The answer to this very call when it was asked for before the UI rendered (the sidebar asks
   * for its first view while its styles load, to render once, with it), and the background has
   * announced no change since.
   */
  preloaded?<K extends DeskCall>(name: K, data: DeskRequest<K>): DeskResponse<K> | undefined;
}

/** Asks the desk ahead of the UI (lib/content/desk-client.ts): see DeskApi.preloaded. */
export type Preload = <K extends DeskCall>(name: K, data: DeskRequest<K>) => Promise<unknown>;

/** A sentence for the agent from whatever a failed call threw. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text || 'Something went wrong';
}
