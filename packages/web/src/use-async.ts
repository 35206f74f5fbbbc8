// Loads data for a component; a newer request supersedes an older one so a slow answer never overwrites a fresh one.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  /** Runs the loader again (after a publish, say). */
  readonly reload: () => void;
}

/** Runs `load` whenever `deps` change; `load` returning undefined means "nothing to load yet". */
export function useAsync<T>(load: () => Promise<T> | undefined, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: Error | undefined; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    const p = load();
    if (p === undefined) {
      setState({ data: undefined, error: undefined, loading: false });
      return;
    }
    setState((s) => ({ ...s, loading: true }));
    p.then(
      (data) => {
        if (seq.current === mine) setState({ data, error: undefined, loading: false });
      },
      (e: unknown) => {
        if (seq.current === mine)
          setState({ data: undefined, error: e instanceof Error ? e : new Error(String(e)), loading: false });
      },
    );
    // Callers pass the inputs of `load` as deps (`load` itself is a fresh closure on every render).
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}
