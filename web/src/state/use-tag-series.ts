import { useEffect, useMemo, useState } from 'react';
import { getJson } from '../api/client';
import { errorText } from '../api/error-text';
import type { Alert, AlertPage, EventPage } from '../api/types';
import { mergePoints } from '../chart/series';
import { parseAlerts } from './alerts';
import { mergeBySeq } from './drift';
import { readingOf } from './events';
import type { TagLive, TagPoint } from './tag-history';

/** Readings read when a chart opens; the stream adds to them while it stays open. */
export const CHART_HISTORY = 500;
/** Alerts on the tag read when a chart opens. */
export const CHART_ALERTS = 200;

export interface TagSeries {
  points: TagPoint[];
  /** Alerts about the tag, newest first. */
  alerts: Alert[];
  loading: boolean;
  error: string | null;
}

/**
 * A tag's recent readings and its alerts, for the trend chart: the newest
 * CHART_HISTORY readings and CHART_ALERTS alerts from the API when `tagId`
 * changes, then the live points and alerts as the stream delivers them.
 */
export function useTagSeries(tagId: string, live: TagLive, liveAlerts: readonly Alert[]): TagSeries {
  const [fetched, setFetched] = useState<{ tag: string; points: TagPoint[]; alerts: Alert[]; loading: boolean; error: string | null }>({ tag: tagId, points: [], alerts: [], loading: true, error: null });

  useEffect(() => {
    const abort = new AbortController();
    setFetched({ tag: tagId, points: [], alerts: [], loading: true, error: null });
    const id = encodeURIComponent(tagId);
    Promise.all([
      getJson<EventPage>(`/api/events?type=tag.reading&subject=${id}&limit=${CHART_HISTORY}`, abort.signal),
      getJson<AlertPage>(`/api/alerts?tag=${id}&limit=${CHART_ALERTS}`, abort.signal),
    ]).then(
      ([events, alerts]) => {
        const points = events.items.flatMap((e) => {
          const r = readingOf(e);
          const t = r ? Date.parse(r.time) : NaN;
          return r && Number.isFinite(t) ? [{ t, v: r.value, q: r.quality }] : [];
        });
        setFetched((cur) => (cur.tag !== tagId ? cur : { tag: tagId, points: mergePoints(cur.points, points), alerts: parseAlerts(alerts.items), loading: false, error: null }));
      },
      (err: unknown) => {
        if (abort.signal.aborted) return;
        setFetched((cur) => ({ ...cur, loading: false, error: errorText(err) }));
      },
    );
    return () => abort.abort();
  }, [tagId]);

  // Live readings join the series as they arrive; the tag's live history is short, so they are kept here.
  useEffect(() => {
    setFetched((cur) => {
      if (cur.tag !== tagId) return cur;
      const points = mergePoints(cur.points, live.points);
      return points === cur.points ? cur : { ...cur, points };
    });
  }, [tagId, live.points]);

  const alerts = useMemo(() => {
    const mine = liveAlerts.filter((a) => a.tags.includes(tagId));
    return mergeBySeq(fetched.tag === tagId ? fetched.alerts : [], mine, CHART_ALERTS * 2);
  }, [fetched.tag, fetched.alerts, liveAlerts, tagId]);

  const current = fetched.tag === tagId;
  return { points: current ? fetched.points : [], alerts, loading: !current || fetched.loading, error: current ? fetched.error : null };
}
