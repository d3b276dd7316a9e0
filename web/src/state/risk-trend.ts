import type { PostureSnapshot, RiskChange } from '../api/types';

export interface PosturePoint {
  /** ms since the epoch. */
  t: number;
  posture: number;
  expectedLoss: number;
  reason: RiskChange;
  detail: string;
}

export interface PostureSeries {
  domain: string;
  points: PosturePoint[];
}

/**
 * One series per owner from the posture history, points in time order. A
 * domain missing from a snapshot (added to the model later) starts at its
 * first snapshot; snapshots with an unreadable time are skipped.
 */
export function postureSeries(history: readonly PostureSnapshot[]): PostureSeries[] {
  const byDomain = new Map<string, PosturePoint[]>();
  const snapshots = history.map((s) => ({ s, t: Date.parse(s.time) })).filter((x) => Number.isFinite(x.t)).sort((a, b) => a.t - b.t);
  for (const { s, t } of snapshots) {
    for (const d of s.domains) {
      const list = byDomain.get(d.domain) ?? [];
      list.push({ t, posture: d.posture, expectedLoss: d.expectedLoss, reason: s.reason, detail: s.detail });
      byDomain.set(d.domain, list);
    }
  }
  return [...byDomain].map(([domain, points]) => ({ domain, points })).sort((a, b) => a.domain.localeCompare(b.domain));
}

/**
 * An SVG path of a posture that holds between changes: steps, not slopes
 * (the posture moves only when the model or the network does), extended to
 * `until` when it is later than the last point.
 */
export function stepPath(points: readonly { t: number; posture: number }[], x: (t: number) => number, y: (v: number) => number, until?: number): string {
  let d = '';
  points.forEach((p, i) => {
    d += i === 0 ? `M${x(p.t).toFixed(1)},${y(p.posture).toFixed(1)}` : `H${x(p.t).toFixed(1)}V${y(p.posture).toFixed(1)}`;
  });
  const last = points[points.length - 1];
  if (last && until !== undefined && until > last.t) d += `H${x(until).toFixed(1)}`;
  return d;
}

/** Posture bands: good at 80 and above, watch from 50, poor below. */
export function postureBand(posture: number): 'good' | 'watch' | 'poor' {
  return posture >= 80 ? 'good' : posture >= 50 ? 'watch' : 'poor';
}
