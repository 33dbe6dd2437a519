import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { DeskTable } from '../lib/desk/types';
import { errorText, type DeskApi, type DeskCall, type DeskRequest, type DeskResponse } from './desk-api';

export interface LiveQuery<T> {
  data?: T;
  error?: string;
  loading: boolean;
  reload: () => void;
}

/**
 * Asks the desk `name` with `request`, and again whenever the request changes or the background
 * announces a change to one of `tables` (a change made in another tab, or by sync). Answers that
 * arrive after a newer request are dropped, so a slow early answer never overwrites a fresh one.
 */
export function useLiveQuery<K extends DeskCall>(desk: DeskApi, name: K, request: DeskRequest<K>, tables: readonly DeskTable[]): LiveQuery<DeskResponse<K>> {
  type State = { data?: DeskResponse<K>; error?: string; loading: boolean };
  const [state, setState] = useState<State>(() => {
    const data = desk.preloaded?.(name, request);
    return data === undefined ? { loading: true } : { data, loading: false };
  });
  /** The first view shows a preloaded answer (DeskApi.preloaded): no need to ask again while it holds. */
  const shownPreloaded = useRef(state.data !== undefined);
  const requestRef = useRef(request);
  requestRef.current = request;
  const latest = useRef(0);

  const reload = useCallback(() => {
    const asked = ++latest.current;
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    desk.call(name, requestRef.current).then(
      (data) => asked === latest.current && setState({ data, loading: false }),
      (error) => asked === latest.current && setState((s) => ({ ...s, error: errorText(error), loading: false })),
    );
  }, [desk, name]);

  const key = JSON.stringify(request ?? null);
  useEffect(() => {
    // Checked here, not at render: a change announced in between makes the preloaded answer stale.
    const current = shownPreloaded.current && desk.preloaded?.(name, request) === state.data;
    shownPreloaded.current = false;
    if (!current) reload();
    const unsubscribe = desk.subscribe((change) => change.tables.some((t) => tables.includes(t)) && reload());
    return () => {
      unsubscribe();
      latest.current++; // answers for the previous request are no longer wanted
    };
  }, [desk, reload, key]);

  return { ...state, reload };
}
