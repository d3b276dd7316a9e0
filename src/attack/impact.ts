import type { Controller, LogicBlock, Tag, TwinModel } from '../model/index.js';
import { PlantSimulator, ProcessError, Scenario, checkScenario, type PlantModel } from '../process/index.js';
import { conditionHolds } from '../process/control/alarms.js';
import { DEADBAND } from '../process/control/limit-alarms.js';
import { AttackError } from './errors.js';

/**
 * Physical impact of a takeover: what the process does, and when, once an
 * attacker commands what a compromised controller commands. Pure: it runs
 * the plant simulator, no I/O. See `physicalImpact`.
 */

export interface ImpactRequest {
  /** Assets the attacker controls (PLC/RTU/safety-controller/drive ids): every tag they write is the attacker's, and logic running on them (interlocks included) is disabled. */
  assets: string[];
  /** Simulated seconds after the takeover (default 3600). */
  horizon?: number;
  /** Seconds of normal operation before the takeover (default 300). */
  takeoverAt?: number;
  seed?: number;
  /** 'worst' (default): search for the manipulation that crosses a safety limit soonest; or explicit writes. */
  manipulation?: 'worst' | { tag: string; value: number }[];
}

export type LimitName = 'lowLow' | 'low' | 'high' | 'highHigh';

/** A sensor or status tag's true (physical) value passing one of its limits after the takeover. */
export interface LimitCrossing {
  /** Seconds after the takeover. */
  at: number;
  tag: string;
  unit: string;
  limit: LimitName;
  /** trip for lowLow/highHigh (a safety limit), alarm for low/high. */
  severity: 'trip' | 'alarm';
  /** The limit's value. */
  threshold: number;
  /** The most extreme value beyond the limit until the end of the run. */
  reached: number;
  /** |reached − threshold| as a share of the tag's range. */
  excess: number;
}

/** A tag the controlled assets write. */
export interface CommandedTag {
  tag: string;
  unit: string;
  range: { min: number; max: number };
  /**
   * output: an actuator of a controlled asset; the attacker's program drives it (nothing else reaches it).
   * setpoint: a setpoint of a controlled asset that logic on another asset reads.
   * network: a tag of another asset that a controlled asset may write (its writableBy, or logic on it); the owner's logic still runs and may override the writes.
   */
  via: 'output' | 'setpoint' | 'network';
  /** Its value (command register) at the takeover. */
  atTakeover: number;
}

export interface ManipulationWrite {
  tag: string;
  value: number;
  unit: string;
}

export interface TriedManipulation {
  /** Writes beyond freezing the outputs; empty: outputs frozen at their takeover values. */
  writes: ManipulationWrite[];
  firstUnsafe?: LimitCrossing;
  /** Limit crossings (alarm and trip) within the horizon. */
  crossings: number;
}

export interface InterlockOutcome {
  controller: string;
  /** The asset the interlock runs on. */
  asset: string;
  description?: string;
  /** e.g. "raw-tank-level above 5.4 m → intake-pump-1-run = 0". */
  condition: string;
  when: { tag: string; above?: number; below?: number };
  force: { tag: string; value: number };
  /** It runs on a controlled asset: the attacker disabled it. */
  disabled: boolean;
  /** It forces an output of a controlled asset, which obeys only the attacker: forcing it changes nothing. */
  overridden: boolean;
  /** Seconds after the takeover its condition first held (it acted, or, disabled, would have); undefined: never within the horizon. */
  triggeredAt?: number;
  /** How many times its condition came to hold (again after 10 s clear). */
  trips: number;
  /** It forced its output: triggered, neither disabled nor overridden. */
  acted: boolean;
  /**
   * What acting did, judged against a run without it (without every
   * interlock of its controller on the same condition): prevented — a trip
   * limit is crossed only without it; limited — crossings come sooner or go
   * further without it; none. Undefined when it did not act.
   */
  effect?: 'prevented' | 'limited' | 'none';
  /** The trip crossings of the run without it that are new, sooner or further. */
  withoutIt?: LimitCrossing[];
}

