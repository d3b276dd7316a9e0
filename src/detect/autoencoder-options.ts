import { DetectError } from './errors.js';
import type { Activation } from './neural/dense-net.js';
import type { TfBackend } from './neural/tf-backend.js';

/**
 * Options of the masked (sensor-fusion) autoencoder detector. Every default
 * is fixed a priori: from the SKAB Conv-AE reference (waico/SKAB
 * notebooks/Conv-AE.ipynb, itself the Keras "timeseries anomaly detection"
 * example) where it has a counterpart, otherwise from a study on SKAB's
 * anomaly-free file only (scratch/exp2..5.ts, kept out of git: 8 segments of
 * 1,100 normal rows, fit on 400, score the next 700 as they are and with
 * synthetic biases, freezes, noise and ramps injected); never from a
 * labelled test part. "Earlier variant" below marks figures measured with
 * the first network tried, a dense autoencoder over the flattened window,
 * before per-step weight sharing replaced it (sensor-ae-net.ts).
 */
export interface AutoencoderOptions {
  /** Rows per window. Default 60 (Conv-AE's N_STEPS = 60: one minute at SKAB's 1 Hz). */
  window?: number;
  /**
   * Rows averaged into one window step. Default 5 (12 steps per window):
   * Conv-AE halves its time axis twice with strided convolutions; without
   * pooling the earlier variant trained 2-3x slower for the same
   * false-alarm and detection rates in the anomaly-free study.
   */
  pool?: number;
  /**
   * Units of the per-step encoder (shared over the window's steps; its
   * input is a step's sensors plus the mask indicator) and of the per-step
   * context the bottleneck expands back to. Default 32 (a step's input is
   * 8 sensors + 8 indicators on SKAB: no squeeze per step; 16 alarmed and
   * detected slightly less in the anomaly-free study, on one ROC curve).
   */
  hidden?: number;
  /** Units of the bottleneck over the whole window. Default 16 (a window of 12 steps × 8 sensors squeezed 6-fold). */
  code?: number;
  /** Hidden activation. Default relu (as Conv-AE). */
  activation?: Exclude<Activation, 'linear'>;
  /** Most training epochs. Default 200; early stopping ends far sooner (11-37 epochs on SKAB's files). */
  epochs?: number;
  /** Epochs without a better validation loss before stopping (the best epoch's weights are kept). Default 10 (Conv-AE: 5). */
  patience?: number;
  /** Default 32 (Conv-AE). */
  batchSize?: number;
  /** Adam step size. Default 1e-3 (Conv-AE). */
  learningRate?: number;
  /**
   * Share of training windows with one random sensor masked (redrawn each
   * epoch); the rest train plain reconstruction. Default 1: the detector
   * scores masked reconstructions only, and a masked autoencoder learns
   * best from the masked part alone (He et al. 2022).
   */
  maskRate?: number;
  /**
   * Share of the training rows, at the end, held out: early stopping, the
   * per-sensor error scales and the threshold come from them, scored by a
   * model that never saw them (a forward split, the deployment situation:
   * rows later than anything the model learned from, so drift shows).
   * Default 0.25 (100 of SKAB's 400; with the earlier variant, 0.5 lowered
   * the anomaly-free study's false alarms from 13 % to 11 % but detection
   * of 4-σ biases from 44 % to 35 %).
   */
  validation?: number;
  /** Expected exceedance share of the held-out statistics. Default 0.01: their 99th percentile (Conv-AE's UCL). */
  alpha?: number;
  /**
   * Multiplies the held-out quantile. Default 1.5 (Conv-AE flags windows
   * above 3/2 · UCL); in the anomaly-free study it gave 24 % false alarms
   * over the 700 rows that follow training (normal drift beyond what 400
   * rows show; see driftRate).
   */
  factor?: number;
  /**
   * Each sensor's level tracker (see TrackedWindow) may move at
   * max(driftRate, driftFactor · |trend|) training standard deviations per
   * row, |trend| being the least-squares slope, over the fitted training
   * rows, of the part of the sensor the others do not explain (driftSpeeds).
   * Default 3: in the anomaly-free file the trend of the next 700 rows ran
   * at up to 2-4x the trend of the preceding 400 (scratch/slopes.ts), and
   * heating sensors keep heating. 0 gives every sensor the fixed speed
   * driftRate. (With the earlier variant, trend-scaled speeds beat one
   * fixed speed of 0.01 at equal false alarms, and the residual's trend
   * detected as well as the sensor's own while keeping a sensor tied to
   * the others on a slow tracker, so a lie about it is not absorbed fast.)
   */
  driftFactor?: number;
  /**
   * Slowest tracker speed, in training standard deviations per row. Default
   * 0.002, three standard errors of the slope a pure-noise sensor shows by
   * chance over 300 rows (1/sqrt(300³/12) ≈ 0.00067). With driftFactor 0
   * and driftRate 0 the level is fixed at the training mean: every slow ramp
   * stays visible, and so does normal drift (in the anomaly-free study the
   * false-alarm rate at the default threshold rose from 24 % to 55 %).
   */
  driftRate?: number;
  /**
   * Newest window steps the error is averaged over (the older ones are
   * context only); 0 = all. Default 0: at equal false-alarm rate the
   * anomaly-free study (earlier variant) found no difference between 1, 3,
   * 6 and 12 steps.
   */
  errorSteps?: number;
  /** Causal rolling median over scores, in rows. Default 1 (none: a window already averages a minute). */
  smoothing?: number;
  /** Seeds the initializers, the batch order and the masks. Default 1. */
  seed?: number;
  /** TensorFlow.js backend for training. Default wasm; falls back to cpu with a warning if wasm cannot start. Scoring never uses TensorFlow. */
  backend?: TfBackend;
}

