import type { TwinModel } from '../model/index.js';
import type { PlantModel } from '../process/index.js';
import { clamp, firstTrip, harm, key, optional, sameWrites, worseWithout } from './impact-compare.js';
import { scenarioFor, simulate, stepFor, watchable, withProbes } from './impact-run.js';
import { conditionText, notesFor, summarize, trendOf, whyChosen } from './impact-summary.js';
import type { Ctx, ImpactReport, ImpactRequest, InterlockOutcome, Run } from './impact-types.js';
import { checkRequest, checkWrites, commandedTags } from './takeover.js';

/**
 * Physical impact of a takeover: what the process does, and when, once an
 * attacker commands what a compromised controller commands. Pure: it runs
 * the plant simulator, no I/O. See `physicalImpact`.
 */

export type {
  CommandedTag,
  ImpactReport,
  ImpactRequest,
  ImpactTrend,
  InterlockOutcome,
  LimitCrossing,
  LimitName,
  ManipulationWrite,
  TriedManipulation,
} from './impact-types.js';
export { MAX_SECONDS } from './impact-types.js';
export { formatDuration, LIMIT_WORDS } from './impact-summary.js';

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
