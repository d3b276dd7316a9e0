import type { Tag } from '../../model/index.js';
import { AlgebraicRelation, type AlgebraicMember } from './algebraic.js';
import { headFactor, sameSet, speedFraction, type PlantGraph } from './plant-graph.js';
import { pumpOperatingPoint } from './process-physics.js';
import { unitMember } from './relation.js';

export const PUMP_BLOCK_S = 120;
export const FEEDBACK_BLOCK_S = 30;
/** s after a pump starts or stops during which its relations do not sample (run-up, valve and check-valve transients). */
export const PUMP_HOLDOFF_S = 15;
/** Std assumed for a 0/1 feedback mismatch sample: a block fully in disagreement is then ~20 σ. */
const FEEDBACK_SAMPLE_NOISE = 0.25;
/** Upstream tanks below this share of their height starve the pumps: no prediction there. */
const STARVED = 0.03;

interface PumpIO {
  id: string;
  maxFlow: number;
  ratedHead: number | undefined;
  run: Tag | undefined;
  speed: Tag | undefined;
  up: Level;
  down: Level;
}

type Level = { tag: string; toM: number; starved: number } | { constant: number } | undefined;

/**
 * Pump relations, per group of parallel pumps whose total flow is metered
 * (pump.ts):
 * - pump-flow: Q = Σ running e·Qr·√max(0, s² − Hs/(1.2·Hr)), Hs the static
 *   lift between the nearest storage levels; predicts the flow meter from
 *   the run commands, the speed reference and the levels. Members: the
 *   meter, the commands, the speed reference, the levels, and each pump
 *   (wear: efficiency 1 − loss).
 * - pump-head: the discharge head of a running pump on its curve is
 *   max(Lup, Ldown) + Hr·(Q/Qr)², whatever its wear (wear scales flow by e
 *   and head by e², which cancels at a measured flow); predicts the
 *   discharge pressure from the meter and the levels. Parallel running
 *   pumps must be identical (they then share the flow equally).
 * - run-feedback: a pump's running status follows its run command.
 */
export function pumpRelations(g: PlantGraph): AlgebraicRelation[] {
  const out: AlgebraicRelation[] = [];
  const done = new Set<string>();
  for (const m of g.units.values()) {
    const ins = g.inlets(m.id);
    if (!g.isLink(m.id) || ins.length === 0) continue;
    if (!ins.every((p) => g.units.get(p)?.kind === 'pump' && sameSet(g.outlets(p), [m.id]))) continue;
    group(g, ins, m.id, out);
    ins.forEach((p) => done.add(p));
  }
  for (const p of g.units.values()) {
    if (p.kind !== 'pump' || done.has(p.id)) continue;
    group(g, [p.id], undefined, out);
  }
  for (const p of g.units.values()) {
    if (p.kind !== 'pump') continue;
    const fb = feedback(g, p.id);
    if (fb) out.push(fb);
  }
  return out;
}

function pumpIO(g: PlantGraph, id: string): PumpIO | undefined {
  const p = g.unit(id, 'pump')!;
  const i = g.topo.index.get(id)!;
  const level = (s: number | undefined): Level | null => {
    if (s === undefined) return { constant: 0 };
    const unit = g.topo.units[s]!;
    const l = g.level(unit.id);
    if (!l) return null;
    if ('constant' in l) return l;
    return { ...l, starved: unit.kind === 'tank' ? unit.height * STARVED : -Infinity };
  };
  const up = level(g.topo.upstreamStorage[i]);
  const down = level(g.topo.downstreamStorage[i]);
  if (up === null || down === null) return undefined;
  return { id, maxFlow: p.maxFlow, ratedHead: p.ratedHead, run: g.runTag(id), speed: g.speedTag(id), up, down };
}

function levelOf(l: Level, v: ReadonlyMap<string, number>): number | undefined {
  if (!l) return 0;
  if ('constant' in l) return l.constant;
  const x = v.get(l.tag);
  return x === undefined ? undefined : x * l.toM;
}

const rating = (p: PumpIO) => (p.ratedHead === undefined ? { maxFlow: p.maxFlow } : { maxFlow: p.maxFlow, ratedHead: p.ratedHead });
const running = (p: PumpIO, v: ReadonlyMap<string, number>) => (p.run ? v.get(p.run.id)! >= 0.5 : true);
const speedOf = (p: PumpIO, v: ReadonlyMap<string, number>) => (p.speed ? Math.min(1, Math.max(0, speedFraction(v.get(p.speed.id)!, p.speed))) : 1);