export interface ImpactTrend {
  /** Seconds after the takeover, evenly spaced from 0. */
  times: number[];
  /** Tags that crossed a limit (the closest to a trip limit when none did), true values. */
  series: { tag: string; unit: string; limits: Partial<Record<LimitName, number>>; values: number[] }[];
}

export interface ImpactReport {
  assets: string[];
  takeoverAt: number;
  horizon: number;
  seed: number;
  /** Simulator step, s. */
  dt: number;
  commanded: CommandedTag[];
  manipulation: {
    mode: 'worst' | 'explicit';
    /** What the attacker writes; outputs of controlled assets not listed stay at their takeover values. */
    writes: ManipulationWrite[];
    why: string;
    tried: TriedManipulation[];
  };
  /** Every limit crossing after the takeover, in time order (limits already passed at the takeover left out). */
  timeline: LimitCrossing[];
  /** The first safety (trip) limit crossing. */
  firstUnsafe?: LimitCrossing;
  interlocks: InterlockOutcome[];
  /** Crossings over the same window without the takeover (normally none). */
  withoutAttack: LimitCrossing[];
  trend: ImpactTrend;
  /** Simulated runs made. */
  runs: number;
  /** Limits of the simulation that apply to this result. */
  notes: string[];
  summary: string;
}

/** Longest horizon and takeover time accepted, s: bounds the work one API request can cause. */
export const MAX_SECONDS = 86_400;
/** Crossings less than this many seconds apart count as simultaneous. */
const TIE = 1;
const TREND_POINTS = 300;
const LIMITS: readonly LimitName[] = ['lowLow', 'low', 'high', 'highHigh'];
/** Alarm messages of the probe blocks, never a real one. */
const PROBE = '\u0000impact-probe:';

type Interlock = Extract<LogicBlock, { type: 'interlock' }>;
interface Commanded {
  tag: Tag;
  via: CommandedTag['via'];
  /** Host the attacker's network writes come from. */
  host: string;
}
interface Probe {
  controller: Controller;
  block: Interlock;
  /** Interlocks of one controller on one condition form one trip function. */
  group: string;
  disabled: boolean;
  overridden: boolean;
}
interface Run {
  crossings: LimitCrossing[];
  /** Least share of a trip limit's margin at the takeover left during the run (negative once crossed), and its watched tag. */
  margin: number;
  closest: number;
  probes: { first?: number; count: number }[];
  atTakeover: number[];
  trend: number[][];
  warnings: readonly string[];
}
interface Ctx {
  model: TwinModel;
  seed: number;
  dt: number;
  takeoverAt: number;
  horizon: number;
  commanded: Commanded[];
  probes: Probe[];
  watched: Tag[];
  /** Simulated runs so far. */
  runs: number;
}

/**
 * Simulates an attacker in control of `request.assets` from `takeoverAt`
 * seconds after the start for `horizon` seconds, and reports the limit
 * crossings, the interlocks, and a trend. Deterministic for a seed.
 *
 * How the takeover is expressed (scenario injections, the simulator's
 * internals untouched): each actuator of a controlled asset gets an
 * `actuator-sabotage` from the takeover on, at the attacker's value or,
 * if not manipulated, frozen at its value then. Sabotage is applied after
 * the scan, so nothing the controller's own logic (interlocks included)
 * or any other controller writes reaches those outputs — what a PLC
 * running the attacker's program does. A re-write every scan
 * (`unauthorized-write` with `every`) would not do: the simulator applies
 * it before the scan, so the genuine logic overwrites it in the same step
 * (an on-off rung restarts a stopped pump). The genuine logic keeps
 * computing, so its registers show what it would command, and alarm
 * probes (added alarm blocks with each interlock's condition, which read
 * exactly what the interlock reads and change nothing) tell when each
 * interlock acts or would have. Setpoints and tags of other assets the
 * controlled assets may write get an `unauthorized-write` every step.
 *
 * 'worst' runs: outputs frozen; each commanded tag at its range minimum and
 * maximum, one at a time; then the individually most harmful value of each
 * tag that is worse than freezing, together; and picks the run crossing a
 * trip limit soonest (ties within 1 s: the larger excess; no trip: the
 * closest approach to one). Every interlock on an uncontrolled asset that
 * acted is judged by a rerun without it. `onProgress` is called after each
 * simulated run (a skipped run counts as done).
 *
 * Throws AttackError: invalid-request (message starts with the field) for
 * an unknown asset, an asset that writes no tag, a horizon ≤ 0, a bad
 * manipulation...; invalid-model when the simulator refuses the model.
 */
