import type { Confusion } from './confusion.js';

/** SKAB's outlier scores; FAR and MAR in percent. */
export interface SkabScores {
  f1: number;
  far: number;
  mar: number;
}

/**
 * The formulas of the SKAB outlier leaderboard, exactly as
 * ../shared/data/README.md states them:
 *   F1  = TP / (TP + (FP + FN) / 2)
 *   FAR = FP / (FP + TN) * 100
 *   MAR = FN / (FN + TP) * 100
 * A ratio with a zero denominator is NaN (undefined), never a silent 0 or 1.
 */
export function skabScores(c: Confusion): SkabScores {
  return {
    f1: ratio(c.tp, c.tp + (c.fp + c.fn) / 2),
    far: ratio(c.fp, c.fp + c.tn) * 100,
    mar: ratio(c.fn, c.fn + c.tp) * 100,
  };
}

function ratio(num: number, den: number): number {
  return den === 0 ? Number.NaN : num / den;
}
