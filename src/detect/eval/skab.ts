import type { DetectorFactory } from '../detector.js';
import { DetectError } from '../errors.js';
import type { Rows } from '../rows.js';
import { countConfusion, sumConfusion, type Confusion } from './confusion.js';
import { scoreEvents, type LabelledEvent } from './events.js';
import { SKAB_LEADERBOARD } from './leaderboard.js';
import { skabScores, type SkabScores } from './metrics.js';

/** SKAB's published protocol: the first 400 rows of each labelled file train, the rest test (../shared/data/README.md). */
export const SKAB_TRAIN_ROWS = 400;

/** One labelled file, already split chronologically. Test labels are used to score only, after every fit. */
export interface SplitFile {
  name: string;
  train: Rows;
  test: Rows;
  testLabels: readonly (0 | 1)[];
  /** Epoch ms per test row, for event delays in seconds. */
  testTimes?: readonly number[];
}

export interface FileResult {
  name: string;
  counts: Confusion;
  scores: SkabScores;
  events: LabelledEvent[];
  fit: Record<string, number | string>;
}

export interface SkabEvaluation {
  detector: string;
  pooled: SkabScores;
  counts: Confusion;
  files: FileResult[];
  events: { total: number; detected: number };
}

/** Splits a labelled file at `trainRows` (default 400). Requires more rows than that. */
export function splitChronologically(
  name: string,
  rows: Rows,
  labels: readonly (0 | 1)[],
  times?: readonly number[],
  trainRows = SKAB_TRAIN_ROWS,
): SplitFile {
  if (rows.length !== labels.length) throw new DetectError('bad-input', `${name}: ${rows.length} rows but ${labels.length} labels`);
  if (rows.length <= trainRows) throw new DetectError('too-few-rows', `${name}: ${rows.length} rows, more than ${trainRows} needed`);
  return {
    name,
    train: rows.slice(0, trainRows),
    test: rows.slice(trainRows),
    testLabels: labels.slice(trainRows),
    testTimes: times?.slice(trainRows),
  };
}

/**
 * Runs the protocol: per file, `factory` sees the training rows only, then
 * the fitted detector scores the test rows; labels are compared afterwards.
 * Counts are summed over files and scored once (SKAB pools, no point-adjust).
 */
export async function evaluateSkab(files: readonly SplitFile[], factory: DetectorFactory, onFile?: (done: number) => void): Promise<SkabEvaluation> {
  let detector = '';
  const results: FileResult[] = [];
  for (const [i, f] of files.entries()) {
    const fitted = await factory(f.train);
    detector = fitted.name;
    const { alarms } = fitted.score(f.test);
    const counts = countConfusion(f.testLabels, alarms);
    const r: FileResult = { name: f.name, counts, scores: skabScores(counts), events: scoreEvents(f.testLabels, alarms, f.testTimes), fit: fitted.describe() };
    results.push(r);
    onFile?.(i + 1);
  }
  const counts = sumConfusion(results.map((r) => r.counts));
  const events = results.flatMap((r) => r.events);
  return {
    detector,
    pooled: skabScores(counts),
    counts,
    files: results,
    events: { total: events.length, detected: events.filter((e) => e.detected).length },
  };
}

/** The published leaderboard with `ours` inserted, sorted by F1 descending (ties: lower FAR first). */
export function rankAgainstLeaderboard(name: string, ours: SkabScores): ({ algorithm: string; ours: boolean } & SkabScores)[] {
  return [...SKAB_LEADERBOARD.map((r) => ({ ...r, ours: false })), { algorithm: name, ...ours, ours: true }].sort(
    (a, b) => b.f1 - a.f1 || a.far - b.far,
  );
}
