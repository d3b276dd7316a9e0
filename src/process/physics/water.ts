/** Density of water, kg/m³, and standard gravity, m/s² (the simulator ignores their variation with temperature). */
export const RHO = 1000;
export const G = 9.80665;

/** Pascals per unit of the pressure units tags use. */
const PASCALS: Record<string, number> = {
  pa: 1,
  kpa: 1e3,
  mpa: 1e6,
  bar: 1e5,
  mbar: 100,
  psi: 6894.757,
  mmhg: 133.322,
  cmh2o: 98.0665,
  mh2o: RHO * G,
  m: RHO * G,
};

/** Gauge pressure of a water column `head` metres high, in Pa. */
export function headToPascal(head: number): number {
  return RHO * G * head;
}

/**
 * Converts Pa to `unit` (bar, kPa, mmHg, psi, m...); undefined for units it
 * does not know, so callers can fall back rather than report a wrong scale.
 */
export function pascalTo(unit: string, pa: number): number | undefined {
  const k = PASCALS[unit.toLowerCase().replace(/[\s_.]/g, '')];
  return k === undefined ? undefined : pa / k;
}

/** Converts a value in `unit` to Pa; undefined for unknown units. */
export function pascalFrom(unit: string, value: number): number | undefined {
  const k = PASCALS[unit.toLowerCase().replace(/[\s_.]/g, '')];
  return k === undefined ? undefined : value * k;
}

/** Seconds per hour: flows are m³/h and rates per hour, steps are seconds. */
export const HOUR = 3600;
