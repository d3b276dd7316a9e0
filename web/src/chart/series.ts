import type { LimitName } from '../api/types';
import type { TagPoint } from '../state/tag-history';

/** Points kept per open chart; older ones fall off the left. */
export const SERIES_LIMIT = 2000;

/** Limits drawn on a trend, outermost first; others in `limits` (rates...) are not levels and are not drawn. */
export const LEVEL_LIMITS: readonly { name: LimitName; short: string; trip: boolean }[] = [
  { name: 'highHigh', short: 'HH', trip: true },
  { name: 'high', short: 'H', trip: false },
  { name: 'low', short: 'L', trip: false },
  { name: 'lowLow', short: 'LL', trip: true },
];

/**
 * Merges readings into a series kept in time order, one point per time (a
 * later copy of a time replaces nothing: readings are immutable), at most
 * `limit` points, the newest kept. Returns `series` itself when nothing is added.
 */
export function mergePoints(series: readonly TagPoint[], incoming: readonly TagPoint[], limit = SERIES_LIMIT): TagPoint[] {
  const byTime = new Map<number, TagPoint>();
  for (const p of series) byTime.set(p.t, p);
  let added = false;
  for (const p of incoming) {
    if (!Number.isFinite(p.t) || !Number.isFinite(p.v) || byTime.has(p.t)) continue;
    byTime.set(p.t, p);
    added = true;
  }
  if (!added) return series as TagPoint[];
  return [...byTime.values()].sort((a, b) => a.t - b.t).slice(-limit);
}

/**
 * Splits a series where readings stopped: a gap longer than 3 sample
 * periods (and than 3 times the series' median spacing) breaks the line, so
 * a stale or lost tag does not look like a straight ramp. Requires time order.
 */
export function segments(points: readonly TagPoint[], samplePeriodS: number): TagPoint[][] {
  if (points.length === 0) return [];
  const gaps = points.slice(1).map((p, i) => p.t - points[i]!.t).sort((a, b) => a - b);
  const median = gaps.length ? gaps[Math.floor(gaps.length / 2)]! : 0;
  const maxGap = Math.max(3 * samplePeriodS * 1000, 3 * median);
  const out: TagPoint[][] = [[points[0]!]];
  for (let i = 1; i < points.length; i++) {
    if (points[i]!.t - points[i - 1]!.t > maxGap) out.push([]);
    out[out.length - 1]!.push(points[i]!);
  }
  return out;
}

/**
 * The value axis: the readings and every level limit, padded by 8 %, so
 * the analyst always sees how close the value runs to its limits. A flat
 * series with no limits gets ±1 (or ±10 %) around its value.
 */
export function valueDomain(points: readonly Pick<TagPoint, 'v'>[], limits: Partial<Record<LimitName, number>> | undefined): [number, number] {
  const values = points.map((p) => p.v);
  for (const l of LEVEL_LIMITS) {
    const v = limits?.[l.name];
    if (typeof v === 'number' && Number.isFinite(v)) values.push(v);
  }
  if (values.length === 0) return [0, 1];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi === lo) {
    const pad = Math.abs(lo) > 10 ? Math.abs(lo) * 0.1 : 1;
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  return [lo, hi];
}

/**
 * The time axis: from the first reading to the last, stretched to include
 * alerts after the first reading (an alert on a tag that went quiet is
 * drawn after its last reading). Alerts before the first reading are out of
 * view. A single instant gets a minute around it.
 */
export function timeDomain(points: readonly TagPoint[], alertTimes: readonly number[]): [number, number] | null {
  if (points.length === 0) return null;
  const t0 = points[0]!.t;
  let t1 = points[points.length - 1]!.t;
  for (const t of alertTimes) if (Number.isFinite(t) && t > t1) t1 = t;
  return t1 > t0 ? [t0, t1] : [t0 - 30_000, t0 + 30_000];
}

/** The point nearest to time `t`, by binary search; requires time order. */
export function nearest(points: readonly TagPoint[], t: number): TagPoint | undefined {
  if (points.length === 0) return undefined;
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  const a = points[lo]!;
  const b = points[lo - 1];
  return b && Math.abs(b.t - t) < Math.abs(a.t - t) ? b : a;
}
