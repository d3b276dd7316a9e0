import { medianWindow, scoreWith, type FittedDetector, type RowScorer, type SavedDetector } from './detector.js';
import { DetectError } from './errors.js';
import { fusionStatistic, windowErrors, type AeModel } from './autoencoder-model.js';
import { isolateSensor } from './autoencoder-isolation.js';
import { TrackedWindow, type WindowShape } from './autoencoder-window.js';
import { restoreSensorAeNet, saveSensorAeNet } from './neural/sensor-ae-net.js';
import { checkRows } from './rows.js';
import { standardizeRow } from './standardize.js';

export const AUTOENCODER_KIND = 'autoencoder';
/** Bumped when the saved state's layout changes. */
export const AUTOENCODER_FORMAT = 1;

/** Everything a fitted masked autoencoder scores with; all of it comes from training rows. */
export interface AeFit {
  model: AeModel;
  shape: WindowShape;
  /** Per kept column: mean masked error on the held-out rows (the unit each sensor's error is measured in). */
  scale: number[];
  /** Per kept column: where a fresh scorer's level tracker starts (z units; the tracker's state after all training rows). */
  level: number[];
  /** Threshold on the raw statistic: score = raw / limit. */
  limit: number;
  smoothing: number;
  /** Sizes and training figures, for describe(). */
  info: Record<string, number | string>;
}

/**
 * Streaming verdicts: per row, the window ending at it, one masked pass per
 * sensor (plain JavaScript, no TensorFlow), the statistic over the limit,
 * then the rolling median. `top`: on an alarmed row, the sensor whose
 * exclusion best restores consistency (isolateSensor); on a quiet row, the
 * sensor whose masked error is largest in units of its held-out error, when
 * that is above 1. `expected[j]`: sensor j rebuilt from the others over the
 * newest window step (the mean of the last `pool` rows) plus its tracked
 * level, in its own units; NaN for columns constant in training.
 */
export function autoencoderScorer(fit: AeFit): RowScorer {
  const { standardizer } = fit.model;
  const width = standardizer.mean.length;
  const window = new TrackedWindow(fit.shape, standardizer.kept.length, fit.level);
  const smooth = medianWindow(fit.smoothing);
  return {
    push(row) {
      checkRows([row], 'row to score', { width });
      const w = window.push(standardizeRow(standardizer, row));
      const e = windowErrors(fit.model, w);
      const { raw, ratios } = fusionStatistic(e, fit.scale);
      const score = smooth(raw / fit.limit);
      let top: number | undefined;
      if (score > 1) top = isolateSensor(fit.model, w, ratios, fit.scale);
      else
        ratios.forEach((r, k) => {
          if (r > 1 && (top === undefined || r > ratios[top]!)) top = k;
        });
      const expected = new Array<number>(width).fill(Number.NaN);
      standardizer.kept.forEach((col, k) => {
        expected[col] = standardizer.mean[col]! + standardizer.std[col]! * (window.level[k]! + e.imputed[k]!);
      });
      return { score, alarm: score > 1, top: top === undefined ? undefined : standardizer.kept[top], expected };
    },
  };
}

/** A fitted detector from its fit (freshly trained or restored); batch scoring runs the streaming scorer, so the two agree exactly. */
export function autoencoderFitted(fit: AeFit): FittedDetector {
  const width = fit.model.standardizer.mean.length;
  const d: FittedDetector = {
    name: 'masked-autoencoder',
    scorer: () => autoencoderScorer(fit),
    score: (rows) => {
      checkRows(rows, 'rows to score', { width });
      return scoreWith(d, rows);
    },
    describe: () => ({
      window: fit.shape.rows,
      pool: fit.shape.pool,
      driftRate: fit.shape.driftRate.map((r) => r.toPrecision(3)).join(' '),
      columns: fit.model.standardizer.kept.length,
      ...fit.info,
      limit: fit.limit,
    }),
    save: (): SavedDetector => ({
      kind: AUTOENCODER_KIND,
      format: AUTOENCODER_FORMAT,
      columns: width,
      state: {
        standardizer: fit.model.standardizer,
        shape: fit.shape,
        errorSteps: fit.model.errorSteps,
        net: saveSensorAeNet(fit.model.net),
        scale: fit.scale,
        level: fit.level,
        limit: fit.limit,
        smoothing: fit.smoothing,
        info: fit.info,
      },
    }),
  };
  return d;
}

