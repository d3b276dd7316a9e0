/**
 * Two-sided CUSUM (Page 1954) on standardised residuals z:
 *   S⁺ = max(0, S⁺ + z − k),  S⁻ = max(0, S⁻ − z − k),  alarm when either exceeds h.
 * k = 0.5 is the reference value that is optimal for a shift of 2k = 1 σ
 * of a block residual; smaller shifts take longer, larger ones are caught
 * in a block or two. The onset estimate is the last time the alarming side
 * was zero (the maximum-likelihood change point for a shift in the mean).
 */
export class Cusum {
  readonly k: number;
  readonly h: number;
  #up = 0;
  #down = 0;
  #upSince = NaN;
  #downSince = NaN;
  #max = 0;

  constructor(k: number, h: number) {
    this.k = k;
    this.h = h;
    this.reset();
  }

  /** Largest statistic seen since construction (either side), for calibration. */
  get max(): number {
    return this.#max;
  }

  get statistic(): number {
    return Math.max(this.#up, this.#down);
  }

  /** Adds one residual observed over the block that ended at `time`; returns the alarm when a side crosses h (then both sides restart). */
  update(z: number, start: number): { side: 'high' | 'low'; statistic: number; onset: number } | undefined {
    if (!Number.isFinite(z)) return undefined;
    if (this.#up === 0) this.#upSince = start;
    if (this.#down === 0) this.#downSince = start;
    this.#up = Math.max(0, this.#up + z - this.k);
    this.#down = Math.max(0, this.#down - z - this.k);
    this.#max = Math.max(this.#max, this.#up, this.#down);
    if (this.#up <= this.h && this.#down <= this.h) return undefined;
    const high = this.#up >= this.#down;
    const out = { side: high ? ('high' as const) : ('low' as const), statistic: high ? this.#up : this.#down, onset: high ? this.#upSince : this.#downSince };
    this.reset();
    return out;
  }

  reset(): void {
    this.#up = this.#down = 0;
    this.#upSince = this.#downSince = NaN;
  }
}

/**
 * Siegmund's approximation of the in-control average run length (in
 * blocks) of a one-sided CUSUM with reference k and threshold h on N(0, 1)
 * residuals: ARL₀ ≈ (e^{2kb} − 2kb − 1) / (2k²), b = h + 1.166.
 */
export function cusumArl(k: number, h: number): number {
  const b = 2 * k * (h + 1.166);
  return (Math.exp(b) - b - 1) / (2 * k * k);
}

/**
 * The threshold whose two-sided in-control ARL is `blocks` (each side gets
 * twice that, since the two sides' false alarms add). Requires k > 0 and
 * blocks > 1; solved by bisection on the monotone approximation above.
 */
export function cusumThreshold(k: number, blocks: number): number {
  const target = 2 * blocks;
  let lo = 0;
  let hi = 100;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (cusumArl(k, mid) < target) lo = mid;
    else hi = mid;
  }
  return hi;
}