export function physicalImpact(model: TwinModel, request: ImpactRequest, onProgress?: (done: number, total: number) => void): ImpactReport {
  const req = checkRequest(model, request);
  const controlled = new Set(req.assets);
  const commanded = commandedTags(model, controlled);
  const explicit = req.manipulation === 'worst' ? undefined : new Map(checkWrites(req.manipulation, commanded).map((w) => [w.tag, w.value]));
  const pinned = new Set(commanded.filter((c) => c.via === 'output').map((c) => c.tag.id));
  const probes = model.process.controllers.flatMap((c) =>
    c.logic.flatMap((b) => (b.type === 'interlock' ? [{ controller: c, block: b, group: `${c.id}\u0000${conditionText(b, model)}`, disabled: controlled.has(c.asset), overridden: pinned.has(b.force.tag) }] : [])),
  );
  const ctx: Ctx = { model, seed: req.seed, dt: stepFor(model), takeoverAt: req.takeoverAt, horizon: req.horizon, commanded, probes, watched: model.process.tags.filter(watchable), runs: 0 };
  const groups = [...new Set(probes.filter((p) => !p.disabled).map((p) => p.group))];
  const searchRuns = explicit ? 1 : 1 + 2 * commanded.length + (commanded.length > 1 ? 1 : 0);
  let done = 0;
  const tick = () => onProgress?.(++done, 1 + searchRuns + groups.length);

  const probed = withProbes(model, probes, undefined);
  const normal = simulate(ctx, probed);
  tick();
  const held = new Map(commanded.map((c, i) => [c.tag.id, clamp(normal.atTakeover[i]!, c.tag)]));
  const { chosen, tried } = search(ctx, probed, held, explicit, tick);
  const interlocks = judge(ctx, chosen, held, groups, tick);

  const unit = (id: string) => model.process.tags.find((t) => t.id === id)?.unit ?? '';
  const writesOf = (m: Map<string, number>) => [...m].map(([tag, value]) => ({ tag, value, unit: unit(tag) }));
  const firstUnsafe = firstTrip(chosen.run.crossings);
  const report: ImpactReport = {
    assets: req.assets,
    takeoverAt: req.takeoverAt,
    horizon: req.horizon,
    seed: req.seed,
    dt: ctx.dt,
    commanded: commanded.map((c) => ({ tag: c.tag.id, unit: c.tag.unit, range: { ...c.tag.range }, via: c.via, atTakeover: held.get(c.tag.id)! })),
    manipulation: {
      mode: explicit ? 'explicit' : 'worst',
      writes: writesOf(chosen.writes),
      why: explicit ? 'as requested' : whyChosen(chosen.run, tried.length),
      tried: tried.map((t) => ({ writes: writesOf(t.writes), ...optional('firstUnsafe', firstTrip(t.run.crossings)), crossings: t.run.crossings.length })),
    },
    timeline: chosen.run.crossings,
    ...optional('firstUnsafe', firstUnsafe),
    interlocks,
    withoutAttack: normal.crossings,
    trend: trendOf(ctx, chosen.run),
    runs: ctx.runs,
    notes: [...notesFor(model, controlled), ...normal.warnings.map((w) => `simulator: ${w}`)],
    summary: '',
  };
  report.summary = summarize(report);
  return report;
}

