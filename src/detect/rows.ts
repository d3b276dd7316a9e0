import { DetectError } from './errors.js';

/** Rows of sensor values: rows[i][j] = column j at time i. Every row has the same width. */
export type Rows = readonly (readonly number[])[];

/**
 * Checks a block of rows before a model touches it: at least `min` rows,
 * equal widths (= `width` when given), finite values. Throws DetectError
 * `bad-input` / `too-few-rows` naming the first offending row and column.
 */
export function checkRows(rows: Rows, what: string, opts: { min?: number; width?: number } = {}): number {
  const min = opts.min ?? 0;
  if (rows.length < min) throw new DetectError('too-few-rows', `${what}: ${rows.length} rows, at least ${min} needed`);
  const width = opts.width ?? rows[0]?.length ?? 0;
  rows.forEach((r, i) => {
    if (r.length !== width) throw new DetectError('bad-input', `${what}: row ${i} has ${r.length} values, expected ${width}`);
    r.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new DetectError('bad-input', `${what}: row ${i} column ${j} is not a finite number (${v})`);
    });
  });
  return width;
}
