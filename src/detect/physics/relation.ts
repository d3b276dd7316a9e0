import type { Signals } from './signals.js';

export type RelationKind = 'tank-balance' | 'pump-flow' | 'pump-head' | 'valve-flow' | 'run-feedback' | 'dosing';

/**
 * Something a relation can blame: a sensor (or status) tag that may read
 * wrong, an actuator tag whose unit may not do what it is commanded, or a
 * process unit whose physics may have changed (a leak, a worn pump).
 * Unit ids are prefixed `unit:` so they never collide with tag ids.
 */
export interface Member {
  id: string;
  kind: 'sensor' | 'actuator' | 'unit';
  /** The tag, for sensors and actuators. */
  tag?: string;
  /** The process unit, for units (and the unit an actuator drives). */
  unit?: string;
  /** On/off actuators: the only fault is the opposite state. */
  discrete?: boolean;
  /** Continuous actuators: the range of the value the relation perturbs, when it is not the tag's (a valve stem in % for a 0..1 command). */
  domain?: [number, number];
}

export const unitMember = (unit: string): string => `unit:${unit}`;

/**
 * How a fault of size b in one member moves a relation's block residual:
 * - `persistent`: every block after the onset by perUnit·b (a biased flow
 *   meter, a leak, a valve not where commanded);
 * - `step`: the sum of the blocks after the onset by perUnit·b once (a
 *   biased level transmitter in a balance: the level jumps, then the
 *   balance holds again);
 * - `flip`: every block by perUnit, no size to fit (a pump running while
 *   commanded off).
 * `lo..hi` bounds b to what is physically possible (the true value stays in
 * the instrument's range, an actuator in its travel, a leak is a loss).
 */
export interface Effect {
  member: string;
  shape: 'persistent' | 'step' | 'flip';
  perUnit: number;
  /**
   * perUnit split over the block's EFFECT_PARTS equal time slices (they sum
   * to it): a fault starting inside the block moves it by the slices after
   * its onset, which matters when the effect is far from linear (a pump's
   * state flipped changes its curve's effect within the block).
   */
  parts?: number[];
  /** Continuous actuators: the command the block ran at (mean), for the "stuck at one value" fault. */
  at?: number;
  /**
   * Continuous actuators: the residual shift if the unit held each of
   * `values` (STUCK_GRID points across its travel) whatever its command,
   * split by time slice like `parts`. Exact where the physics is far from
   * linear (a valve near a flow cap, a pump near shut-off).
   */
  stuck?: { values: number[]; parts: number[][] };
  /** Step only: what the fault also adds to every block (a biased reading that the predicted rate itself uses, like a concentration in a decay term). */
  drift?: number;
  lo: number;
  hi: number;
}

/** One finished block of a relation: the residual (observed − expected, in `residualUnit`) and what each member's fault would do to it. */
export interface Block {
  /** ms since the epoch. */
  start: number;
  end: number;
  residual: number;
  samples: number;
  /** Means over the block of the predicted quantity as measured and as physics expects it. */
  observed: number;
  expected: number;
  /** Within-block scatter of the residual samples over what the declared noise implies (≈ 1 normally; ≫ 1 for an erratic or noise-injected instrument). */
  scatter: number;
  /** Std of `residual` implied by the tags' declared noise (propagated through the prediction) and the relation's own stated model uncertainty. */
  noise: number;
  effects: Effect[];
}

/**
 * A relation the unit's physics gives between tags: it predicts one tag
 * (`target`) from actuators and other sensors, and turns the disagreement
 * into one residual per non-overlapping block of `blockSeconds` (blocks, not
 * sliding windows, so that successive residuals are independent enough for
 * CUSUM). Relations never throw on field data: missing, stale or
 * out-of-domain inputs make a block invalid and it is skipped.
 */
export interface Relation {
  readonly id: string;
  readonly kind: RelationKind;
  /** The process unit whose physics it states. */
  readonly unit: string;
  readonly target: string;
  /** Every tag it reads. */
  readonly tags: readonly string[];
  readonly members: readonly Member[];
  readonly residualUnit: string;
  readonly blockSeconds: number;
  readonly description: string;
  /** Evaluates the instant `now` (ms): all readings up to it are in `s`. Returns a block when one completes. */
  tick(now: number, s: Signals): Block | undefined;
  reset(): void;
}

export const EFFECT_PARTS = 4;
export const STUCK_GRID = 41;

/** STUCK_GRID evenly spaced values from lo to hi. */
export function stuckValues(lo: number, hi: number): number[] {
  return Array.from({ length: STUCK_GRID }, (_, i) => lo + ((hi - lo) * i) / (STUCK_GRID - 1));
}

/** Block index of time `t` for blocks of `ms`, aligned to the epoch so every node cuts the same blocks. */
export function blockIndex(t: number, ms: number): number {
  return Math.floor(t / ms);
}
