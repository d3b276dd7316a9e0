import type { DetectorFactory } from './detector.js';
import { DetectError } from './errors.js';
import { fusionStatistic, SCALE_FLOOR, windowErrors, type AeModel } from './autoencoder-model.js';
import { driftSpeeds } from './autoencoder-drift.js';
import { autoencoderFitted, type AeFit } from './autoencoder-fitted.js';
import { MIN_VALIDATION_ROWS, minTrainingRows, resolveAutoencoderOptions, type AutoencoderOptions } from './autoencoder-options.js';
import { windowsOf, type WindowShape } from './autoencoder-window.js';
import { trainMaskedAutoencoder } from './neural/train-masked-ae.js';
import { checkRows, type Rows } from './rows.js';
import { fitStandardizer } from './standardize.js';
import { empiricalLimit } from './thresholds.js';

export { AUTOENCODER_FORMAT, AUTOENCODER_KIND, autoencoderFitted, restoreAutoencoder, type AeFit } from './autoencoder-fitted.js';
export { AUTOENCODER_DEFAULTS, MIN_VALIDATION_ROWS, minTrainingRows, resolveAutoencoderOptions, type AutoencoderOptions } from './autoencoder-options.js';
export { driftSpeeds } from './autoencoder-drift.js';

/**
 * Fits on training rows only (the signature has no room for a label or a
 * test row):
 * 1. split: the first (1 − validation) share is fitted, the last share held out;
 * 2. standardise on the fitted rows; learn each sensor's drift speed there;
 * 3. train the masked autoencoder on the fitted rows' windows, early
 *    stopping on the held-out windows;
 * 4. score the held-out rows as a fresh stream would: each sensor's mean
 *    masked error there is its error unit, and the (1 − alpha) quantile of
 *    the statistic times `factor` is the threshold. (The same rows chose
 *    the stopping epoch: one number picked on them, a slight optimism that
 *    `factor` more than covers; a third split would leave too few rows.)
 * Deterministic for a seed. Throws DetectError `too-few-rows` (fewer than
 * minTrainingRows) or `bad-input` (ragged rows, non-finite values, fewer
 * than 2 sensors varying in the fitted rows), `bad-option` for options.
 */
export async function fitAutoencoder(train: Rows, options: AutoencoderOptions = {}): Promise<AeFit> {
  const o = resolveAutoencoderOptions(options);
  checkRows(train, 'training rows', { min: minTrainingRows(o) });
  const nVal = Math.max(MIN_VALIDATION_ROWS, Math.round(train.length * o.validation));
  const nFit = train.length - nVal;
  if (nFit < o.window) throw new DetectError('too-few-rows', `training rows: ${nFit} rows left to fit after holding out ${nVal}, at least one window (${o.window}) needed`);
  const fitRows = train.slice(0, nFit);
  const standardizer = fitStandardizer(fitRows);
  const width = standardizer.kept.length;
  if (width < 2) {
    const constant = standardizer.mean.flatMap((_, j) => (standardizer.kept.includes(j) ? [] : [j]));
    throw new DetectError('bad-input', `training rows: the autoencoder needs at least 2 columns that vary in rows 0..${nFit - 1}; constant there: column${constant.length > 1 ? 's' : ''} ${constant.join(', ')}`);
  }
  const driftRate = driftSpeeds(fitRows, standardizer).map((v) => Math.max(o.driftRate, o.driftFactor * v));
  const shape: WindowShape = { rows: o.window, pool: o.pool, driftRate };
  const steps = o.window / o.pool;
  const fitted = windowsOf(fitRows, standardizer, shape);
  const held = windowsOf(train.slice(nFit), standardizer, shape, fitted.level);
  const trained = await trainMaskedAutoencoder(
    { steps, width, windows: fitted.windows },
    { steps, width, windows: held.windows },
    { hidden: o.hidden, code: o.code, activation: o.activation, epochs: o.epochs, patience: o.patience, batchSize: o.batchSize, learningRate: o.learningRate, maskRate: o.maskRate, seed: o.seed, backend: o.backend },
  );
  const model: AeModel = { standardizer, steps, errorSteps: o.errorSteps === 0 ? steps : o.errorSteps, net: trained.net };
  const errors = held.windows.map((w) => windowErrors(model, w));
  const scale = standardizer.kept.map((_, j) => Math.max(SCALE_FLOOR, errors.reduce((s, e) => s + e.masked[j]!, 0) / errors.length));
  const limit = empiricalLimit(errors.map((e) => fusionStatistic(e, scale).raw), o.alpha, o.factor);
  // A fresh scorer starts where the tracker ended on all training rows: the stream most likely continues from there.
  const level = windowsOf(train, standardizer, shape).level;
  return {
    model,
    shape,
    scale,
    level,
    limit,
    smoothing: o.smoothing,
    info: {
      hidden: o.hidden,
      code: o.code,
      epochs: trained.epochs,
      bestEpoch: trained.bestEpoch,
      trainLoss: trained.trainLoss,
      validationLoss: trained.validationLoss,
      fitRows: nFit,
      validationRows: nVal,
      backend: trained.backend.fallback ? `cpu (wasm failed: ${trained.backend.fallback})` : trained.backend.backend,
      seed: o.seed,
    },
  };
}

/** The masked autoencoder as an (asynchronous) factory for evaluations and the registry; options are checked here, before any fit. */
export function autoencoderDetector(options: AutoencoderOptions = {}): DetectorFactory {
  resolveAutoencoderOptions(options);
  return async (train) => autoencoderFitted(await fitAutoencoder(train, options));
}