interface Tried {
  writes: Map<string, number>;
  run: Run;
}

/**
 * The explicit manipulation, or the worst: outputs frozen, each commanded
 * tag at each end of its range alone, then the most harmful value of each
 * tag that beats freezing, together. A manipulation equal to one already
 * run (a tag at its takeover value) is not rerun. Calls `tick` once per
 * planned run, skipped or not.
 */
function search(ctx: Ctx, model: PlantModel, held: Map<string, number>, explicit: Map<string, number> | undefined, tick: () => void): { chosen: Tried; tried: Tried[] } {
  const tried: Tried[] = [];
  const attempt = (writes: Map<string, number>): Run => {
    const same = tried.find((t) => sameWrites(t.writes, writes, held, ctx.commanded));
    const run = same?.run ?? simulate(ctx, model, scenarioFor(ctx, writes, held));
    if (!same) tried.push({ writes, run });
    tick();
    return run;
  };
  if (explicit) {
    attempt(explicit);
    return { chosen: tried[0]!, tried };
  }
  const frozen = attempt(new Map());
  const best = new Map<string, { v: number; run: Run }>();
  for (const c of ctx.commanded) {
    for (const v of [c.tag.range.min, c.tag.range.max]) {
      const run = attempt(new Map([[c.tag.id, v]]));
      const b = best.get(c.tag.id);
      if (!b || harm(run, b.run) < 0) best.set(c.tag.id, { v, run });
    }
  }
  const worse = [...best].filter(([, b]) => harm(b.run, frozen) < 0);
  if (worse.length > 1) attempt(new Map(worse.map(([t, b]) => [t, b.v])));
  else if (ctx.commanded.length > 1) tick();
  return { chosen: tried.reduce((a, b) => (harm(b.run, a.run) < 0 ? b : a)), tried };
}

/**
 * Each interlock in the chosen run; each trip function (a controller's
 * interlocks on one condition) on an uncontrolled asset that acted is
 * rerun without it to see what it changed. Calls `tick` once per group.
 */
function judge(ctx: Ctx, chosen: Tried, held: Map<string, number>, groups: string[], tick: () => void): InterlockOutcome[] {
  const out = ctx.probes.map((p, i): InterlockOutcome => {
    const f = chosen.run.probes[i]!;
    return {
      controller: p.controller.id,
      asset: p.controller.asset,
      ...(p.block.description ? { description: p.block.description } : {}),
      condition: `${conditionText(p.block, ctx.model)} → ${p.block.force.tag} = ${p.block.force.value}`,
      when: { ...p.block.when },
      force: { ...p.block.force },
      disabled: p.disabled,
      overridden: p.overridden,
      ...optional('triggeredAt', f.first),
      trips: f.count,
      acted: f.first !== undefined && !p.disabled && !p.overridden,
    };
  });
  const scenario = scenarioFor(ctx, chosen.writes, held);
  for (const g of groups) {
    const members = ctx.probes.flatMap((p, i) => (p.group === g && out[i]!.acted ? [i] : []));
    if (members.length > 0) {
      const without = simulate(ctx, withProbes(ctx.model, ctx.probes, g), scenario);
      const worse = worseWithout(chosen.run, without);
      const effect = worse.some((w) => !chosen.run.crossings.some((c) => key(c) === key(w))) ? 'prevented' : worse.length > 0 ? 'limited' : 'none';
      for (const i of members) Object.assign(out[i]!, { effect, withoutIt: worse });
    }
    tick();
  }
  return out;
}

