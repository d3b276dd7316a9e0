import { encoderPreactivations, maskedReconstruction, type SensorAeNet } from './neural/sensor-ae-net.js';
import type { Standardizer } from './standardize.js';

/** A trained masked sensor autoencoder over windows of `net.steps` steps × the standardiser's kept columns. */
export interface AeModel {
  standardizer: Standardizer;
  steps: number;
  /** Errors average over this many newest steps of the window (1..steps); the older steps are context only. */
  errorSteps: number;
  net: SensorAeNet;
}

/** Errors of one window, per kept column, in standardised units. */
export interface WindowErrors {
  /**
   * Mean over the newest `errorSteps` steps of (z_j − reconstruction_j)²
   * with column j masked: how far the sensor is from what the others (and
   * its own tracked level) imply.
   */
  masked: number[];
  /** Column j at the newest step, rebuilt with column j masked (its imputed value). */
  imputed: number[];
}

/** One masked pass per column, sharing the encoder's unmasked pre-activations. */
export function windowErrors(m: AeModel, window: Float64Array): WindowErrors {
  const width = m.standardizer.kept.length;
  const pre = encoderPreactivations(m.net, window);
  const from = m.steps - m.errorSteps;
  const masked: number[] = [];
  const imputed: number[] = [];
  for (let j = 0; j < width; j++) {
    const out = maskedReconstruction(m.net, window, pre, j, m.errorSteps);
    let e = 0;
    for (let k = 0; k < m.errorSteps; k++) e += (window[(from + k) * width + j]! - out[k]!) ** 2;
    masked.push(e / m.errorSteps);
    imputed.push(out[m.errorSteps - 1]!);
  }
  return { masked, imputed };
}

/** Smallest per-column error scale: a column rebuilt perfectly on validation rows must not divide by ~0. */
export const SCALE_FLOOR = 1e-6;

/**
 * The detector's raw statistic for one window: the mean over columns of
 * sqrt(masked_j / scale_j), scale_j being column j's mean masked error on
 * the held-out rows (each sensor counts in units of its own out-of-sample
 * error; about 1 on normal rows). The root keeps one drifting sensor from
 * dominating: in the anomaly-free study (scratch/exp4.ts, with the earlier
 * flat dense variant of the network) the plain mean
 * of ratios, the root of that mean, the max over sensors and this form all
 * detected alike at equal false-alarm rate, but at the default threshold
 * (1.5 × held-out 99th percentile) this form alarmed on 13 % of normal rows
 * and the mean of ratios on 30 %. `ratios` (masked_j / scale_j) name the
 * sensor most at odds with the others.
 */
export function fusionStatistic(e: WindowErrors, scale: readonly number[]): { raw: number; ratios: number[] } {
  const ratios = e.masked.map((v, j) => v / scale[j]!);
  const raw = ratios.reduce((s, r) => s + Math.sqrt(r), 0) / ratios.length;
  return { raw, ratios };
}
