import type { ProcessUnit, Tag } from '../../model/index.js';
import { DEFAULT_SOURCE } from '../physics/quality.js';
import type { SourceQuality } from '../physics/water-network.js';
import type { WaterUnit } from '../physics/topology.js';
import { canonicalQuantity } from './quantities.js';

const TREATMENT = new Set(['dosing', 'filter', 'heat-exchanger']);

/**
 * Quality of the water sources (reservoirs, links without inlets). Models
 * give no source quality, so it is taken from what the model says the
 * instruments nominally read: a turbidity, temperature or pH tag on the
 * source or on a unit downstream of it before any treatment (dosing,
 * filter, heat exchanger) changes it; otherwise DEFAULT_SOURCE.
 */
export function sourceQualities(units: readonly ProcessUnit[], tags: readonly Tag[]): (unit: WaterUnit) => SourceQuality | undefined {
  const kind = new Map(units.map((u) => [u.id, u.kind]));
  const downstream = new Map<string, string[]>();
  for (const u of units) for (const i of u.inlets) downstream.set(i, [...(downstream.get(i) ?? []), u.id]);
  const nominal = new Map<string, Map<string, number>>();
  for (const t of tags) {
    const q = canonicalQuantity(t.quantity);
    if (!t.processUnit || t.nominal === undefined || (q !== 'turbidity' && q !== 'temperature' && q !== 'ph')) continue;
    if (t.kind !== 'sensor' || kind.get(t.processUnit) === 'pump') continue;
    const m = nominal.get(t.processUnit) ?? new Map<string, number>();
    if (!m.has(q)) m.set(q, t.nominal);
    nominal.set(t.processUnit, m);
  }
  return (unit) => {
    const found: Record<string, number> = {};
    const seen = new Set<string>();
    let frontier = [unit.id];
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const id of frontier) {
        if (seen.has(id)) continue;
        seen.add(id);
        for (const [q, v] of nominal.get(id) ?? []) if (found[q] === undefined) found[q] = v;
        if (!TREATMENT.has(kind.get(id) ?? '')) next.push(...(downstream.get(id) ?? []));
      }
      frontier = next;
    }
    return { turbidity: found.turbidity ?? DEFAULT_SOURCE.turbidity, temperature: found.temperature ?? DEFAULT_SOURCE.temperature, ph: found.ph ?? DEFAULT_SOURCE.ph };
  };
}
