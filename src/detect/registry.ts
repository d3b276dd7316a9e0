import type { DetectorFactory } from './detector.js';
import { DetectError } from './errors.js';
import { pcaDetector } from './pca.js';
import { regressionDetector } from './regression.js';

/** Detectors an evaluation can name, with the a-priori settings each name stands for. */
export const DETECTORS: Readonly<Record<string, { describe: string; make: () => DetectorFactory }>> = {
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
};

export const DEFAULT_DETECTOR = 'pca';

/** Throws DetectError `bad-option` listing the known names. */
export function makeDetector(name: string): DetectorFactory {
  const d = DETECTORS[name];
  if (!d) throw new DetectError('bad-option', `unknown detector ${JSON.stringify(name)}; known: ${Object.keys(DETECTORS).join(', ')}`);
  return d.make();
}
