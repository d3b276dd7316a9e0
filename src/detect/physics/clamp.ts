/** Standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Standard normal CDF via erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const y = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-0.5 * x * x);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/**
 * E[clamp(p + σZ, lo, hi)]: the mean reading of a transmitter that adds
 * Gaussian noise σ to the value p and saturates at its range ends (what
 * the simulator's instruments do, and real 4-20 mA loops too). Near a range
 * end the clamped noise no longer averages out: a stopped pump's flow meter
 * reads +σ·φ(0) = 0.4 σ on average, not 0.
 */
export function clampedMean(p: number, sigma: number, lo: number, hi: number): number {
  if (!(sigma > 0)) return Math.min(hi, Math.max(lo, p));
  const a = (lo - p) / sigma;
  const b = (hi - p) / sigma;
  const fa = normalCdf(a);
  const fb = normalCdf(b);
  return lo * fa + hi * (1 - fb) + p * (fb - fa) + sigma * (normalPdf(a) - normalPdf(b));
}

/**
 * Noise std of a series from its successive differences, robust to level
 * shifts: median |Δ| / (0.6745·√2) (for white Gaussian noise Δ ~ N(0, 2σ²)).
 * A step inside a block moves one difference, not the median, so a fault
 * that shifts a residual does not look like noise. NaN with no difference.
 */
export function robustNoise(diffs: readonly number[]): number {
  if (diffs.length === 0) return NaN;
  const a = diffs.map(Math.abs).sort((x, y) => x - y);
  const mid = a.length >> 1;
  const med = a.length % 2 === 1 ? a[mid]! : (a[mid - 1]! + a[mid]!) / 2;
  return med / (0.6745 * Math.SQRT2);
}
