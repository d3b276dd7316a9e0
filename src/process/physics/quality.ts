/**
 * Water quality carried with the flow: a fixed vector per stream or tank.
 * Slots 0-2 are turbidity (NTU), temperature (°C) and pH; one slot per
 * dosing unit follows with that unit's chemical, in mg/L. Quantities mix by
 * flow weighting; for pH that is an approximation (pH is logarithmic), good
 * for the small differences between streams of one plant.
 */
export const TURBIDITY = 0;
export const TEMPERATURE = 1;
export const PH = 2;
export const FIRST_CHEMICAL = 3;

export type Quality = Float64Array;

/** Background water: what a source delivers when the model says nothing about it. */
export const DEFAULT_SOURCE = { turbidity: 5, temperature: 15, ph: 7.5 } as const;

export function makeQuality(size: number, base?: { turbidity: number; temperature: number; ph: number }): Quality {
  const q = new Float64Array(size);
  const b = base ?? DEFAULT_SOURCE;
  q[TURBIDITY] = b.turbidity;
  q[TEMPERATURE] = b.temperature;
  q[PH] = b.ph;
  return q;
}

/**
 * Accumulates flow-weighted streams into `into`. Call `start`, then `add`
 * per stream, then `finish`; with no flow at all `into` keeps its last value
 * (stagnant water keeps its quality).
 */
export class Mixer {
  #sum: Float64Array;
  #flow = 0;
  constructor(size: number) {
    this.#sum = new Float64Array(size);
  }
  start(): void {
    this.#sum.fill(0);
    this.#flow = 0;
  }
  add(flow: number, q: Quality): void {
    if (!(flow > 0)) return;
    this.#flow += flow;
    for (let k = 0; k < q.length; k++) this.#sum[k]! += flow * q[k]!;
  }
  get flow(): number {
    return this.#flow;
  }
  /** Writes the mix into `into`; returns false (and leaves it) when nothing flowed. */
  finish(into: Quality): boolean {
    if (!(this.#flow > 0)) return false;
    for (let k = 0; k < into.length; k++) into[k] = this.#sum[k]! / this.#flow;
    return true;
  }
}

/** First-order decay of every species over `hours`: C·exp(-k·t). */
export function decay(q: Quality, rates: Float64Array, hours: number): void {
  for (let k = FIRST_CHEMICAL; k < q.length; k++) {
    const r = rates[k]!;
    if (r > 0) q[k] = q[k]! * Math.exp(-r * hours);
  }
}