/**
 * A fitted detector from `save().state`, synchronously (scoring needs no
 * TensorFlow backend). The state is untrusted input (a file, an API body):
 * every array length, index and number is checked against the others;
 * throws DetectError `bad-input` naming the first bad field.
 */
export function restoreAutoencoder(state: unknown): FittedDetector {
  const s = object(state, 'state');
  const st = object(s.standardizer, 'standardizer');
  const mean = numbers(st.mean, 'standardizer.mean');
  const std = numbers(st.std, 'standardizer.std', mean.length);
  const kept = numbers(st.kept, 'standardizer.kept');
  kept.forEach((k, i) => {
    if (!(Number.isInteger(k) && k >= 0 && k < mean.length && (i === 0 || k > kept[i - 1]!) && std[k]! > 0)) bad(`standardizer.kept[${i}] is not a valid column index`);
  });
  if (kept.length < 2) bad('standardizer.kept: fewer than 2 columns');
  const sh = object(s.shape, 'shape');
  const rows = sh.rows;
  const pool = sh.pool;
  const driftRate = sh.driftRate;
  if (!(Number.isInteger(rows) && Number.isInteger(pool) && (pool as number) >= 1 && (rows as number) >= 2 && (rows as number) % (pool as number) === 0)) bad('shape: rows and pool must be integers, rows a multiple of pool');

  const steps = (rows as number) / (pool as number);
  const errorSteps = s.errorSteps;
  if (!(Number.isInteger(errorSteps) && (errorSteps as number) >= 1 && (errorSteps as number) <= steps)) bad(`errorSteps must be an integer in [1, ${steps}]`);
  const width = kept.length;
  const net = restoreSensorAeNet(s.net, steps, width);
  const drift = numbers(driftRate, 'shape.driftRate', width);
  if (drift.some((v) => v < 0)) bad('shape.driftRate: values must be >= 0');
  const scale = numbers(s.scale, 'scale', width);
  if (scale.some((v) => !(v > 0))) bad('scale: values must be > 0');
  const level = numbers(s.level, 'level', width);
  const limit = s.limit;
  if (!(typeof limit === 'number' && limit > 0 && Number.isFinite(limit))) bad('limit must be a finite number > 0');
  const smoothing = s.smoothing;
  if (!(Number.isInteger(smoothing) && (smoothing as number) >= 1)) bad('smoothing must be an integer >= 1');
  const info = object(s.info, 'info');
  for (const [k, v] of Object.entries(info)) if (typeof v !== 'number' && typeof v !== 'string') bad(`info.${k} must be a number or a string`);
  return autoencoderFitted({
    model: { standardizer: { mean, std, kept }, steps, errorSteps: errorSteps as number, net },
    shape: { rows: rows as number, pool: pool as number, driftRate: drift },
    scale,
    level,
    limit: limit as number,
    smoothing: smoothing as number,
    info: info as Record<string, number | string>,
  });
}

function bad(msg: string): never {
  throw new DetectError('bad-input', `saved autoencoder: ${msg}`);
}

function object(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(`${what} must be an object`);
  return v as Record<string, unknown>;
}

function numbers(v: unknown, what: string, length?: number): number[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) bad(`${what} must be an array of finite numbers`);
  if (length !== undefined && v.length !== length) bad(`${what} has ${v.length} values, expected ${length}`);
  return [...(v as number[])];
}
