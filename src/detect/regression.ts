import { Matrix, solve } from 'ml-matrix';
import type { DetectorFactory, Scored } from './detector.js';
import { DetectError } from './errors.js';
import { checkRows, type Rows } from './rows.js';
import { rollingMedian } from './smoothing.js';
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

interface RegressionModel {
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

function statistic(m: RegressionModel, row: readonly number[]): { s: number; contributions: number[] } {
  const z = standardizeRow(m.standardizer, row);
  const contributions = new Array<number>(row.length).fill(0);
  let s = 0;
  m.coef.forEach((c, j) => {
    const e = ((z[j]! - dot(c, z)) / m.sigma[j]!) ** 2;
    contributions[m.standardizer.kept[j]!] = e;
    s += e;
  });
  return { s, contributions };
}

/** The regression-residual detector as a factory: limit from blocked-CV training statistics only. */
export function regressionDetector(options: RegressionOptions = {}): DetectorFactory {
  const o = { ridge: 1e-3, alpha: 0.01, folds: 5, smoothing: 1, ...options };
  return (train) => {
    checkRows(train, 'training rows', { min: 10 });
    const model = fitModel(train, o.ridge);
    const held: number[] = [];
    for (const { start, end } of blockedFolds(train.length, o.folds)) {
      const sub = fitModel([...train.slice(0, start), ...train.slice(end)], o.ridge);
      for (const r of train.slice(start, end)) held.push(statistic(sub, r).s);
    }
    const limit = empiricalLimit(held, o.alpha);
    return {
      name: 'regression-residual',
      score(rows): Scored {
        checkRows(rows, 'rows to score', { width: model.standardizer.mean.length });
        const stats = rows.map((r) => statistic(model, r));
        const scores = rollingMedian(stats.map((x) => x.s / limit), o.smoothing);
        const top = stats.map((x) => x.contributions.indexOf(Math.max(...x.contributions)));
        return { scores, alarms: scores.map((s) => s > 1), top };
      },
      describe: () => ({ limit, columns: model.standardizer.kept.length }),
    };
  };
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
