/** Linear scales and tick choices for the console's SVG charts. */

export interface Scale {
  (v: number): number;
  domain: [number, number];
}

/** Maps [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle of the range. */
export function linear(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0;
  const f = ((v: number) => (span === 0 ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0))) as Scale;
  f.domain = [d0, d1];
  return f;
}

/**
 * About `count` round values (1, 2 or 5 × 10^k apart) covering [min, max],
 * from the first multiple of the step at or above min. Requires finite
 * min <= max; a zero-width interval gives the one value.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  if (max === min) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const TIME_STEPS = [1, 2, 5, 10, 15, 30].map((s) => s * SECOND).concat([1, 2, 5, 10, 15, 30].map((m) => m * MINUTE), [1, 2, 3, 6, 12, 24].map((h) => h * HOUR));

/**
 * Times (ms) on round boundaries of the browser's clock — every 5 s, 1 min,
 * 1 h... — about `count` of them within [t0, t1]. Steps under a day align
 * to the local time zone's offset, so ticks read 10:15:00, not 10:14:23.
 */
export function timeTicks(t0: number, t1: number, count = 6): { ticks: number[]; step: number } {
  if (!Number.isFinite(t0) || !Number.isFinite(t1) || t1 <= t0) return { ticks: Number.isFinite(t0) ? [t0] : [], step: SECOND };
  const raw = (t1 - t0) / Math.max(1, count);
  const step = TIME_STEPS.find((s) => s >= raw) ?? Math.ceil(raw / (24 * HOUR)) * 24 * HOUR;
  const offset = new Date(t0).getTimezoneOffset() * MINUTE;
  const ticks: number[] = [];
  for (let t = Math.ceil((t0 - offset) / step) * step + offset; t <= t1; t += step) ticks.push(t);
  return { ticks, step };
}

/** "10:15", or "10:15:30" when the ticks are less than a minute apart. */
export function timeLabel(t: number, step: number): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return step < MINUTE ? `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}` : `${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A value label with no more digits than the tick step needs. */
export function valueLabel(v: number, ticks: readonly number[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : Math.abs(v) || 1;
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step))));
  return v.toFixed(decimals);
}
