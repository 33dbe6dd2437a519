import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { DeskTable } from '../lib/desk/types';
import { errorText, type DeskApi } from './desk-api';

export interface LiveQuery<T> {
  data?: T;
  error?: string;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads with `load`, and again whenever the background announces a change to one of `tables`
 * (a change made in another tab, or by sync). Answers that arrive after a newer request are dropped,
 * so a slow early answer never overwrites a fresh one.
 */
export function useLiveQuery<T>(desk: DeskApi, load: () => Promise<T>, deps: readonly unknown[], tables: readonly DeskTable[]): LiveQuery<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const loadRef = useRef(load);
  loadRef.current = load;
  const latest = useRef(0);

  const reload = useCallback(() => {
    const request = ++latest.current;
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    loadRef.current().then(
      (data) => request === latest.current && setState({ data, loading: false }),
      (error) => request === latest.current && setState((s) => ({ ...s, error: errorText(error), loading: false })),
    );
  }, []);

  useEffect(() => {
    reload();
    const unsubscribe = desk.subscribe((change) => change.tables.some((t) => tables.includes(t)) && reload());
    return () => {
      unsubscribe();
      latest.current++; // answers for the previous inputs are no longer wanted
    };
  }, [desk, reload, ...deps]); // `deps` say when the query itself changes

  return { ...state, reload };
}
