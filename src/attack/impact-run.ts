import type { Tag, TwinModel } from '../model/index.js';
import { PlantSimulator, ProcessError, Scenario, checkScenario, type PlantModel } from '../process/index.js';
import { conditionHolds } from '../process/control/alarms.js';
import { DEADBAND } from '../process/control/limit-alarms.js';
import { AttackError } from './errors.js';
import { LIMITS, PROBE, TREND_POINTS, type Ctx, type LimitCrossing, type Probe, type Run } from './impact-types.js';

/** One simulated run of a takeover: the plant model with interlock probes, the injections expressing the takeover, and what the run saw. */

/**
 * Simulator step, s: the shortest scan cycle of a controller with a PID
 * block, at most 1 s. A PID integrates with its scan cycle as the time step
 * however long the simulator stepped (ControllerRuntime.scan), so a longer
 * step would slow its loop; interlocks and on-off rungs react once a step.
 */
export function stepFor(model: TwinModel): number {
  const scans = model.process.controllers.filter((c) => c.logic.some((b) => b.type === 'pid')).map((c) => c.scanCycleMs);
  return Math.min(1000, ...scans) / 1000;
}

export function watchable(t: Tag): boolean {
  return t.kind !== 'actuator' && t.kind !== 'setpoint' && LIMITS.some((l) => t.limits?.[l] !== undefined);
}

/** The model with an alarm probe after each controller's logic per interlock, and without the interlocks of group `drop`. */
export function withProbes(model: TwinModel, probes: Probe[], drop: string | undefined): PlantModel {
  const controllers = model.process.controllers.map((c) => ({
    ...c,
    logic: [
      ...c.logic.filter((b) => !(b.type === 'interlock' && probes.some((p) => p.block === b && p.group === drop))),
      ...probes.flatMap((p, i) => (p.controller === c ? [{ type: 'alarm' as const, when: p.block.when, severity: 'low' as const, message: `${PROBE}${i}` }] : [])),
    ],
  }));
  return { process: { ...model.process, controllers }, assets: model.assets };
}

/** The injections expressing the takeover with `writes` (tag → value); outputs not written are frozen at `held`. */
export function scenarioFor(ctx: Ctx, writes: Map<string, number>, held: Map<string, number>): Scenario {
  const injections = ctx.commanded.flatMap((c, k): object[] => {
    const value = writes.get(c.tag.id);
    const base = { id: `takeover-${k}`, tag: c.tag.id, start: ctx.takeoverAt, class: 'attack' };
    if (c.via === 'output') return [{ ...base, kind: 'actuator-sabotage', technique: ['T0889', 'T0831'], params: { value: value ?? held.get(c.tag.id)! } }];
    if (value === undefined) return [];
    return [{ ...base, kind: 'unauthorized-write', technique: ['T0855', 'T0831'], params: { value, host: c.host, protocol: protocolOf(c.tag), every: ctx.dt } }];
  });
  const parsed = Scenario.safeParse({ scenario: 1, name: 'takeover', seed: ctx.seed, duration: ctx.takeoverAt + ctx.horizon, injections });
  const problems = parsed.success ? checkScenario(parsed.data, ctx.model) : [];
  if (!parsed.success || problems.length > 0) {
    throw new AttackError('invalid-scenario', `the takeover injections were refused: ${parsed.success ? problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ') : parsed.error.message}`);
  }
  return parsed.data;
}

function protocolOf(tag: Tag): 'mqtt' | 'modbus-tcp' | 'opc-ua' {
  const p = tag.bindings[0]?.protocol;
  return p === 'mqtt' ? 'mqtt' : p === 'opcua' ? 'opc-ua' : 'modbus-tcp';
}

