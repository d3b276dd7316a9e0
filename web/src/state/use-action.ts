import { useCallback, useState } from 'react';
import { errorText } from '../api/error-text';

export interface Action {
  /** True while a task started by `run` is under way. */
  busy: boolean;
  /** The last task's error message (or one set with `setError`), null once a task is started. */
  error: string | null;
  /**
   * Runs `task`: busy while it runs, the error cleared before it starts and
   * set to its message if it throws. Resolves to the task's value, or
   * undefined when it threw. Stable across renders.
   */
  run: <T>(task: () => Promise<T>) => Promise<T | undefined>;
  /** Shows a problem found before running anything (a form that cannot be sent), or clears it. */
  setError: (message: string | null) => void;
}

/** The busy flag and error of a user action (a form submitted, a button pressed) that asks the node for something. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async <T>(task: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await task();
    } catch (err) {
      setError(errorText(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, setError };
}
