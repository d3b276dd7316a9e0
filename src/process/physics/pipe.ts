import { decay, type Quality } from './quality.js';
import { HOUR } from './water.js';

/** Parcels finer than this share of the pipe volume are merged into their neighbour. */
const RESOLUTION = 1 / 1024;

interface Parcel {
  /** m³ */
  volume: number;
  quality: Quality;
  /** Simulated hours at entry, for decay in transit. */
  entered: number;
}

/**
 * Plug flow through a full pipe, as a FIFO of water parcels. Water is
 * incompressible and the pipe always full, so what flows out equals what
 * flows in at every instant; what the FIFO delays is the water itself — its
 * chlorine, turbidity, temperature — by the transport time V/Q =
 * length/velocity (velocity = Q / (π·d²/4)). Chemicals decay in transit.
 * Memory stays bounded: parcels smaller than 1/1024 of the pipe merge.
 */
export class PlugFlow {
  readonly volume: number;
  #parcels: Parcel[] = [];
  #head = 0;
  #out: Quality;
  #rates: Float64Array;

  constructor(length: number, diameter: number, initial: Quality, rates: Float64Array) {
    this.volume = length * Math.PI * diameter * diameter * 0.25;
    this.#rates = rates;
    this.#out = initial.slice();
    this.fill(initial, 0);
  }

  /** Replaces the contents with water of one quality (used to start at steady state). */
  fill(q: Quality, now: number): void {
    this.#parcels = [{ volume: this.volume, quality: q.slice(), entered: now }];
    this.#head = 0;
    this.#out.set(q);
  }

  /** Quality leaving the pipe over the last step (unchanged when nothing flowed). */
  get outlet(): Quality {
    return this.#out;
  }

  /** Transport time, s, at `flow` m³/h; Infinity at no flow. */
  transportTime(flow: number): number {
    return flow > 0 ? (this.volume / flow) * HOUR : Infinity;
  }

  /**
   * Pushes `flow·dt` of water of quality `q` in at simulated hour `now` and
   * pops the same volume out, mixing the parcels it spans into `outlet`.
   */
  advance(flow: number, q: Quality, now: number, dt: number): void {
    const v = (flow * dt) / HOUR;
    if (!(v > 0)) return;
    const last = this.#parcels[this.#parcels.length - 1];
    if (last && this.#parcels.length > this.#head && last.volume < this.volume * RESOLUTION) {
      const total = last.volume + v;
      for (let k = 0; k < q.length; k++) last.quality[k] = (last.quality[k]! * last.volume + q[k]! * v) / total;
      last.volume = total;
    } else {
      this.#parcels.push({ volume: v, quality: q.slice(), entered: now });
    }
    let need = v;
    const out = this.#out;
    out.fill(0);
    let got = 0;
    while (need > 1e-15 && this.#head < this.#parcels.length) {
      const p = this.#parcels[this.#head]!;
      const take = Math.min(need, p.volume);
      const aged = p.quality.slice();
      decay(aged, this.#rates, Math.max(0, now - p.entered));
      for (let k = 0; k < out.length; k++) out[k]! += aged[k]! * take;
      got += take;
      need -= take;
      p.volume -= take;
      if (p.volume <= 1e-15) this.#head++;
    }
    if (got > 0) for (let k = 0; k < out.length; k++) out[k]! /= got;
    if (this.#head > 256 && this.#head * 2 > this.#parcels.length) {
      this.#parcels = this.#parcels.slice(this.#head);
      this.#head = 0;
    }
  }
}