/** Defaults applied; every field checked, since requests come from API bodies. */
function checkRequest(model: TwinModel, r: ImpactRequest): Required<ImpactRequest> {
  if (typeof r !== 'object' || r === null) throw bad('request', 'expected an object with "assets"');
  if (!Array.isArray(r.assets) || r.assets.length === 0) throw bad('assets', 'expected a non-empty list of asset ids');
  const ids = new Set(model.assets.map((a) => a.id));
  r.assets.forEach((a, i) => {
    if (typeof a !== 'string' || !ids.has(a)) throw bad(`assets[${i}]`, `no asset ${JSON.stringify(a)} in the model`);
  });
  const seconds = (field: 'horizon' | 'takeoverAt', v: unknown, def: number): number => {
    if (v === undefined) return def;
    const low = field === 'horizon' ? 'greater than 0' : 'from 0';
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (v === 0 && field === 'horizon') || v > MAX_SECONDS) throw bad(field, `expected seconds ${low} up to ${MAX_SECONDS}; got ${String(v)}`);
    if (Math.abs(v * 1000 - Math.round(v * 1000)) > 1e-6) throw bad(field, `expected whole milliseconds; got ${v}`);
    return v;
  };
  const seed = r.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw bad('seed', `expected an integer from 0 to 4294967295; got ${String(r.seed)}`);
  const m = r.manipulation ?? 'worst';
  if (m !== 'worst' && (!Array.isArray(m) || m.length === 0)) throw bad('manipulation', 'expected "worst" or a non-empty list of { tag, value }');
  const assets = [...new Set(r.assets)];
  const controlled = new Set(assets);
  const writers = writersByAsset(model, controlled);
  assets.forEach((a) => {
    if (!writers.has(a)) throw bad(`assets[${r.assets.indexOf(a)}]`, `asset "${a}" writes no tag (no actuator or setpoint of its own, no logic with outputs, in no tag's writableBy)`);
  });
  return { assets, horizon: seconds('horizon', r.horizon, 3600), takeoverAt: seconds('takeoverAt', r.takeoverAt, 300), seed, manipulation: m };
}

function checkWrites(list: { tag: string; value: number }[], commanded: Commanded[]): { tag: string; value: number }[] {
  const seen = new Set<string>();
  return list.map((w, i) => {
    const at = `manipulation[${i}]`;
    if (typeof w !== 'object' || w === null) throw bad(at, 'expected { tag, value }');
    const c = commanded.find((x) => x.tag.id === w.tag);
    if (!c) throw bad(`${at}.tag`, `${JSON.stringify(w.tag)} is not a tag the controlled assets write (they write ${commanded.map((x) => x.tag.id).join(', ') || 'none'})`);
    if (seen.has(w.tag)) throw bad(`${at}.tag`, `"${w.tag}" is written twice`);
    seen.add(w.tag);
    const { min, max } = c.tag.range;
    if (typeof w.value !== 'number' || !Number.isFinite(w.value) || w.value < min || w.value > max) throw bad(`${at}.value`, `expected a number within the range of "${w.tag}" [${min}, ${max}] ${c.tag.unit}; got ${String(w.value)}`);
    return { tag: w.tag, value: w.value };
  });
}

function bad(field: string, message: string): AttackError {
  return new AttackError('invalid-request', `${field}: ${message}`);
}

/** Assets among `controlled` that write at least one tag, by any of the ways `commandedTags` knows. */
function writersByAsset(model: TwinModel, controlled: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const t of model.process.tags) {
    if (t.kind !== 'actuator' && t.kind !== 'setpoint') continue;
    if (controlled.has(t.asset)) out.add(t.asset);
    for (const a of t.writableBy) if (controlled.has(a)) out.add(a);
  }
  for (const c of model.process.controllers) if (controlled.has(c.asset) && outputsOf(c).length > 0) out.add(c.asset);
  return out;
}

