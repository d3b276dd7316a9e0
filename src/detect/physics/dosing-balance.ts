import { IntegralRelation, type IntegralMember } from './integral.js';
import type { PlantGraph } from './plant-graph.js';
import { dosedConcentration, isChlorine } from './process-physics.js';

export const DOSING_BLOCK_S = 120;
const READINGS_PER_BLOCK = 20;
const EDGE = 0.03;

/**
 * Chlorine balance of a well-mixed tank fed through links (no pipe: a pipe
 * delays the water) by one hypochlorite dosing point (tank.ts, dosing.ts):
 *   dC/dt = (Q/V)·(Cin − C) − k·C,  Cin = rate·stock / (Q + rate/1000),
 * with Q the tank's metered inflow, V = A·level and k the chemical's decay
 * rate. Tested by integration like a mass balance (integral.ts), in mg/L
 * per block. Only where no other chlorine is dosed upstream (the inflow
 * then carries none). Members: the residual analyser (a bias is a step),
 * the dosing-rate command (dose not delivered as commanded), the inflow
 * meter and the level.
 */
export function dosingBalances(g: PlantGraph): IntegralRelation[] {
  const out: IntegralRelation[] = [];
  const chlorineDosing = [...g.units.values()].filter((u) => u.kind === 'dosing' && isChlorine(u.chemical));
  for (const tank of g.units.values()) {
    if (tank.kind !== 'tank') continue;
    const sensor = g.tagsOn(tank.id, 'chlorine', ['sensor'])[0];
    const level = g.level(tank.id);
    const inflow = g.inflow(tank.id);
    const ins = g.inlets(tank.id);
    if (!sensor || !level || !('tag' in level) || !inflow || inflow.tags.length === 0 || ins.length !== 1) continue;
    const path = upstreamLinks(g, ins[0]!);
    if (!path) continue;
    const doses = path.filter((l) => chlorineDosing.some((d) => d.id === l));
    if (doses.length !== 1 || chlorineDosing.length !== 1 || path.some((l) => g.units.get(l)?.kind === 'pipe')) continue;
    const dosing = g.unit(doses[0]!, 'dosing')!;
    const rateTag = g.tagsOn(dosing.id, 'rate', ['actuator'])[0];
    if (!rateTag) continue;
    const block = Math.max(DOSING_BLOCK_S, READINGS_PER_BLOCK * sensor.samplePeriod);
    const meters = inflow.tags;
    const members: IntegralMember[] = [
      { id: sensor.id, kind: 'sensor', tag: sensor.id },
      { id: rateTag.id, kind: 'actuator', tag: rateTag.id, unit: dosing.id },
      ...meters.map((m): IntegralMember => ({ id: m.id, kind: 'sensor', tag: m.id })),
      { id: level.tag, kind: 'sensor', tag: level.tag },
    ];
    out.push(
      new IntegralRelation(
        {
          id: `dosing:${tank.id}`,
          kind: 'dosing',
          unit: tank.id,
          target: sensor.id,
          inputs: [rateTag.id, level.tag, ...meters.map((m) => m.id)],
          members,
          blockSeconds: block,
          residualUnit: sensor.unit,
          description: `${sensor.id} against the ${dosing.id} dose (${rateTag.id} × ${dosing.stockConcentration} g/L into ${meters.map((m) => m.id).join(' + ')}) mixed into ${tank.id} with decay ${dosing.decayRate}/h`,
          // A reading at the analyser's range end is clamped; one beyond it is not a measurement of water but still what the analyser says.
          stored: (c) => (c === sensor.range.min || c === sensor.range.max ? undefined : c),
          targetScale: 1,
          rate: (v) => {
            const h = v.get(level.tag)! * level.toM;
            if (h < tank.height * EDGE || h > tank.height * (1 - EDGE)) return undefined;
            const vol = tank.area * h;
            let q = 0;
            for (const m of meters) q += Math.max(0, v.get(m.id)! * m.toM3h);
            const rate = Math.min(dosing.maxRate, Math.max(0, v.get(rateTag.id)!));
            const c = v.get(sensor.id)!;
            const cin = dosedConcentration(q, 0, rate, dosing.stockConcentration);
            return (q / vol) * (cin - c) - dosing.decayRate * c;
          },
          sampleNoise: sensor.noise,
          integralNoise: 0,
        },
        g.tags,
      ),
    );
  }
  return out;
}

/** Links upstream of `u` (inclusive) in series back to the first storage, or undefined when the path branches. */
function upstreamLinks(g: PlantGraph, u: string): string[] | undefined {
  const links: string[] = [];
  let cur = u;
  for (let i = 0; i < g.units.size; i++) {
    if (!g.isLink(cur)) return links;
    links.push(cur);
    const ins = g.inlets(cur);
    if (ins.length !== 1) return undefined;
    cur = ins[0]!;
  }
  return undefined;
}
