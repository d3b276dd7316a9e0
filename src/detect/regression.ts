import { Matrix, solve } from 'ml-matrix';
import { medianWindow, scoreWith, type SyncDetectorFactory, type FittedDetector, type RowScorer } from './detector.js';
import { DetectError } from './errors.js';
import { checkRows, type Rows } from './rows.js';
import { fitStandardizer, standardizeRow, type Standardizer } from './standardize.js';
import { blockedFolds, empiricalLimit } from './thresholds.js';

/**
 * Sensor-from-sensors regression (the idea behind MSET and analytical
 * redundancy): each standardised column is predicted from all the others by
 * ridge least squares fitted on training rows; a spoofed or faulty sensor
 * breaks its relation with the rest. Statistic of a row = Σ_j (r_j / σ_j)²,
 * r_j the residual of column j and σ_j its training RMS residual.
 */
export interface RegressionOptions {
  /** Ridge penalty per training row, fixed a priori as a numerical guard against collinear sensors. Default 1e-3. */
  ridge?: number;
  /** Default 0.01: 99th percentile of blocked-CV training statistics. */
  alpha?: number;
  folds?: number;
  /** Rolling-median window over scores, in rows. Default 1. */
  smoothing?: number;
}

export interface RegressionModel {
  standardizer: Standardizer;
  /** coef[j][i]: weight of kept column i in the prediction of kept column j (coef[j][j] = 0). */
  coef: number[][];
  sigma: number[];
}

function fitModel(rows: Rows, ridge: number): RegressionModel {
  const standardizer = fitStandardizer(rows);
  const p = standardizer.kept.length;
  if (p < 2) throw new DetectError('bad-input', `regression needs at least 2 columns that vary in training, got ${p}`);
  const z = rows.map((r) => standardizeRow(standardizer, r));
  const coef: number[][] = [];
  const sigma: number[] = [];
  for (let j = 0; j < p; j++) {
    const others = [...Array(p).keys()].filter((i) => i !== j);
    const x = new Matrix(z.map((r) => others.map((i) => r[i]!)));
    const y = Matrix.columnVector(z.map((r) => r[j]!));
    const xtx = x.transpose().mmul(x).add(Matrix.eye(p - 1).mul(ridge * rows.length));
    const beta = solve(xtx, x.transpose().mmul(y)).getColumn(0);
    const full = new Array<number>(p).fill(0);
    others.forEach((i, k) => (full[i] = beta[k]!));
    coef.push(full);
    const rss = z.reduce((s, r) => s + (r[j]! - dot(full, r)) ** 2, 0);
    sigma.push(Math.max(Math.sqrt(rss / rows.length), 1e-6));
  }
  return { standardizer, coef, sigma };
}

function statistic(m: RegressionModel, row: readonly number[]): { s: number; contributions: number[]; expected: number[] } {
  const z = standardizeRow(m.standardizer, row);
  const contributions = new Array<number>(row.length).fill(0);
  const expected = new Array<number>(row.length).fill(Number.NaN);
  let s = 0;
  m.coef.forEach((c, j) => {
    const col = m.standardizer.kept[j]!;
    const predicted = dot(c, z);
    const e = ((z[j]! - predicted) / m.sigma[j]!) ** 2;
    contributions[col] = e;
    expected[col] = m.standardizer.mean[col]! + m.standardizer.std[col]! * predicted;
    s += e;
  });
  return { s, contributions, expected };
}

export const REGRESSION_FORMAT = 1;

export interface RegressionFit {
  model: RegressionModel;
  limit: number;
  smoothing: number;
}

/** A fitted regression detector from its fit (freshly computed or restored from `save()`). */
export function regressionFitted(fit: RegressionFit): FittedDetector {
  const width = fit.model.standardizer.mean.length;
  const scorer = (): RowScorer => {
    const smooth = medianWindow(fit.smoothing);
    return {
      push(row) {
        checkRows([row], 'row to score', { width });
        const x = statistic(fit.model, row);
        const score = smooth(x.s / fit.limit);
        return { score, alarm: score > 1, top: x.contributions.indexOf(Math.max(...x.contributions)), expected: x.expected };
      },
    };
  };
  const d: FittedDetector = {
    name: 'regression-residual',
    isolates: true,
    scorer,
    score: (rows) => scoreWith(d, rows),
    describe: () => ({ limit: fit.limit, columns: fit.model.standardizer.kept.length }),
    save: () => ({ kind: 'regression', format: REGRESSION_FORMAT, columns: width, state: fit }),
  };
  return d;
}

/** The regression-residual detector as a factory: limit from blocked-CV training statistics only. */
export function regressionDetector(options: RegressionOptions = {}): SyncDetectorFactory {
  const o = { ridge: 1e-3, alpha: 0.01, folds: 5, smoothing: 1, ...options };
  return (train) => {
    checkRows(train, 'training rows', { min: 10 });
    const model = fitModel(train, o.ridge);
    const held: number[] = [];
    for (const { start, end } of blockedFolds(train.length, o.folds)) {
      const sub = fitModel([...train.slice(0, start), ...train.slice(end)], o.ridge);
      for (const r of train.slice(start, end)) held.push(statistic(sub, r).s);
    }
    return regressionFitted({ model, limit: empiricalLimit(held, o.alpha), smoothing: o.smoothing });
  };
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