/** One run: normal operation to the takeover, then the horizon, watching limits (true values), probes and a trend. */
export function simulate(ctx: Ctx, model: PlantModel, scenario?: Scenario): Run {
  let sim: PlantSimulator;
  try {
    sim = new PlantSimulator(model, { seed: ctx.seed, dt: ctx.dt, ...(scenario ? { scenario } : {}) });
  } catch (err) {
    if (err instanceof ProcessError) throw new AttackError(err.code === 'invalid-scenario' ? 'invalid-scenario' : 'invalid-model', `the simulator refused the ${err.code === 'invalid-scenario' ? 'takeover injections' : 'model'}: ${err.message}`, { cause: err });
    throw err;
  }
  ctx.runs++;
  const t0 = sim.start + Math.round(ctx.takeoverAt * 1000);
  const end = t0 + Math.round(ctx.horizon * 1000);
  const every = Math.max(1, Math.ceil((ctx.horizon * 1000) / TREND_POINTS / Math.round(ctx.dt * 1000)));
  while (sim.time < t0) sim.step();

  const probes = ctx.probes.map((p) => ({ count: 0, ...(conditionHolds(p.block.when, sim.reported(p.block.when.tag) ?? NaN) ? { first: 0 } : {}) }) as Run['probes'][number]);
  const watched = ctx.watched.map((tag) => ({ tag, span: tag.range.max - tag.range.min || 1, limits: LIMITS.flatMap((l) => (tag.limits?.[l] === undefined ? [] : [{ l, th: tag.limits[l]!, high: l === 'high' || l === 'highHigh' }])) }));
  const state = watched.map((w) => w.limits.map((x) => (beyond(x, sim.truth(w.tag.id)!) ? ('before' as const) : undefined) as LimitCrossing | 'before' | undefined));
  // Distance to each trip limit at the takeover (at least the alarm deadband), to measure how much of it a manipulation uses up.
  const room = watched.map((w) => w.limits.map((x) => Math.max(DEADBAND * w.span, x.high ? x.th - sim.truth(w.tag.id)! : sim.truth(w.tag.id)! - x.th)));
  const run: Run = { crossings: [], margin: Infinity, closest: -1, probes, atTakeover: ctx.commanded.map((c) => sim.truth(c.tag.id)!), trend: watched.map(() => []), warnings: sim.warnings };
  const sample = () => watched.forEach((w, i) => run.trend[i]!.push(round6(sim.truth(w.tag.id)!)));
  sample();
  for (let n = 1; sim.time < end; n++) {
    for (const a of sim.step().alarms) {
      if (!a.message.startsWith(PROBE)) continue;
      const p = probes[Number(a.message.slice(PROBE.length))]!;
      p.first ??= (a.time - t0) / 1000;
      p.count++;
    }
    const at = (sim.time - t0) / 1000;
    watched.forEach((w, i) => {
      const v = sim.truth(w.tag.id)!;
      w.limits.forEach((x, j) => {
        const s = state[i]![j];
        if (s === undefined && beyond(x, v)) {
          const c: LimitCrossing = { at, tag: w.tag.id, unit: w.tag.unit, limit: x.l, severity: x.l === 'lowLow' || x.l === 'highHigh' ? 'trip' : 'alarm', threshold: x.th, reached: v, excess: 0 };
          state[i]![j] = c;
          run.crossings.push(c);
        } else if (s !== undefined && s !== 'before') s.reached = x.high ? Math.max(s.reached, v) : Math.min(s.reached, v);
        if ((x.l === 'lowLow' || x.l === 'highHigh') && s !== 'before') {
          const d = (x.high ? x.th - v : v - x.th) / room[i]![j]!;
          if (d < run.margin) [run.margin, run.closest] = [d, i];
        }
      });
    });
    if (n % every === 0) sample();
  }
  const span = new Map(watched.map((w) => [w.tag.id, w.span]));
  for (const c of run.crossings) c.excess = Math.abs(c.reached - c.threshold) / span.get(c.tag)!;
  return run;
}

function beyond(x: { th: number; high: boolean }, v: number): boolean {
  return x.high ? v > x.th : v < x.th;
}

function round6(v: number): number {
  return Number(v.toPrecision(6));
}