export const AUTOENCODER_DEFAULTS: Required<AutoencoderOptions> = {
  window: 60,
  pool: 5,
  hidden: 32,
  code: 16,
  activation: 'relu',
  epochs: 200,
  patience: 10,
  batchSize: 32,
  learningRate: 1e-3,
  maskRate: 1,
  validation: 0.25,
  alpha: 0.01,
  factor: 1.5,
  driftFactor: 3,
  driftRate: 0.002,
  errorSteps: 0,
  smoothing: 1,
  seed: 1,
  backend: 'wasm',
};

/** Fewest held-out rows a threshold is taken from (a 99th percentile of fewer is the maximum of noise). */
export const MIN_VALIDATION_ROWS = 20;

/** Merges with the defaults; throws DetectError `bad-option` on the first option out of its range. */
export function resolveAutoencoderOptions(options: AutoencoderOptions = {}): Required<AutoencoderOptions> {
  const o = { ...AUTOENCODER_DEFAULTS, ...options };
  const int = (name: keyof AutoencoderOptions, min: number) => {
    const v = o[name] as number;
    if (!(Number.isInteger(v) && v >= min)) throw new DetectError('bad-option', `${name} must be an integer >= ${min}, got ${v}`);
  };
  int('window', 2);
  int('pool', 1);
  int('hidden', 1);
  int('code', 1);
  int('epochs', 1);
  int('patience', 1);
  int('batchSize', 1);
  int('errorSteps', 0);
  int('smoothing', 1);
  int('seed', 0);
  if (o.window % o.pool !== 0) throw new DetectError('bad-option', `window (${o.window}) must be a multiple of pool (${o.pool})`);
  if (o.errorSteps > o.window / o.pool) throw new DetectError('bad-option', `errorSteps (${o.errorSteps}) exceeds the window's ${o.window / o.pool} steps`);
  const range = (name: keyof AutoencoderOptions, ok: (v: number) => boolean, what: string) => {
    const v = o[name] as number;
    if (!(typeof v === 'number' && ok(v))) throw new DetectError('bad-option', `${name} must be ${what}, got ${v}`);
  };
  range('learningRate', (v) => v > 0 && Number.isFinite(v), '> 0');
  range('maskRate', (v) => v >= 0 && v <= 1, 'in [0, 1]');
  range('validation', (v) => v > 0 && v < 1, 'in (0, 1)');
  range('alpha', (v) => v > 0 && v < 1, 'in (0, 1)');
  range('factor', (v) => v > 0 && Number.isFinite(v), '> 0');
  range('driftFactor', (v) => v >= 0 && Number.isFinite(v), '>= 0');
  range('driftRate', (v) => v >= 0 && Number.isFinite(v), '>= 0');
  if (!['relu', 'tanh', 'elu'].includes(o.activation)) throw new DetectError('bad-option', `activation must be relu, tanh or elu, got ${JSON.stringify(o.activation)}`);
  if (o.backend !== 'wasm' && o.backend !== 'cpu') throw new DetectError('bad-option', `backend must be wasm or cpu, got ${JSON.stringify(o.backend)}`);
  return o;
}

/** Fewest training rows for these options: two windows, and MIN_VALIDATION_ROWS held out. */
export function minTrainingRows(o: Required<AutoencoderOptions>): number {
  return Math.max(2 * o.window, Math.ceil(MIN_VALIDATION_ROWS / o.validation));
}
