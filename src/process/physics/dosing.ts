/**
 * Concentration after dosing, mg/L: the chemical's mass flow
 * rate·stock (L/h × g/L = g/h) mixed into the water flow Q (m³/h; g/m³ =
 * mg/L) that already carries `cin`. The dosed solution's own volume
 * (rate/1000 m³/h, under 0.01 % of the flow here) is left out of the water
 * balance but kept in the denominator, so the result never exceeds the
 * stock strength even when the water stops.
 */
export function dosedConcentration(flow: number, cin: number, rate: number, stock: number): number {
  const solution = rate / 1000;
  const total = Math.max(0, flow) + solution;
  if (!(total > 0)) return cin;
  return (Math.max(0, flow) * cin + rate * stock) / total;
}

/** Chemicals recognised by name: they decide which tag quantities a dose feeds. */
export function isChlorine(chemical: string): boolean {
  return /chlor|hypo/i.test(chemical);
}

export function isCoagulant(chemical: string): boolean {
  return /alum|coagul|ferric|alumin|polyalum|\bpac\b/i.test(chemical);
}

/** pH drop per mg/L of coagulant (alum and ferric salts consume alkalinity). */
export const COAGULANT_PH_SHIFT = -0.011;
