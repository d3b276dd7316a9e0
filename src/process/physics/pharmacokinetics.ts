/**
 * One-compartment pharmacokinetics with zero-order infusion:
 *   dC/dt = R/V − (CL/V)·C
 * with R the dose rate (mg/h), V the volume of distribution (L), CL the
 * clearance (L/h), C the plasma concentration (mg/L).
 */
export interface Compartment {
  /** L */
  volume: number;
  /** L/h */
  clearance: number;
}

/** C at steady state: R/CL. */
export function steadyConcentration(c: Compartment, doseRate: number): number {
  return doseRate / c.clearance;
}

/**
 * Exact solution over `hours` with R constant:
 * C(t+Δ) = Css + (C − Css)·exp(−(CL/V)·Δ). Stable for any step.
 */
export function advanceConcentration(c: Compartment, conc: number, doseRate: number, hours: number): number {
  const css = doseRate / c.clearance;
  return css + (conc - css) * Math.exp(-(c.clearance / c.volume) * hours);
}

/** Effect-site concentration lagging plasma with rate constant ke0 (1/h): dCe/dt = ke0·(C − Ce), exact for C constant over the step. */
export function advanceEffectSite(ce: number, plasma: number, ke0: number, hours: number): number {
  return plasma + (ce - plasma) * Math.exp(-ke0 * hours);
}

/** Line pressure of an infusion, mmHg: a resting pressure plus a drop across the catheter proportional to the rate (mL/h). */
export const LINE_PRESSURE = { rest: 32, perMlPerHour: 0.85 } as const;

export function linePressure(rate: number): number {
  return LINE_PRESSURE.rest + LINE_PRESSURE.perMlPerHour * Math.max(0, rate);
}
