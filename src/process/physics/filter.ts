/** Clogging added per metre of water filtered (m³ per m² of bed): a 48 h run at 6.7 m/h reaches 3, four times the clean head loss. */
export const CLOGGING_PER_METRE = 0.0094;

/** Coagulant dose, mg/L, at which the model's `removal` holds; less coagulant lets more turbidity through. */
export const REFERENCE_COAGULANT = 35;

/**
 * Head loss across the bed, m: cleanHeadLoss·(1 + clogging) while water
 * flows, nothing when it stands still.
 */
export function filterHeadLoss(cleanHeadLoss: number, clogging: number, flow: number): number {
  return flow > 0 ? cleanHeadLoss * (1 + clogging) : 0;
}

/** Clogging after `dt` s at `flow` m³/h through `area` m². */
export function clogFilter(clogging: number, flow: number, area: number, dt: number): number {
  return clogging + CLOGGING_PER_METRE * (Math.max(0, flow) / area) * (dt / 3600);
}

/**
 * Fraction of turbidity that passes. With a coagulant dosed upstream the
 * penetration (1 − removal) scales with REFERENCE_COAGULANT/dose, between
 * a quarter of it (overdosing helps little) and one half (without floc a
 * rapid filter still strains out the coarse part); without a coagulant in
 * the model it is the model's `removal` as given.
 */
export function filterPenetration(removal: number, coagulant: number | undefined): number {
  const base = 1 - removal;
  if (coagulant === undefined) return base;
  const factor = REFERENCE_COAGULANT / Math.max(coagulant, 1e-9);
  return Math.max(base * 0.25, Math.min(Math.max(base, 0.5), base * factor));
}
