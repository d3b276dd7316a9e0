import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { DetectError } from './errors.js';
import type { Rows } from './rows.js';
import { fitStandardizer, standardizeRow, type Standardizer } from './standardize.js';

/**
 * A principal subspace of standardised training rows (MacGregor & Kourti,
 * "Statistical process control of multivariate processes", 1995):
 * eigen-decomposition of the training correlation matrix, the first k
 * components kept.
 */
export interface PcaModel {
  standardizer: Standardizer;
  /** Eigenvalues of the kept components, descending. */
  lambdas: number[];
  /** loadings[c][j]: component c on kept column j (unit vectors). */
  loadings: number[][];
  /** Share of the variance the kept components explain. */
  explained: number;
}

export interface PcaStatistics {
  /** Hotelling T² = Σ_c t_c² / λ_c over the kept components. */
  t2: number;
  /** Q (SPE) = ||z − P Pᵀ z||², z the standardised row. */
  q: number;
  /** Squared residual per original column (0 for columns left out): their sum is q. */
  contributions: number[];
  /** The row projected on the principal subspace, in original units (NaN for columns left out). */
  expected: number[];
}

/** Eigenvalues below this share of the total are numerically zero: never divided by. */
const LAMBDA_FLOOR = 1e-10;

/**
 * Fits on training rows: standardise, eigen-decompose the covariance of the
 * z-scores, keep the fewest components whose cumulative explained variance
 * reaches `varianceKept`, but at least 1 and at most (columns − 1) so that
 * Q always has a residual space. Requires >= 3 rows and >= 2 usable
 * (non-constant) columns; throws DetectError otherwise. `components`, when
 * given, fixes k instead (same bounds), e.g. to refit on a subset of rows
 * with the same degrees of freedom.
 */
export function fitPcaModel(rows: Rows, varianceKept: number, components?: number): PcaModel {
  if (!(varianceKept > 0 && varianceKept <= 1)) throw new DetectError('bad-option', `varianceKept must be in (0, 1], got ${varianceKept}`);
  if (rows.length < 3) throw new DetectError('too-few-rows', `PCA needs at least 3 training rows, got ${rows.length}`);
  const standardizer = fitStandardizer(rows);
  const p = standardizer.kept.length;
  if (p < 2) throw new DetectError('bad-input', `PCA needs at least 2 columns that vary in training, got ${p}`);
  const z = new Matrix(rows.map((r) => standardizeRow(standardizer, r)));
  const cov = z.transpose().mmul(z).div(rows.length - 1);
  const evd = new EigenvalueDecomposition(cov, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const order = values.map((_, i) => i).sort((a, b) => values[b]! - values[a]!);
  const total = values.reduce((s, v) => s + Math.max(v, 0), 0);
  const vectors = evd.eigenvectorMatrix;
  let k = 0;
  let cum = 0;
  const enough = () => (components === undefined ? cum / total >= varianceKept : k >= components);
  while (k < p - 1 && (k === 0 || !enough())) {
    const v = values[order[k]!]!;
    if (v <= LAMBDA_FLOOR * total) break;
    cum += v;
    k++;
  }
  if (k === 0) throw new DetectError('bad-input', 'training rows have no variance to model');
  const kept = order.slice(0, k);
  return {
    standardizer,
    lambdas: kept.map((c) => values[c]!),
    loadings: kept.map((c) => vectors.getColumn(c)),
    explained: cum / total,
  };
}

/** T², Q and Q contributions of one raw row (same columns as training). */
export function pcaStatistics(m: PcaModel, row: readonly number[]): PcaStatistics {
  const z = standardizeRow(m.standardizer, row);
  const residual = [...z];
  let t2 = 0;
  m.loadings.forEach((w, c) => {
    let t = 0;
    for (let j = 0; j < z.length; j++) t += w[j]! * z[j]!;
    t2 += (t * t) / m.lambdas[c]!;
    for (let j = 0; j < z.length; j++) residual[j]! -= t * w[j]!;
  });
  const contributions = new Array<number>(row.length).fill(0);
  const expected = new Array<number>(row.length).fill(Number.NaN);
  let q = 0;
  m.standardizer.kept.forEach((col, j) => {
    const r2 = residual[j]! ** 2;
    contributions[col] = r2;
    expected[col] = m.standardizer.mean[col]! + m.standardizer.std[col]! * (z[j]! - residual[j]!);
    q += r2;
  });
  return { t2, q, contributions, expected };
}