/** The tags the controlled assets write, in model order; see CommandedTag.via. */
function commandedTags(model: TwinModel, controlled: Set<string>): Commanded[] {
  const readElsewhere = new Set<string>();
  const logicOut = new Map<string, string>();
  for (const c of model.process.controllers) {
    if (controlled.has(c.asset)) for (const t of outputsOf(c)) logicOut.set(t, c.asset);
    else for (const b of c.logic) for (const t of inputsOf(b)) readElsewhere.add(t);
  }
  const assets = new Map(model.assets.map((a) => [a.id, a]));
  const host = (id: string) => {
    const addr = assets.get(id)?.addresses.find((a) => a.ip ?? a.hostname);
    return addr?.ip ?? addr?.hostname ?? id;
  };
  return model.process.tags.flatMap((tag): Commanded[] => {
    if (tag.kind !== 'actuator' && tag.kind !== 'setpoint') return [];
    if (controlled.has(tag.asset)) {
      if (tag.kind === 'actuator') return [{ tag, via: 'output', host: host(tag.asset) }];
      return readElsewhere.has(tag.id) ? [{ tag, via: 'setpoint', host: host(tag.asset) }] : [];
    }
    const by = tag.writableBy.find((a) => controlled.has(a)) ?? logicOut.get(tag.id);
    return by ? [{ tag, via: 'network', host: host(by) }] : [];
  });
}

function outputsOf(c: Controller): string[] {
  return c.logic.flatMap((b) => (b.type === 'on-off' || b.type === 'pid' ? [b.output] : b.type === 'interlock' ? [b.force.tag] : []));
}

function inputsOf(b: LogicBlock): string[] {
  if (b.type === 'on-off') return [b.input];
  if (b.type === 'pid') return typeof b.setpoint === 'string' ? [b.input, b.setpoint] : [b.input];
  return [b.when.tag];
}

/**
 * Simulator step, s: the shortest scan cycle of a controller with a PID
 * block, at most 1 s. A PID integrates with its scan cycle as the time step
 * however long the simulator stepped (ControllerRuntime.scan), so a longer
 * step would slow its loop; interlocks and on-off rungs react once a step.
 */
function stepFor(model: TwinModel): number {
  const scans = model.process.controllers.filter((c) => c.logic.some((b) => b.type === 'pid')).map((c) => c.scanCycleMs);
  return Math.min(1000, ...scans) / 1000;
}

function watchable(t: Tag): boolean {
  return t.kind !== 'actuator' && t.kind !== 'setpoint' && LIMITS.some((l) => t.limits?.[l] !== undefined);
}

