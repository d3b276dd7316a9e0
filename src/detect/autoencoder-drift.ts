import { Matrix, solve } from 'ml-matrix';
import type { Rows } from './rows.js';
import { standardizeRow, type Standardizer } from './standardize.js';

/**
 * Per kept column: |least-squares slope| over the rows of the part of the
 * column the other columns do not explain linearly (its ridge-regression
 * residual on them, z units), in training standard deviations per row.
 * Drift the sensors share (a common load change) is the model's business,
 * not the tracker's; drift no other sensor explains (a thermocouple
 * heating) is what the tracker follows. A sensor tied to the others thus
 * gets a slow tracker, so a lie about it cannot be absorbed quickly.
 * Requires >= 2 rows and >= 2 kept columns.
 */
export function driftSpeeds(rows: Rows, standardizer: Standardizer, mode: 'residual' | 'sensor' = 'residual'): number[] {
  const z = rows.map((r) => standardizeRow(standardizer, r));
  const n = z.length;
  const p = standardizer.kept.length;
  const mx = (n - 1) / 2;
  let sxx = 0;
  for (let i = 0; i < n; i++) sxx += (i - mx) ** 2;
  const slope = (ys: readonly number[]) => Math.abs(ys.reduce((s, y, i) => s + (i - mx) * y, 0) / sxx);
  return Array.from({ length: p }, (_, j) => {
    if (mode === 'sensor') return slope(z.map((r) => r[j]!));
    const others = [...Array(p).keys()].filter((k) => k !== j);
    const x = new Matrix(z.map((r) => others.map((k) => r[k]!)));
    const y = Matrix.columnVector(z.map((r) => r[j]!));
    const beta = solve(x.transpose().mmul(x).add(Matrix.eye(p - 1).mul(RIDGE * n)), x.transpose().mmul(y)).getColumn(0);
    return slope(z.map((r) => r[j]! - others.reduce((s, k, b) => s + beta[b]! * r[k]!, 0)));
  });
}

/** Ridge penalty per row of driftSpeeds' regressions: a numerical guard against collinear sensors (as regression.ts). */
const RIDGE = 1e-3;