function group(g: PlantGraph, pumps: readonly string[], merge: string | undefined, out: AlgebraicRelation[]): void {
  const io = pumps.map((p) => pumpIO(g, p));
  if (io.some((x) => x === undefined)) return;
  const ps = io as PumpIO[];
  const meter = merge ? g.groupFlow(pumps, 'out') : g.linkFlow(pumps[0]!);
  if (!meter || meter.tags.length !== 1) return;
  const flowTag = g.tags.get(meter.tags[0]!.id)!;
  const toM3h = meter.tags[0]!.toM3h;
  const levelTags = [...new Set(ps.flatMap((p) => [p.up, p.down]).flatMap((l) => (l && 'tag' in l ? [l.tag] : [])))];
  const runTags = ps.flatMap((p) => (p.run ? [p.run.id] : []));
  const speedTags = [...new Set(ps.flatMap((p) => (p.speed ? [p.speed.id] : [])))];
  const name = merge ?? pumps[0]!;
  const starved = (v: ReadonlyMap<string, number>) => ps.some((p) => p.up && 'tag' in p.up && levelOf(p.up, v)! < p.up.starved);
  const sensors = (ids: string[]): AlgebraicMember[] => ids.map((id) => ({ id, kind: 'sensor', tag: id }));
  const runs: AlgebraicMember[] = runTags.map((id) => ({ id, kind: 'actuator', tag: id, discrete: true }));

  out.push(
    new AlgebraicRelation(
      {
        id: `pump-flow:${name}`,
        kind: 'pump-flow',
        unit: name,
        target: flowTag.id,
        inputs: [...runTags, ...speedTags, ...levelTags],
        members: [
          ...sensors([flowTag.id]),
          ...runs,
          ...speedTags.map((id): AlgebraicMember => ({ id, kind: 'actuator', tag: id })),
          ...sensors(levelTags),
          ...pumps.map((p): AlgebraicMember => ({ id: unitMember(p), kind: 'unit', unit: p })),
        ],
        discrete: runTags,
        holdoffSeconds: PUMP_HOLDOFF_S,
        blockSeconds: PUMP_BLOCK_S,
        residualUnit: flowTag.unit,
        description: `${flowTag.id} against the curves of ${pumps.join(', ')} at their run commands, speed and static lift`,
        predict: (v, loss) => {
          if (starved(v)) return undefined;
          let q = 0;
          for (const p of ps) {
            if (!running(p, v)) continue;
            const lu = levelOf(p.up, v);
            const ld = levelOf(p.down, v);
            if (lu === undefined || ld === undefined) return undefined;
            const e = 1 - Math.min(1, Math.max(0, loss.get(unitMember(p.id)) ?? 0));
            q += pumpOperatingPoint(rating(p), speedOf(p, v), Math.max(0, ld - lu), e).flow;
          }
          return q / toM3h;
        },
      },
      g.tags,
    ),
  );

  const head = headRelation(g, ps, merge, flowTag, toM3h, levelTags, runTags, runs, starved);
  if (head) out.push(head);
}

function headRelation(
  g: PlantGraph, ps: PumpIO[], merge: string | undefined, flowTag: Tag, toM3h: number, levelTags: string[], runTags: string[], runs: AlgebraicMember[],
  starved: (v: ReadonlyMap<string, number>) => boolean,
): AlgebraicRelation | undefined {
  if (ps.some((p) => p.ratedHead === undefined)) return undefined;
  const where = merge ?? ps[0]!.id;
  const pressure = g.tagsOn(where, 'pressure', ['sensor']).find((t) => headFactor(t) !== undefined);
  if (!pressure) return undefined;
  const toHead = headFactor(pressure)!;
  return new AlgebraicRelation(
    {
      id: `pump-head:${where}`,
      kind: 'pump-head',
      unit: where,
      target: pressure.id,
      inputs: [flowTag.id, ...runTags, ...(ps.flatMap((p) => (p.speed ? [p.speed.id] : []))), ...levelTags].filter((x, i, a) => a.indexOf(x) === i),
      members: [
        { id: pressure.id, kind: 'sensor', tag: pressure.id },
        { id: flowTag.id, kind: 'sensor', tag: flowTag.id },
        ...levelTags.map((id): AlgebraicMember => ({ id, kind: 'sensor', tag: id })),
        ...runs,
      ],
      discrete: runTags,
      holdoffSeconds: PUMP_HOLDOFF_S,
      blockSeconds: PUMP_BLOCK_S,
      residualUnit: pressure.unit,
      description: `${pressure.id} against the static head plus the curve head at ${flowTag.id}`,
      predict: (v) => {
        if (starved(v)) return undefined;
        const on = ps.filter((p) => running(p, v) && speedOf(p, v) > 0);
        let headM = -Infinity;
        for (const p of ps) {
          const lu = levelOf(p.up, v);
          if (lu === undefined) return undefined;
          if (!on.includes(p)) headM = Math.max(headM, lu);
        }
        if (on.length > 0) {
          const first = on[0]!;
          if (!on.every((p) => p.maxFlow === first.maxFlow && p.ratedHead === first.ratedHead)) return undefined;
          const each = (v.get(flowTag.id)! * toM3h) / on.length;
          if (each < 0.02 * first.maxFlow) return undefined;
          for (const p of on) {
            const lu = levelOf(p.up, v)!;
            const ld = levelOf(p.down, v);
            if (ld === undefined) return undefined;
            headM = Math.max(headM, Math.max(lu, ld) + p.ratedHead! * (each / p.maxFlow) ** 2);
          }
        }
        return headM / toHead;
      },
    },
    g.tags,
  );
}

function feedback(g: PlantGraph, pump: string): AlgebraicRelation | undefined {
  const run = g.runTag(pump);
  const status = g.runningTag(pump);
  if (!run || !status) return undefined;
  const speed = g.speedTag(pump);
  return new AlgebraicRelation(
    {
      id: `run-feedback:${pump}`,
      kind: 'run-feedback',
      unit: pump,
      target: status.id,
      inputs: [run.id, ...(speed ? [speed.id] : [])],
      members: [
        { id: status.id, kind: 'sensor', tag: status.id },
        { id: run.id, kind: 'actuator', tag: run.id, discrete: true },
      ],
      discrete: [run.id],
      holdoffSeconds: PUMP_HOLDOFF_S,
      blockSeconds: FEEDBACK_BLOCK_S,
      residualUnit: status.unit,
      description: `${status.id} follows ${run.id}`,
      sampleNoise: FEEDBACK_SAMPLE_NOISE,
      predict: (v) => (v.get(run.id)! >= 0.5 && (!speed || speedFraction(v.get(speed.id)!, speed) > 0) ? 1 : 0),
    },
    g.tags,
  );
}
