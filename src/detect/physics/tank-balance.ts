import { IntegralRelation, type IntegralMember } from './integral.js';
import type { FlowMeter, PlantGraph } from './plant-graph.js';
import { unitMember } from './relation.js';

/** Shortest block, s: at 120 s the Hill Road tank's residual σ is ~22 m³/h against its level noise of 4 m³ (see the README). */
export const BALANCE_BLOCK_S = 120;
/** A balance needs this many level readings per block. */
const READINGS_PER_BLOCK = 30;
/** Levels within this share of the bottom or the overflow are left out: outflow is starved or water spills there. */
const EDGE = 0.03;

/**
 * Mass balance of every tank whose level and every inflow and outflow are
 * measured (tank.ts: A·dh/dt = Qin − Qout): the measured volume change
 * against the integrated metered net flow, in m³ per block. Members: the
 * level sensor (a bias is a step), each flow meter (a bias integrates), and
 * the tank itself (an unmetered loss: a leak, a wrong-way valve).
 */
export function tankBalances(g: PlantGraph): IntegralRelation[] {
  const out: IntegralRelation[] = [];
  for (const u of g.units.values()) {
    if (u.kind !== 'tank') continue;
    const level = g.level(u.id);
    const inflow = g.inflow(u.id);
    const outflow = g.outflow(u.id);
    if (!level || !('tag' in level) || !inflow || !outflow) continue;
    if (inflow.tags.length + outflow.tags.length === 0) continue;
    const levelTag = g.tags.get(level.tag)!;
    const block = Math.max(BALANCE_BLOCK_S, READINGS_PER_BLOCK * levelTag.samplePeriod);
    const meters = [...inflow.tags.map((t) => ({ ...t, sign: 1 })), ...outflow.tags.map((t) => ({ ...t, sign: -1 }))];
    const leak = unitMember(u.id);
    const members: IntegralMember[] = [
      { id: level.tag, kind: 'sensor', tag: level.tag },
      ...meters.map((m): IntegralMember => ({ id: m.id, kind: 'sensor', tag: m.id })),
      { id: leak, kind: 'unit', unit: u.id },
    ];
    const scale = u.area * level.toM;
    const lo = u.height * EDGE;
    const hi = u.height * (1 - EDGE);
    const span = levelTag.range.max - levelTag.range.min;
    out.push(
      new IntegralRelation(
        {
          id: `tank-balance:${u.id}`,
          kind: 'tank-balance',
          unit: u.id,
          target: level.tag,
          inputs: meters.map((m) => m.id),
          members,
          blockSeconds: block,
          residualUnit: 'm3',
          description: `${u.id}: ${describe(inflow, outflow)} against the level change × ${u.area} m²`,
          stored: (reading) => {
            const h = reading * level.toM;
            // A reading at the transmitter's range end is clamped, not measured.
            if (Math.abs(reading - levelTag.range.min) <= 1e-6 * span || Math.abs(reading - levelTag.range.max) <= 1e-6 * span) return undefined;
            return h > lo && h < hi ? u.area * h : undefined;
          },
          targetScale: scale,
          rate: (v, loss) => {
            let q = -(loss.get(leak) ?? 0);
            for (const m of meters) q += m.sign * v.get(m.id)! * m.toM3h;
            return q;
          },
          sampleNoise: scale * levelTag.noise,
          integralNoise: Math.sqrt(meters.reduce((s, m) => {
            const t = g.tags.get(m.id)!;
            return s + (t.noise * m.toM3h) ** 2 * t.samplePeriod * block;
          }, 0)) / 3600,
        },
        g.tags,
      ),
    );
  }
  return out;
}

function describe(inflow: FlowMeter, outflow: FlowMeter): string {
  const sum = (m: FlowMeter) => (m.tags.length === 0 ? '0' : m.tags.map((t) => t.id).join(' + '));
  return `(${sum(inflow)}) − (${sum(outflow)})`;
}
