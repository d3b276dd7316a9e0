import type { Tag } from '../model/index.js';
import { DEADBAND } from '../process/control/limit-alarms.js';
import { TIE, type Commanded, type LimitCrossing, type Run } from './impact-types.js';

/** Comparing takeover runs: which is more harmful, what an interlock changed, which manipulations are the same. */

/** Negative when run a is more harmful than b: a trip limit sooner (beyond TIE), then a larger trip excess, then less of a trip margin left. */
export function harm(a: Run, b: Run): number {
  const ta = firstTrip(a.crossings)?.at ?? Infinity;
  const tb = firstTrip(b.crossings)?.at ?? Infinity;
  if (ta !== tb && !(Math.abs(ta - tb) <= TIE)) return ta < tb ? -1 : 1;
  const ea = tripExcess(a);
  const eb = tripExcess(b);
  if (ea !== eb) return ea > eb ? -1 : 1;
  return a.margin === b.margin ? 0 : a.margin < b.margin ? -1 : 1;
}

function tripExcess(r: Run): number {
  return Math.max(0, ...r.crossings.filter((c) => c.severity === 'trip').map((c) => c.excess));
}

/** The earliest trip crossing; at the same instant, the larger excess. */
export function firstTrip(crossings: LimitCrossing[]): LimitCrossing | undefined {
  let best: LimitCrossing | undefined;
  for (const c of crossings) if (c.severity === 'trip' && (!best || c.at < best.at || (c.at === best.at && c.excess > best.excess))) best = c;
  return best;
}

/** Trip crossings of `without` that `run` does not have, has later (beyond TIE), or with a smaller excess (beyond the alarm deadband). */
export function worseWithout(run: Run, without: Run): LimitCrossing[] {
  return without.crossings.filter((w) => {
    if (w.severity !== 'trip') return false;
    const c = run.crossings.find((x) => key(x) === key(w));
    return !c || w.at < c.at - TIE || w.excess > c.excess + DEADBAND;
  });
}

export function key(c: LimitCrossing): string {
  return `${c.tag}\u0000${c.limit}`;
}

export function sameWrites(a: Map<string, number>, b: Map<string, number>, held: Map<string, number>, commanded: Commanded[]): boolean {
  return commanded.every((c) => {
    const f = (m: Map<string, number>) => m.get(c.tag.id) ?? (c.via === 'output' ? held.get(c.tag.id) : undefined);
    return f(a) === f(b);
  });
}

export function clamp(v: number, tag: Tag): number {
  return Math.min(tag.range.max, Math.max(tag.range.min, v));
}

export function optional<K extends string, V>(k: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [k]: v }) as { [P in K]?: V };
}
