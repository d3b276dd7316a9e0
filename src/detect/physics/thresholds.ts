import { cusumThreshold } from './cusum.js';

/**
 * Detection constants, fixed before looking at any attack:
 * - K: CUSUM reference 0.5, tuned to a shift of 1 σ of a block residual.
 * - ARL_HOURS: wanted mean time between false alarms of one relation on
 *   Gaussian residuals, 2000 h (12 weeks); with a dozen relations a plant
 *   sees about one a week before calibration widens anything. h follows
 *   from Siegmund's ARL approximation: ≈ 9.9 for 120 s blocks, ≈ 11.2 for
 *   30 s blocks.
 * - MARGIN: after calibration, h is at least 1.5 × the largest CUSUM
 *   statistic reached on the normal data (a normal run came that close).
 * - MIN_BLOCKS: fewer normal blocks than this leave a relation at its
 *   prior (declared noise, zero mean).
 */
export const PHYSICS_K = 0.5;
export const ARL_HOURS = 2000;
export const CALIBRATION_MARGIN = 1.5;
export const MIN_CALIBRATION_BLOCKS = 20;

/** The a-priori CUSUM threshold for a relation with blocks of `blockSeconds`. */
export function priorThreshold(blockSeconds: number, k = PHYSICS_K): number {
  return cusumThreshold(k, (ARL_HOURS * 3600) / blockSeconds);
}
