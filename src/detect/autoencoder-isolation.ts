import type { AeModel } from './autoencoder-model.js';
import { encoderPreactivations, maskedReconstruction } from './neural/sensor-ae-net.js';

/**
 * Names the sensor whose lie best explains an inconsistent window (fault
 * isolation by exclusion, as in analytical redundancy): for each candidate
 * k, replace k's trajectory by its reconstruction from the others, then
 * measure how consistent the remaining sensors are (the detector's
 * statistic over j ≠ k). The liar is the candidate whose repair leaves the
 * least inconsistency. The largest single masked error cannot tell: a
 * frozen sensor also spoils every reconstruction that leans on it, and a
 * sensor the others predict precisely (small error unit) then shows the
 * largest ratio. Only the ISOLATION_CANDIDATES sensors with the largest
 * ratios (masked_j / scale_j) are tried: a liar always spoils its own
 * reconstruction, so it ranks among them. Returns a kept-column index.
 * Costs about candidates × width masked passes, so the scorer runs it on
 * alarmed rows only.
 */
export const ISOLATION_CANDIDATES = 3;

/** See ISOLATION_CANDIDATES. */
export function isolateSensor(m: AeModel, window: Float64Array, ratios: readonly number[], scale: readonly number[]): number {
  const { net, steps, errorSteps } = m;
  const width = net.width;
  const from = steps - errorSteps;
  const pre = encoderPreactivations(net, window);
  const candidates = [...ratios.keys()].sort((a, b) => ratios[b]! - ratios[a]! || a - b).slice(0, ISOLATION_CANDIDATES);
  let best = candidates[0]!;
  let bestRest = Number.POSITIVE_INFINITY;
  for (const k of candidates) {
    const repaired = Float64Array.from(window);
    const rebuilt = maskedReconstruction(net, window, pre, k, steps);
    for (let t = 0; t < steps; t++) repaired[t * width + k] = rebuilt[t]!;
    const preRepaired = encoderPreactivations(net, repaired);
    let rest = 0;
    for (let j = 0; j < width; j++) {
      if (j === k) continue;
      const out = maskedReconstruction(net, repaired, preRepaired, j, errorSteps);
      let e = 0;
      for (let q = 0; q < errorSteps; q++) e += (repaired[(from + q) * width + j]! - out[q]!) ** 2;
      rest += Math.sqrt(e / errorSteps / scale[j]!);
    }
    if (rest < bestRest) {
      bestRest = rest;
      best = k;
    }
  }
  return best;
}
