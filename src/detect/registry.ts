import type { DetectorFactory, FittedDetector, SavedDetector } from './detector.js';
import { AUTOENCODER_FORMAT, AUTOENCODER_KIND, restoreAutoencoder } from './autoencoder-fitted.js';
import { DetectError } from './errors.js';
import { PCA_FORMAT, pcaDetector, pcaFitted, type PcaFit } from './pca.js';
import { REGRESSION_FORMAT, regressionDetector, regressionFitted, type RegressionFit } from './regression.js';

export interface DetectorEntry {
  describe: string;
  make: () => DetectorFactory;
}

/** Detectors an evaluation or `twinward train` can name, with the a-priori settings each name stands for. */
export const DETECTORS: Record<string, DetectorEntry> = {
  pca: {
    describe: 'PCA T²+Q, 90% variance, 99th percentile of blocked-CV training statistics',
    make: () => pcaDetector(),
  },
  'pca-forward': {
    describe: 'PCA T²+Q, 90% variance, 99th percentile of forward (expanding-window) training statistics',
    make: () => pcaDetector({ calibration: 'forward' }),
  },
  'pca-in-sample': {
    describe: 'PCA T²+Q, 90% variance, 99th percentile of in-sample training statistics (textbook variant)',
    make: () => pcaDetector({ calibration: 'in-sample' }),
  },
  regression: {
    describe: 'each sensor predicted from the others (ridge LS), Σ squared normalised residuals, 99th percentile of blocked-CV training statistics',
    make: () => regressionDetector(),
  },
  autoencoder: {
    describe: 'masked sensor autoencoder (TensorFlow.js, wasm): 60-row windows, each sensor rebuilt from the others, per-sensor drift tracking, 1.5 × the 99th percentile of held-out training rows',
    // TensorFlow.js loads only when an autoencoder is trained; scoring a saved one is plain JavaScript.
    make: () => async (train) => (await import('./autoencoder.js')).autoencoderDetector()(train),
  },
  ensemble: {
    describe: 'pca + regression + autoencoder fitted on the same rows; a row alarms when a majority (2 of 3) alarm',
    make: () => async (train) => (await import('./ensemble.js')).votingEnsemble(['pca', 'regression', 'autoencoder'])(train),
  },
};

/** Restorers by saved `kind`: each checks the format it knows. */
const RESTORERS: Record<string, { format: number; restore: (state: unknown) => FittedDetector }> = {
  pca: { format: PCA_FORMAT, restore: (s) => pcaFitted(s as PcaFit) },
  regression: { format: REGRESSION_FORMAT, restore: (s) => regressionFitted(s as RegressionFit) },
  [AUTOENCODER_KIND]: { format: AUTOENCODER_FORMAT, restore: restoreAutoencoder },
};

/** Lets another module (e.g. the neural detectors, loaded lazily) add its entries. */
export function registerDetector(name: string, entry: DetectorEntry, restorer?: { kind: string; format: number; restore: (state: unknown) => FittedDetector }): void {
  DETECTORS[name] = entry;
  if (restorer) RESTORERS[restorer.kind] = { format: restorer.format, restore: restorer.restore };
}

export const DEFAULT_DETECTOR = 'pca';

/** Throws DetectError `bad-option` listing the known names. */
export function makeDetector(name: string): DetectorFactory {
  const d = DETECTORS[name];
  if (!d) throw new DetectError('bad-option', `unknown detector ${JSON.stringify(name)}; known: ${Object.keys(DETECTORS).join(', ')}`);
  return d.make();
}

/** A fitted detector from `save()` output; throws DetectError `bad-input` on an unknown kind or format. */
export function restoreDetector(saved: SavedDetector): FittedDetector {
  const r = RESTORERS[saved.kind];
  if (!r) throw new DetectError('bad-input', `saved detector kind ${JSON.stringify(saved.kind)} is unknown; known: ${Object.keys(RESTORERS).join(', ')}`);
  if (saved.format !== r.format) throw new DetectError('bad-input', `saved ${saved.kind} detector has format ${saved.format}; this version reads format ${r.format} (retrain it)`);
  return r.restore(saved.state);
}
