import { useEffect, useReducer, useState } from 'react';
import { loadSnapshot, type Snapshot } from '../api/client';
import { EventStream, type StreamStatus } from '../api/stream';
import { emptyLive, liveReducer, type LiveState } from './live';

export interface ConsoleState {
  snapshot: Snapshot | null;
  live: LiveState;
  stream: StreamStatus;
  /** Why the first load failed, while it is being retried. */
  error: string | null;
}

const RETRY_MS = [1_000, 2_000, 4_000, 8_000, 10_000];

/**
 * Loads the snapshot (retrying until the node answers), then follows the
 * event stream from the newest event in it. Unmounting stops both.
 */
export function useConsole(): ConsoleState {
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stream, setStream] = useState<StreamStatus>('reconnecting');
  const [live, dispatch] = useReducer(liveReducer, emptyLive);

  useEffect(() => {
    const abort = new AbortController();
    let events: EventStream | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    const load = () => {
      loadSnapshot(abort.signal).then(
        (snap) => {
          if (abort.signal.aborted) return;
          setError(null);
          setSnapshot(snap);
          dispatch({ kind: 'snapshot', snapshot: snap });
          const after = snap.events.reduce((max, e) => Math.max(max, e.seq), 0);
          events = new EventStream({ after, onEvents: (batch) => dispatch({ kind: 'events', events: batch }), onStatus: setStream });
        },
        (err: unknown) => {
          if (abort.signal.aborted) return;
          setError(err instanceof Error ? err.message : String(err));
          retry = setTimeout(load, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
        },
      );
    };
    load();
    return () => {
      abort.abort();
      clearTimeout(retry);
      events?.close();
    };
  }, []);

  return { snapshot, live, stream, error };
}
