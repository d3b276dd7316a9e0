import type { Rows } from './rows.js';

/** What a fitted detector says about a sequence of rows, one entry per row. */
export interface Scored {
  /** Normalised so that 1 is the threshold: alarm[i] === score[i] > 1 after any smoothing. */
  scores: number[];
  alarms: boolean[];
  /** Per row, the column index that contributes most to the score (undefined when none stands out). */
  top?: (number | undefined)[];
}

/** A detector after fitting: scores a chronological sequence of rows (smoothing may carry state across rows). */
export interface FittedDetector {
  readonly name: string;
  score(rows: Rows): Scored;
  /** The thresholds and sizes the fit chose, for reports. */
  describe(): Record<string, number | string>;
}

/**
 * Fits a detector on training rows, and on nothing else: the signature takes
 * no labels and no test rows, so a threshold cannot depend on them.
 */
export type DetectorFactory = (train: Rows) => FittedDetector;
