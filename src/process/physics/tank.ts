import { decay, FIRST_CHEMICAL, type Quality } from './quality.js';
import { HOUR } from './water.js';

export interface TankGeometry {
  /** m² */
  area: number;
  /** Height to the overflow, m. */
  height: number;
}

export interface TankBalance {
  /** m³ after the step. */
  volume: number;
  /** m³ lost over the overflow during the step. */
  spilled: number;
}

/**
 * Mass balance A·dh/dt = Qin − Qout over `dt` s (flows in m³/h). The
 * outflows must already respect the water available (see `tankAvailable`),
 * so the volume never goes negative; anything above the overflow spills.
 * Exact for flows constant over the step.
 */
export function integrateTank(geom: TankGeometry, volume: number, inflow: number, outflow: number, dt: number): TankBalance {
  const next = Math.max(0, volume + ((inflow - outflow) * dt) / HOUR);
  const cap = geom.area * geom.height;
  return next > cap ? { volume: cap, spilled: next - cap } : { volume: next, spilled: 0 };
}

/** The most a tank can release over `dt` s, as a flow in m³/h: what it holds plus what comes in. */
export function tankAvailable(volume: number, inflow: number, dt: number): number {
  return (volume * HOUR) / dt + inflow;
}

/** Gravity outflow Q = c·sqrt(h), m³/h, through an outlet with coefficient c (m^2.5/h). */
export function gravityOutflow(coefficient: number, level: number): number {
  return coefficient * Math.sqrt(Math.max(0, level));
}

/**
 * Well-mixed contents over one step: d(V·C)/dt = Qin·Cin − Qout·C, then
 * first-order decay of each chemical. `volume` is before the step, `next`
 * after; `outflow` is everything that left (outlets, leak, overflow as a
 * rate over the step). An emptied tank takes the inflow's quality. Explicit in C, which is
 * accurate while dt is far below the residence time V/Q (hours here vs 0.1 s).
 */
export function mixTank(q: Quality, volume: number, next: number, inflow: number, qin: Quality, outflow: number, rates: Float64Array, dt: number): void {
  const h = dt / HOUR;
  if (next <= 1e-9) {
    if (inflow > 0) q.set(qin);
    return;
  }
  for (let k = 0; k < q.length; k++) {
    const c = q[k]!;
    const mass = volume * c + h * (inflow * qin[k]! - outflow * c);
    q[k] = mass / next;
  }
  if (q.length > FIRST_CHEMICAL) decay(q, rates, h);
}

/**
 * Steady state of a well-mixed tank fed at `inflow` with quality `qin`:
 * C = Qin·Cin / (Qin + k·V) per chemical, Cin for conservative quantities.
 */
export function steadyTank(q: Quality, volume: number, inflow: number, qin: Quality, rates: Float64Array): void {
  if (!(inflow > 0)) return;
  for (let k = 0; k < q.length; k++) {
    const r = k >= FIRST_CHEMICAL ? rates[k]! * volume : 0;
    q[k] = (inflow * qin[k]!) / (inflow + r);
  }
}
