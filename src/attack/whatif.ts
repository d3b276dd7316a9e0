import type { TwinModel } from '../model/index.js';
import { analyzeGraph, type PathsReport } from './analyze.js';
import type { AppliedChange } from './apply-changes.js';
import { buildAttackGraph } from './build.js';
import type { ChangeSet } from './changes.js';
import { forkModel } from './fork-model.js';
import { defaultEntries, defaultGoals, resolveEntry, resolveGoal } from './goals.js';
import type { HardeningPlan } from './hardening.js';
import type { AttackOptions, ObservedFlow } from './options.js';
import { entryMask, reachable } from './reach.js';
import { diffGoals, diffOwners, type GoalDiff, type OwnerDiff, type Side } from './whatif-diff.js';
import { addImpact, diffControllers, type ControllerDiff } from './whatif-physical.js';
import { diffRisk, type RiskDiff } from './whatif-risk.js';

export interface WhatIfOptions {
  /** Entry points (default: the internet, office phishing, every other owner, as `paths`). */
  entries?: string[];
  /** Goals (default: every process unit, critical services, personal data). */
  goals?: string[];
  /** Paths per goal and metric (default 3). */
  k?: number;
  /** Simulate the process outcome of taking each controller whose takeover probability moves (physicalImpact: seconds each). */
  impact?: boolean;
  /** Seconds simulated after each takeover (default 3600). */
  impactSeconds?: number;
  /** Expected loss and posture per owner before and after (risk Monte Carlo: `runs` each side). */
  risk?: boolean;
  /** Monte Carlo runs per side for risk (default: the assessment's, 2000). */
  runs?: number;
  /** Seed of the risk runs and the impact simulations (default 1). */
  seed?: number;
  /** Risk horizon, hours (default: the assessment's, 720). */
  horizonHours?: number;
  /** Flows seen on the network that no conduit declares; `closeObservedFlow` changes remove them. */
  observedFlows?: readonly ObservedFlow[];
  /** Step and change cost overrides, as for `paths`. */
  attack?: Pick<AttackOptions, 'steps' | 'changeCosts'>;
}

export type WhatIfProgress = (done: number, total: number, phase: string) => void;

export interface WhatIfReport {
  model: string;
  /** The change set's name and description. */
  name: string;
  description?: string;
  entries: string[];
  changes: AppliedChange[];
  /** Reachable goals of the chosen ones, before and after. */
  summary: { goals: number; before: number; after: number };
  goals: GoalDiff[];
  owners: OwnerDiff[];
  hardening: { before?: HardeningPlan; after?: HardeningPlan };
  /** Controllers whose takeover probability moved (with `impact`, the process outcome of a takeover). */
  controllers: ControllerDiff[];
  risk?: RiskDiff;
  /** What the comparison left out or could not carry over (an entry or goal the changed model lacks...). */
  notes: string[];
  /** Wall time of each part, seconds. */
  timings: { fork: number; before: number; after: number; impact?: number; risk?: number; total: number };
}

/** Share of the progress bar each part takes (impact and risk dominate when asked for). */
const WEIGHTS = { fork: 1, before: 3, after: 3, impact: 20, risk: 20 };

/**
 * What-if: applies `changeSet` to a fork of `model` (never `model` itself),
 * validates the fork as a model, analyses both with the same entries and
 * goals, and reports the difference: per goal (reachability, best
 * probability and hours, paths gone and appeared), per owner (reachable
 * goals; with `risk`, expected loss and posture), the hardening plan before
 * and after, and the controllers whose takeover probability moved (with
 * `impact`, the simulated process outcome of taking each).
 *
 * Throws AttackError: invalid-changes (ChangesError, naming the change and
 * field) for a change the model cannot take or that leaves it invalid;
 * invalid-request (the message starts with `entries[i]`/`goals[i]`) for an
 * entry or goal the model lacks. RiskError for bad risk options.
 */
