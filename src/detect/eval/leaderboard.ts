import type { SkabScores } from './metrics.js';

/**
 * The published SKAB outlier leaderboard (F1 / FAR % / MAR %), copied from
 * ../shared/data/README.md, which quotes the SKAB README at waico/SKAB @
 * b2c0d46. Point-wise, pooled over the test parts of the 34 labelled files.
 */
export const SKAB_LEADERBOARD: readonly ({ algorithm: string } & SkabScores)[] = [
  { algorithm: 'Conv-AE', f1: 0.78, far: 13.55, mar: 28.02 },
  { algorithm: 'MSET', f1: 0.78, far: 39.73, mar: 14.13 },
  { algorithm: 'T-squared+Q (PCA)', f1: 0.76, far: 26.62, mar: 24.92 },
  { algorithm: 'LSTM-AE', f1: 0.74, far: 29.96, mar: 25.92 },
  { algorithm: 'T-squared', f1: 0.66, far: 19.21, mar: 42.6 },
  { algorithm: 'LSTM-VAE', f1: 0.56, far: 9.13, mar: 55.03 },
  { algorithm: 'Vanilla LSTM', f1: 0.54, far: 12.54, mar: 59.53 },
  { algorithm: 'Vanilla AE', f1: 0.39, far: 2.59, mar: 75.15 },
  { algorithm: 'MSCRED', f1: 0.36, far: 49.94, mar: 69.88 },
  { algorithm: 'Isolation Forest', f1: 0.29, far: 2.56, mar: 82.89 },
];
