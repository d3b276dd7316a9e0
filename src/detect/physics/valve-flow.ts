import { AlgebraicRelation } from './algebraic.js';
import { positionPercent, type PlantGraph } from './plant-graph.js';
import { moveValve, valveFlowFraction } from './process-physics.js';

export const VALVE_BLOCK_S = 120;
const STARVED = 0.03;

/**
 * Flow through a control valve from its position command (valve.ts): the
 * stem follows the command at 100 %/travelTime, the flow is
 * maxFlow × characteristic(stem), capped by the largest flow of the links in
 * series down to the next storage (a filter's maxFlow). Only for a valve fed
 * straight from storage (nothing upstream limits it) with a metered flow.
 * The stem is a state the relation keeps, replayed from the command
 * readings. Members: the meter, and the position command (a stem stuck or
 * moved off its command: sabotage, a seized actuator).
 */
export function valveRelations(g: PlantGraph): AlgebraicRelation[] {
  const out: AlgebraicRelation[] = [];
  for (const v of g.units.values()) {
    if (v.kind !== 'valve') continue;
    const pos = g.tagsOn(v.id, 'position', ['actuator'])[0];
    const meter = g.linkFlow(v.id);
    const ins = g.inlets(v.id);
    const down = g.seriesDown(v.id);
    if (!pos || !meter || meter.tags.length !== 1 || ins.length !== 1 || g.isLink(ins[0]!) || !down) continue;
    if (down.links.some((l) => g.units.get(l)?.kind === 'pump')) continue;
    let cap = Infinity;
    for (const l of down.links) {
      const u = g.units.get(l)!;
      if (u.kind === 'filter' || u.kind === 'valve') cap = Math.min(cap, u.maxFlow);
    }
    const source = ins[0]!;
    const tank = g.unit(source, 'tank');
    const level = g.level(source);
    const levelTag = tank && level && 'tag' in level ? level : undefined;
    const flowTag = g.tags.get(meter.tags[0]!.id)!;
    const toM3h = meter.tags[0]!.toM3h;
    const stem = `stem:${v.id}`;
    const settling = `settling:${v.id}`;
    let last = NaN;
    let lastTarget = NaN;
    let unsettledUntil = -Infinity;
    out.push(
      new AlgebraicRelation(
        {
          id: `valve-flow:${v.id}`,
          kind: 'valve-flow',
          unit: v.id,
          target: flowTag.id,
          inputs: levelTag ? [levelTag.tag] : [],
          watches: [pos.id],
          members: [
            { id: flowTag.id, kind: 'sensor', tag: flowTag.id },
            { id: pos.id, kind: 'actuator', tag: pos.id, unit: v.id, key: stem, domain: [0, 100] },
          ],
          discrete: [],
          holdoffSeconds: 0,
          blockSeconds: VALVE_BLOCK_S,
          residualUnit: flowTag.unit,
          description: `${flowTag.id} against ${v.maxFlow} m³/h × ${v.characteristic}(stem following ${pos.id})`,
          // Between two command readings the stem may have moved up to
          // 100/travelTime %/s × the sample period; uniform over that span.
          modelNoise: (x) => {
            const at = x.get(stem);
            if (at === undefined) return 0;
            const travel = v.travelTime > 0 ? (100 / v.travelTime) * pos.samplePeriod : 0;
            const slope = (v.maxFlow * (valveFlowFraction(v.characteristic, Math.min(100, at + 0.5)) - valveFlowFraction(v.characteristic, Math.max(0, at - 0.5)))) / toM3h;
            return (slope * travel) / Math.sqrt(12);
          },
          update: (now, s, state) => {
            const cmd = s.value(pos.id, now);
            if (cmd === undefined) {
              // Without a fresh command the stem's position is unknown; start over when one arrives.
              state.delete(stem);
              last = NaN;
              return;
            }
            const target = positionPercent(cmd, pos);
            const was = state.get(stem);
            const dt = (now - last) / 1000;
            // A command that jumps further than the stem travels between two
            // readings (an interlock forcing the valve, a write) may have moved
            // back and forth unseen in between: wait a full stroke.
            if (Number.isFinite(last) && Math.abs(target - lastTarget) > 1 + (v.travelTime > 0 ? (100 / v.travelTime) * dt : 100)) unsettledUntil = now + Math.max(v.travelTime, 1) * 1000;
            state.set(stem, was === undefined || !Number.isFinite(last) ? target : moveValve(was, target, v.travelTime, dt));
            state.set(settling, now < unsettledUntil ? 1 : 0);
            last = now;
            lastTarget = target;
          },
          predict: (x) => {
            const at = x.get(stem);
            if (at === undefined || x.get(settling) === 1) return undefined;
            if (levelTag && tank && x.get(levelTag.tag)! * levelTag.toM < tank.height * STARVED) return undefined;
            return Math.min(v.maxFlow * valveFlowFraction(v.characteristic, at), cap) / toM3h;
          },
        },
        g.tags,
      ),
    );
  }
  return out;
}
