import { useEffect, useReducer, useState } from 'react';
import { getJson, loadSnapshot, type Snapshot } from '../api/client';
import { errorText } from '../api/error-text';
import { EventStream, type StreamStatus } from '../api/stream';
import type { NodeInfo } from '../api/types';
import { parseConnectors } from './connectors';
import { emptyLive, liveReducer, type LiveState } from './live';

export interface ConsoleState {
  snapshot: Snapshot | null;
  live: LiveState;
  stream: StreamStatus;
  /** Why the last load failed, while it is being retried. */
  error: string | null;
}

const RETRY_MS = [1_000, 2_000, 4_000, 8_000, 10_000];
/** Connector counters are not events, so they are the one thing polled. */
export const CONNECTOR_POLL_MS = 5_000;

/**
 * Loads the snapshot (retrying until the node answers), then follows the
 * event stream from the newest event in it. After each reconnect it asks the
 * node whether it is still the same twin: if the model changed, or the log is
 * shorter than what was already seen (a node restarted on a fresh data
 * directory), resuming by seq would be wrong, so everything is loaded again.
 * Connectors are polled every CONNECTOR_POLL_MS besides. Unmounting stops all of it.
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
          attempt = 0;
          setError(null);
          setSnapshot(snap);
          dispatch({ kind: 'snapshot', snapshot: snap });
          const after = snap.events.reduce((max, e) => Math.max(max, e.seq), 0);
          const current: EventStream = new EventStream({
            after,
            onEvents: (batch) => dispatch({ kind: 'events', events: batch }),
            onStatus: setStream,
            onReconnect: () => void checkSameTwin(snap, current),
          });
          events = current;
        },
        (err: unknown) => {
          if (abort.signal.aborted) return;
          setError(errorText(err));
          retry = setTimeout(load, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
        },
      );
    };

    const checkSameTwin = async (snap: Snapshot, current: EventStream) => {
      const node = await getJson<NodeInfo>('/api/node', abort.signal).catch(() => null);
      if (!node || abort.signal.aborted || events !== current) return;
      if (node.model.hash !== snap.node.model.hash || node.store.committed < current.lastDelivered) {
        current.close();
        events = null;
        setStream('reconnecting');
        load();
      }
    };

    load();
    return () => {
      abort.abort();
      clearTimeout(retry);
      events?.close();
    };
  }, []);

  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      getJson<unknown>('/api/connectors', abort.signal)
        .then((body) => dispatch({ kind: 'connectors', items: parseConnectors(body) }))
        // A failed poll keeps the last known states; the header's stream status already says the node is away.
        .catch(() => undefined)
        .finally(() => {
          if (!abort.signal.aborted) timer = setTimeout(poll, CONNECTOR_POLL_MS);
        });
    };
    poll();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, []);

  return { snapshot, live, stream, error };
}
