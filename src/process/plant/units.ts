/**
 * Engineering units of tags, converted from the simulator's own (m³/h for
 * water flow, m for level and head, m³ for volume). Keys are lower-cased
 * with spaces removed; "³" and "3" are the same.
 */
const FROM_M3H: Record<string, number> = {
  'm3/h': 1,
  'm3/hr': 1,
  'm3/s': 1 / 3600,
  'm3/min': 1 / 60,
  'm3/d': 24,
  'l/s': 1000 / 3600,
  'l/min': 1000 / 60,
  'lpm': 1000 / 60,
  'l/h': 1000,
  'ml/h': 1e6,
  'ml/d': 24 / 1000,
  'gpm': 4.402868,
};
const FROM_M: Record<string, number> = { m: 1, cm: 100, mm: 1000, ft: 3.28084, in: 39.3701 };
const FROM_M3: Record<string, number> = { m3: 1, l: 1000, ml: 1e6 };

function key(unit: string): string {
  return unit.toLowerCase().replace(/\s+/g, '').replace(/³/g, '3');
}

/** A converter from the simulator's unit for `dimension` into `unit`; undefined when the unit is not one of that dimension's. */
export function converter(dimension: 'flow' | 'length' | 'volume', unit: string): ((v: number) => number) | undefined {
  const table = dimension === 'flow' ? FROM_M3H : dimension === 'length' ? FROM_M : FROM_M3;
  const k = table[key(unit)];
  if (k === undefined) return undefined;
  return k === 1 ? (v) => v : (v) => v * k;
}
