import type { Rows } from './rows.js';

/** What a fitted detector says about a sequence of rows, one entry per row. */
export interface Scored {
  /** Normalised so that 1 is the threshold: alarm[i] === score[i] > 1 after any smoothing. */
  scores: number[];
  alarms: boolean[];
  /** Per row, the column index that contributes most to the score (undefined when none stands out). */
  top?: (number | undefined)[];
  /**
   * Per row and column, the value the detector expected for that column given
   * the others (its reconstruction or prediction, in the column's own units);
   * NaN where it has no opinion (a column constant in training). Lets an alert
   * show observed vs. expected and impute a lying sensor.
   */
  expected?: number[][];
}

/** One row's verdict from a streaming scorer. */
export interface RowScore {
  score: number;
  alarm: boolean;
  top?: number;
  expected?: number[];
}

/** Scores rows one at a time, in order, carrying whatever state (windows, smoothing) the detector needs. */
export interface RowScorer {
  push(row: readonly number[]): RowScore;
}

/** A fitted detector as JSON: `kind` names the registry entry that can restore it. */
export interface SavedDetector {
  kind: string;
  /** Bumped when the state's layout changes; a restore refuses formats it does not know. */
  format: number;
  /** Columns a row must have. */
  columns: number;
  state: unknown;
}

/** A detector after fitting: scores a chronological sequence of rows (smoothing may carry state across rows). */
export interface FittedDetector {
  readonly name: string;
  /**
   * True when `top` isolates: it names the column that disagrees with a
   * prediction from the other columns (analytical redundancy), rather than the
   * largest residual of a joint projection, which smears over correlated
   * columns (PCA's Q contributions). An ensemble trusts isolating members first
   * to name the lying sensor.
   */
  readonly isolates?: boolean;
  score(rows: Rows): Scored;
  /** A fresh streaming scorer: push(row) gives the same verdicts as score() over the same sequence. */
  scorer(): RowScorer;
  /** The thresholds and sizes the fit chose, for reports. */
  describe(): Record<string, number | string>;
  /** Everything needed to score again, JSON-safe (see `restoreDetector`). */
  save(): SavedDetector;
}

/**
 * Fits a detector on training rows, and on nothing else: the signature takes
 * no labels and no test rows, so a threshold cannot depend on them. May be
 * asynchronous (a neural network trains in steps).
 */
export type DetectorFactory = (train: Rows) => FittedDetector | Promise<FittedDetector>;

/** A factory that fits in one step (the statistical detectors). */
export type SyncDetectorFactory = (train: Rows) => FittedDetector;

/** Batch scoring through a detector's own streaming scorer, so the two can never disagree. */
export function scoreWith(d: Pick<FittedDetector, 'scorer'>, rows: Rows): Scored {
  const s = d.scorer();
  const out: Scored = { scores: [], alarms: [], top: [], expected: [] };
  let anyExpected = false;
  for (const r of rows) {
    const v = s.push(r);
    out.scores.push(v.score);
    out.alarms.push(v.alarm);
    out.top!.push(v.top);
    out.expected!.push(v.expected ?? []);
    if (v.expected) anyExpected = true;
  }
  if (!anyExpected) delete out.expected;
  return out;
}

/** A causal rolling median over the last k raw scores (k = 1: the score itself), as a stateful function. */
export function medianWindow(k: number): (raw: number) => number {
  const w: number[] = [];
  return (raw) => {
    if (k <= 1) return raw;
    w.push(raw);
    if (w.length > k) w.shift();
    const s = [...w].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
}
