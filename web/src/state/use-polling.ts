import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../api/error-text';

export interface Polled<T> {
  data: T | null;
  /** The last fetch's error message, null once a fetch succeeds. */
  error: string | null;
  /** When data last arrived (ms since the epoch). */
  at: number;
  /** Fetch now (e.g. after an action that changed the data). */
  reload: () => Promise<void>;
}

/**
 * Fetches at mount and then every `everyMs` while mounted and `enabled`;
 * while not enabled it keeps the last data and fetches nothing, and fetches
 * again at once when enabled again. `fetcher` must be stable (module-level
 * or memoized).
 */
export function usePolling<T>(fetcher: () => Promise<T>, everyMs: number, enabled = true): Polled<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [at, setAt] = useState(() => Date.now());
  const reload = useCallback(async () => {
    try {
      setData(await fetcher());
      setAt(Date.now());
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, [fetcher]);
  useEffect(() => {
    if (!enabled) return;
    void reload();
    const timer = setInterval(() => void reload(), everyMs);
    return () => clearInterval(timer);
  }, [reload, everyMs, enabled]);
  return { data, error, at, reload };
}
