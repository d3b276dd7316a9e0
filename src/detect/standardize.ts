import type { Rows } from './rows.js';

/**
 * Per-column centring and scaling learned from training rows only.
 * `kept` lists the columns with usable variance: a column whose training
 * standard deviation is below `RELATIVE_EPS * max(1, |mean|)` is constant
 * for the model (a quantised flow stuck at 32.0 during training) and is
 * left out of it, like SKAB's reference T2 drops constant columns
 * (waico/SKAB core/t2.py); dividing by a ~0 std would turn float noise into
 * huge z-scores.
 */
export interface Standardizer {
  mean: number[];
  /** Sample standard deviation (n - 1). */
  std: number[];
  kept: number[];
}

export const RELATIVE_EPS = 1e-9;

/** Requires rows.length >= 2. */
export function fitStandardizer(rows: Rows): Standardizer {
  const n = rows.length;
  const p = rows[0]!.length;
  const mean = new Array<number>(p).fill(0);
  const sq = new Array<number>(p).fill(0);
  for (const r of rows) for (let j = 0; j < p; j++) mean[j]! += r[j]! / n;
  for (const r of rows) for (let j = 0; j < p; j++) sq[j]! += (r[j]! - mean[j]!) ** 2;
  const std = sq.map((s) => Math.sqrt(s / (n - 1)));
  const kept = std.flatMap((s, j) => (s > RELATIVE_EPS * Math.max(1, Math.abs(mean[j]!)) ? [j] : []));
  return { mean, std, kept };
}

/** The kept columns of one row as z-scores. */
export function standardizeRow(s: Standardizer, row: readonly number[]): number[] {
  return s.kept.map((j) => (row[j]! - s.mean[j]!) / s.std[j]!);
}
