import type { Rows } from './rows.js';
import { standardizeRow, type Standardizer } from './standardize.js';

/** How a stream of standardised rows becomes the autoencoder's input windows. */
export interface WindowShape {
  /** Rows a window covers. */
  rows: number;
  /** Consecutive rows averaged into one step of the window (rows is a multiple of it). */
  pool: number;
  /** Per kept column: largest move of the level tracker per row, in training standard deviations (0 = fixed level). */
  driftRate: number[];
}

/**
 * The input window ending at the newest row of a stream: the last
 * `shape.rows` standardised rows, averaged in blocks of `shape.pool` rows
 * (steps = rows / pool, oldest first, flattened as step·width + column),
 * minus each column's tracked level.
 *
 * Level tracker: per column, c ← c + clamp(z − c, ±driftRate) after each
 * row (a sign/median tracker whose speed is bounded). Slow normal drift
 * (thermal heating, sensor ageing) is followed, so it stops looking like an
 * anomaly; an abrupt change (a valve closing, a spoofed value) outruns the
 * tracker and is absorbed only at driftRate per row. Threat: a ramp slower
 * than driftRate, or a lie held long enough, is absorbed too (at the
 * 0.002 σ/row floor, 500 rows per σ); the level also takes as long to come
 * back after a long anomaly ends, which shows as false alarms right after
 * it. driftRate 0 turns tracking off.
 *
 * Until `rows` rows have arrived the window is padded in front with the
 * first row (edge padding), so a fresh scorer has an opinion from its first
 * row; training windows are built the same way. Causal: a window never
 * holds a row later than the newest.
 */
export class TrackedWindow {
  readonly shape: WindowShape;
  readonly width: number;
  readonly steps: number;
  readonly level: number[];
  #rows: number[][] = [];

  /** `level`: the tracker's starting point per column (z units); default 0, the training mean. */
  constructor(shape: WindowShape, width: number, level?: readonly number[]) {
    this.shape = shape;
    this.width = width;
    this.steps = shape.rows / shape.pool;
    this.level = level ? [...level] : new Array<number>(width).fill(0);
  }

  /** Adds a standardised row (length `width`) and returns the window ending at it (a fresh array). */
  push(z: readonly number[]): Float64Array {
    const { rows, pool, driftRate } = this.shape;
    const w = this.width;
    for (let j = 0; j < w; j++) this.level[j]! += Math.max(-driftRate[j]!, Math.min(driftRate[j]!, z[j]! - this.level[j]!));
    this.#rows.push([...z]);
    if (this.#rows.length > rows) this.#rows.shift();
    const pad = rows - this.#rows.length;
    const out = new Float64Array(this.steps * w);
    for (let t = 0; t < rows; t++) {
      const r = this.#rows[Math.max(0, t - pad)]!;
      const base = Math.floor(t / pool) * w;
      for (let j = 0; j < w; j++) out[base + j]! += r[j]! / pool;
    }
    for (let s = 0; s < this.steps; s++) for (let j = 0; j < w; j++) out[s * w + j]! -= this.level[j]!;
    return out;
  }
}

/** Windows ending at each row, as a fresh stream starting at `level` sees them; also the tracker's final level. */
export function windowsOf(rows: Rows, standardizer: Standardizer, shape: WindowShape, level?: readonly number[]): { windows: Float64Array[]; level: number[] } {
  const w = new TrackedWindow(shape, standardizer.kept.length, level);
  const windows = rows.map((r) => w.push(standardizeRow(standardizer, r)));
  return { windows, level: [...w.level] };
}