export async function whatIf(model: TwinModel, changeSet: ChangeSet, options: WhatIfOptions = {}, onProgress?: WhatIfProgress): Promise<WhatIfReport> {
  const t0 = performance.now();
  const parts = (['fork', 'before', 'after', ...(options.impact ? ['impact'] : []), ...(options.risk ? ['risk'] : [])] as (keyof typeof WEIGHTS)[]);
  const sum = parts.reduce((s, p) => s + WEIGHTS[p], 0);
  const report = (part: keyof typeof WEIGHTS, label = part as string) => {
    const start = parts.slice(0, parts.indexOf(part)).reduce((s, p) => s + WEIGHTS[p], 0);
    return (done: number, total: number) => onProgress?.(Math.round((1000 * (start + (WEIGHTS[part] * done) / Math.max(1, total))) / sum), 1000, label);
  };
  const timings: WhatIfReport['timings'] = { fork: 0, before: 0, after: 0, total: 0 };
  const lap = (() => {
    let t = performance.now();
    return () => {
      const now = performance.now();
      const s = (now - t) / 1000;
      t = now;
      return s;
    };
  })();
  const notes: string[] = [];
  const k = options.k ?? 3;
  const observed = options.observedFlows ?? [];

  // Entries and goals are resolved on the model as it is, first: a wrong name is the request's fault, not the changes'.
  const gBefore = buildAttackGraph(model, { ...options.attack, observedFlows: observed });
  const entries = options.entries?.length ? options.entries : defaultEntries(gBefore, model);
  entries.forEach((e, i) => resolveEntry(gBefore, e, `entries[${i}]`));
  const goals = options.goals?.length ? options.goals : defaultGoals(gBefore, model);
  goals.forEach((x, i) => resolveGoal(gBefore, x, `goals[${i}]`));

  const fork = await forkModel(model, changeSet, observed);
  report('fork')(1, 1);
  timings.fork = lap();
  const before = side(model, gBefore, entries, goals, k, report('before', 'analysing the model as it is'));
  timings.before = lap();

  const gAfter = buildAttackGraph(fork.model, { ...options.attack, observedFlows: fork.observedFlows });
  const has = (f: () => unknown) => {
    try {
      f();
      return true;
    } catch {
      return false;
    }
  };
  const entriesAfter = entries.filter((e) => has(() => resolveEntry(gAfter, e)));
  const goalsAfter = goals.filter((x) => has(() => resolveGoal(gAfter, x)));
  for (const e of entries) if (!entriesAfter.includes(e)) notes.push(`entry ${e} is not in the changed model: the analysis after the changes starts without it`);
  for (const x of goals) if (!goalsAfter.includes(x)) notes.push(`goal ${x} is not in the changed model`);
  const after = side(fork.model, gAfter, entriesAfter, goalsAfter, k, report('after', 'analysing the changed model'));
  timings.after = lap();
  if (fork.applied.some((c) => c.kind === 'narrowFlow')) notes.push('narrowFlow changes a port only; paths are found by protocol, so it moves none');

  const goalDiffs = diffGoals(before, after, new Set(goals.filter((x) => !goalsAfter.includes(x))));
  const changesBy = new Map<string, number>();
  for (const c of fork.applied) if (c.owner) changesBy.set(c.owner, (changesBy.get(c.owner) ?? 0) + 1);
  const owners = diffOwners(before, after, changesBy);
  const controllers = diffControllers(before, after);
  if (options.impact) {
    addImpact(controllers, before, after, { seed: options.seed ?? 1, horizon: options.impactSeconds ?? 3600 }, report('impact', 'simulating takeovers'));
    timings.impact = lap();
  }
  let risk: RiskDiff | undefined;
  if (options.risk) {
    const tick = report('risk');
    risk = diffRisk(model, fork.model, owners, {
      runs: options.runs,
      seed: options.seed ?? 1,
      horizonHours: options.horizonHours,
      entriesBefore: options.entries?.length ? entries : undefined,
      entriesAfter: options.entries?.length ? entriesAfter : undefined,
      observedBefore: observed,
      observedAfter: fork.observedFlows,
    }, (d, t, which) => tick((which === 'before' ? 0 : t) + d, 2 * t));
    timings.risk = lap();
    // Two standard errors of a proportion at its widest (p = 0.5): 2 × 0.5/√n.
    notes.push(`risk: Monte Carlo estimates from ${risk.runs} runs per side (same seed); an outage probability is known to about ±${(100 / Math.sqrt(risk.runs)).toFixed(1)} points, so smaller moves may be chance`);
  }
  timings.total = (performance.now() - t0) / 1000;
  return {
    model: model.name,
    name: changeSet.name,
    ...(changeSet.description ? { description: changeSet.description } : {}),
    entries,
    changes: fork.applied,
    summary: { goals: goals.length, before: before.report.goals.filter((x) => x.reachable).length, after: after.report.goals.filter((x) => x.reachable).length },
    goals: goalDiffs,
    owners,
    hardening: { before: before.report.hardening, after: after.report.hardening },
    controllers,
    ...(risk ? { risk } : {}),
    notes,
    timings,
  };
}

function side(model: TwinModel, g: ReturnType<typeof buildAttackGraph>, entries: string[], goals: string[], k: number, onProgress: (done: number, total: number) => void): Side {
  // With no goal left, analyzeGraph would pick the defaults: an empty query is not "nothing".
  const report: PathsReport = goals.length && entries.length
    ? analyzeGraph(g, model, { entries, goals, k, harden: true }, onProgress)
    : { model: model.name, entries, graph: { nodes: g.size, edges: g.edges, facts: 0, rules: 0, primitives: 0 }, goals: [], reachableFacts: [], chokePoints: [] };
  const holds = entries.length ? reachable(g, entryMask(g, entries.map((e) => resolveEntry(g, e)))) : new Uint8Array(g.size);
  return { model, g, report, holds };
}