/** The model with an alarm probe after each controller's logic per interlock, and without the interlocks of group `drop`. */
function withProbes(model: TwinModel, probes: Probe[], drop: string | undefined): PlantModel {
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
function scenarioFor(ctx: Ctx, writes: Map<string, number>, held: Map<string, number>): Scenario {
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
function simulate(ctx: Ctx, model: PlantModel, scenario?: Scenario): Run {
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

/** Negative when run a is more harmful than b: a trip limit sooner (beyond TIE), then a larger trip excess, then less of a trip margin left. */
function harm(a: Run, b: Run): number {
  const ta = firstTrip(a.crossings)?.at ?? Infinity;
  const tb = firstTrip(b.crossings)?.at ?? Infinity;
  if (ta !== tb && !(Math.abs(ta - tb) <= TIE)) return ta < tb ? -1 : 1;
  const ea = tripExcess(a);
  const eb = tripExcess(b);
  if (ea !== eb) return ea > eb ? -1 : 1;
  return a.margin === b.margin ? 0 : a.margin < b.margin ? -1 : 1;
}

function tripExcess(r: Run): number {
  return Math.max(0, ...r.crossings.filter((c) => c.severity === 'trip').map((c) => c.excess));
}

/** The earliest trip crossing; at the same instant, the larger excess. */
function firstTrip(crossings: LimitCrossing[]): LimitCrossing | undefined {
  let best: LimitCrossing | undefined;
  for (const c of crossings) if (c.severity === 'trip' && (!best || c.at < best.at || (c.at === best.at && c.excess > best.excess))) best = c;
  return best;
}

/** Trip crossings of `without` that `run` does not have, has later (beyond TIE), or with a smaller excess (beyond the alarm deadband). */
function worseWithout(run: Run, without: Run): LimitCrossing[] {
  return without.crossings.filter((w) => {
    if (w.severity !== 'trip') return false;
    const c = run.crossings.find((x) => key(x) === key(w));
    return !c || w.at < c.at - TIE || w.excess > c.excess + DEADBAND;
  });
}

function key(c: LimitCrossing): string {
  return `${c.tag}\u0000${c.limit}`;
}

function sameWrites(a: Map<string, number>, b: Map<string, number>, held: Map<string, number>, commanded: Commanded[]): boolean {
  return commanded.every((c) => {
    const f = (m: Map<string, number>) => m.get(c.tag.id) ?? (c.via === 'output' ? held.get(c.tag.id) : undefined);
    return f(a) === f(b);
  });
}

function clamp(v: number, tag: Tag): number {
  return Math.min(tag.range.max, Math.max(tag.range.min, v));
}

function round6(v: number): number {
  return Number(v.toPrecision(6));
}

function optional<K extends string, V>(k: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [k]: v }) as { [P in K]?: V };
}

function trendOf(ctx: Ctx, run: Run): ImpactTrend {
  const crossed = new Set(run.crossings.map((c) => c.tag));
  const pick = ctx.watched.flatMap((t, i) => (crossed.has(t.id) || (crossed.size === 0 && i === run.closest) ? [i] : []));
  const n = run.trend[0]?.length ?? 0;
  const step = Math.max(1, Math.ceil((ctx.horizon * 1000) / TREND_POINTS / Math.round(ctx.dt * 1000))) * Math.round(ctx.dt * 1000);
  return {
    times: Array.from({ length: n }, (_, k) => (k * step) / 1000),
    series: pick.map((i) => {
      const t = ctx.watched[i]!;
      const limits = Object.fromEntries(LIMITS.flatMap((l) => (t.limits?.[l] === undefined ? [] : [[l, t.limits[l]!]])));
      return { tag: t.id, unit: t.unit, limits, values: run.trend[i]! };
    }),
  };
}

function conditionText(b: Interlock, model: TwinModel): string {
  const unit = model.process.tags.find((t) => t.id === b.when.tag)?.unit ?? '';
  const u = unit && unit !== 'bool' ? ` ${unit}` : '';
  const parts = [b.when.above !== undefined ? `above ${b.when.above}${u}` : '', b.when.below !== undefined ? `below ${b.when.below}${u}` : ''].filter(Boolean);
  return `${b.when.tag} ${parts.join(' or ')}`;
}

function whyChosen(run: Run, tried: number): string {
  const f = firstTrip(run.crossings);
  if (f) return `of ${tried} manipulations tried, it crosses a trip limit soonest (${f.tag} ${LIMIT_WORDS[f.limit]} after ${formatDuration(f.at)})`;
  return `of ${tried} manipulations tried, none crosses a trip limit; this one comes closest`;
}

/** Logic on a controlled asset that writes tags of other assets: the simulator cannot switch it off, so its writes go on. */
function notesFor(model: TwinModel, controlled: Set<string>): string[] {
  const owner = new Map(model.process.tags.map((t) => [t.id, t.asset]));
  return model.process.controllers.flatMap((c) => {
    const foreign = controlled.has(c.asset) ? [...new Set(outputsOf(c).filter((t) => !controlled.has(owner.get(t) ?? '')))] : [];
    return foreign.length === 0 ? [] : [`${c.id} on ${c.asset} writes ${foreign.join(', ')} of other assets; the simulator cannot switch its logic off, so those writes go on after the takeover`];
  });
}

export const LIMIT_WORDS: Record<LimitName, string> = { lowLow: 'low-low', low: 'low', high: 'high', highHigh: 'high-high' };

/** "4 min 10 s", "1 h 2 min", "0.4 s". */
export function formatDuration(seconds: number): string {
  if (seconds < 10) return `${Number(seconds.toFixed(1))} s`;
  const s = Math.round(seconds);
  const parts = [Math.floor(s / 3600) && `${Math.floor(s / 3600)} h`, Math.floor((s % 3600) / 60) && `${Math.floor((s % 3600) / 60)} min`, s % 60 && `${s % 60} s`];
  return parts.filter(Boolean).join(' ');
}

function num(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** One paragraph for people: the takeover, the first trip and up to two more, and the interlocks that mattered (one mention per trip function). */
function summarize(r: ImpactReport): string {
  const u = (unit: string) => (unit && unit !== 'bool' ? ` ${unit}` : '');
  const writes = r.manipulation.writes.map((w) => `${w.tag} = ${num(w.value)}${u(w.unit)}`).join(', ');
  const head = `${r.assets.join(', ')} taken over at ${num(r.takeoverAt)} s${writes ? ` (attacker sets ${writes})` : ' (outputs frozen)'}`;
  const trips = r.timeline.filter((c) => c.severity === 'trip' && c !== r.firstUnsafe).slice(0, 2);
  const f = r.firstUnsafe;
  const what = f
    ? `${f.tag} passes its ${LIMIT_WORDS[f.limit]} limit ${num(f.threshold)}${u(f.unit)} after ${formatDuration(f.at)} (reaches ${num(f.reached)}${u(f.unit)})${trips.map((c) => `, then ${c.tag} ${LIMIT_WORDS[c.limit]} ${num(c.threshold)}${u(c.unit)} after ${formatDuration(c.at)}`).join('')}`
    : `no safety limit crossed within ${formatDuration(r.horizon)}${r.timeline[0] ? ` (first alarm: ${r.timeline[0].tag} ${LIMIT_WORDS[r.timeline[0].limit]} after ${formatDuration(r.timeline[0].at)})` : ''}`;
  const parts = [`${head}: ${what}`];
  // Disabled interlocks are named when they guard a tag that crossed a trip limit; the rest are counted.
  const tripped = new Set(r.timeline.filter((c) => c.severity === 'trip').map((c) => c.tag));
  const seen = new Set<string>();
  const named = new Set<InterlockOutcome>();
  for (const i of r.interlocks) {
    const group = `${i.controller}\u0000${i.condition.split(' → ')[0]}`;
    const name = `the interlock on ${i.asset} (${i.description ?? i.condition})`;
    if (i.disabled && i.triggeredAt !== undefined && tripped.has(i.when.tag)) {
      named.add(i);
      if (!seen.has(group)) parts.push(`${name} was disabled by the attacker; it would have acted after ${formatDuration(i.triggeredAt)}`);
    } else if (i.acted && i.effect !== undefined && i.effect !== 'none') {
      const w = i.withoutIt?.[0];
      const alt = w ? `: without it ${w.tag} would pass ${LIMIT_WORDS[w.limit]} after ${formatDuration(w.at)} and reach ${num(w.reached)}${u(w.unit)}` : '';
      if (!seen.has(group)) parts.push(`${name} acted after ${formatDuration(i.triggeredAt!)} and ${i.effect === 'prevented' ? 'prevented a trip' : 'limited the excursion'}${alt}`);
    } else continue;
    seen.add(group);
  }
  const rest = r.interlocks.filter((i) => i.disabled && !named.has(i));
  if (rest.length > 0) {
    const on = [...new Set(rest.map((i) => i.asset))].join(', ');
    const would = rest.filter((i) => i.triggeredAt !== undefined).length;
    parts.push(`${rest.length}${named.size > 0 ? ' other' : ''} interlock${rest.length > 1 ? 's' : ''} on ${on} disabled by the attacker (${would === 0 ? 'none' : would} would have acted)`);
  }
  return `${parts.join('; ')}.`;
}
