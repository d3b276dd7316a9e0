import { useCallback, useEffect, useState } from 'react';

export interface Polled<T> {
  data: T | null;
  /** The last fetch's error message, null once a fetch succeeds. */
  error: string | null;
  /** When data last arrived (ms since the epoch). */
  at: number;
  /** Fetch now (e.g. after an action that changed the data). */
  reload: () => Promise<void>;
}

/** Fetches at mount and then every `everyMs` while mounted. `fetcher` must be stable (module-level or memoized). */
export function usePolling<T>(fetcher: () => Promise<T>, everyMs: number): Polled<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [at, setAt] = useState(() => Date.now());
  const reload = useCallback(async () => {
    try {
      setData(await fetcher());
      setAt(Date.now());
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [fetcher]);
  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), everyMs);
    return () => clearInterval(timer);
  }, [reload, everyMs]);
  return { data, error, at, reload };
}
