import { quantile } from 'simple-statistics';
import { DetectError } from './errors.js';

/**
 * An upper control limit from training statistics only: the (1 − alpha)
 * empirical quantile (linear interpolation, numpy's default "type 7", as
 * simple-statistics computes it) times `factor`. No distributional
 * assumption (the F and Jackson–Mudholkar limits assume Gaussian rows,
 * which SKAB's quantised sensors are not). Requires 0 < alpha < 1,
 * factor > 0, at least one statistic.
 */
export function empiricalLimit(stats: readonly number[], alpha: number, factor = 1): number {
  if (!(alpha > 0 && alpha < 1)) throw new DetectError('bad-option', `alpha must be in (0, 1), got ${alpha}`);
  if (!(factor > 0)) throw new DetectError('bad-option', `threshold factor must be > 0, got ${factor}`);
  if (stats.length === 0) throw new DetectError('too-few-rows', 'no training statistics to set a threshold from');
  const limit = quantile([...stats], 1 - alpha) * factor;
  // A limit of 0 (a perfectly fitted training set) would alarm on float noise.
  return Math.max(limit, Number.EPSILON);
}

/**
 * Contiguous folds of 0..n-1 for blocked cross-validation on training rows:
 * time series rows are autocorrelated, so a held-out fold is one block, not
 * a random sample (random folds would leak neighbours into the fit).
 */
export function blockedFolds(n: number, folds: number): { start: number; end: number }[] {
  if (!(Number.isInteger(folds) && folds >= 2 && folds <= n)) throw new DetectError('bad-option', `folds must be an integer in [2, ${n}], got ${folds}`);
  return Array.from({ length: folds }, (_, f) => ({ start: Math.floor((f * n) / folds), end: Math.floor(((f + 1) * n) / folds) }));
}
