import type { TwinModel } from '../model/index.js';
import type { PathsReport } from './analyze.js';
import { type AttackGraph, Kind } from './graph.js';
import type { AttackPath } from './paths.js';

/** One side of a what-if: the model, its graph, the analysis, and what holds from the entries. */
export interface Side {
  model: TwinModel;
  g: AttackGraph;
  report: PathsReport;
  holds: Uint8Array;
}

export interface GoalState {
  reachable: boolean;
  /** The most likely path's probability. */
  probability?: number;
  /** The most likely path's hours. */
  hours?: number;
  /** The cheapest path's hours. */
  cheapestHours?: number;
  /** The most likely path: entry > assets taken. */
  path?: string;
}

/** A path found on one side whose steps do not all fire on the other; `steps` are those. */
export interface PathChange {
  path: AttackPath;
  steps: string[];
}

export type GoalChange = 'cut' | 'opened' | 'more likely' | 'less likely' | 'faster' | 'slower' | 'other paths' | 'same' | 'not in the changed model';

export interface GoalDiff {
  goal: string;
  /** Owners of the goal's facts (a unit belongs to the node's domain; data to the asset holding it). */
  owners: string[];
  before: GoalState;
  after: GoalState;
  change: GoalChange;
  /** Paths found before (most likely and cheapest) that no longer work: a step of theirs no longer fires from the entries. */
  gone: PathChange[];
  /** Paths found after that use a step that did not fire before. */
  appeared: PathChange[];
}

export interface OwnerDiff {
  domain: string;
  name?: string;
  /** The chosen goals' facts this owner owns, and how many of them are reachable. */
  goals: { total: number; before: number; after: number };
  /** Every goal fact of this owner reachable from the entries (controls, manipulates, disrupts, steals), chosen or not. */
  exposed: { before: number; after: number };
  /** Changes in the set this owner would make. */
  changes: number;
  /** Expected loss and posture (0-100) from the risk assessment, when asked for. */
  risk?: { expectedLoss: { before: number; after: number }; posture: { before: number; after: number } };
}

const EPS = 1e-9;
const GOAL_FACT = /^(manipulates|controls|disrupts|steals)\(/;
const chain = (p: AttackPath) => [p.entry || '?', ...p.assets].join(' > ');
const pathKey = (p: AttackPath) => `${p.entry}|${p.steps.map((s) => s.step).join('|')}`;

/** Labels of the rules that fire from the entries. */
export function firingRules(s: Side): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < s.g.size; i++) if (s.holds[i] && s.g.kinds[i] === Kind.Rule) out.add(s.g.info[i]!.label);
  return out;
}

function stateOf(r: PathsReport['goals'][number] | undefined): GoalState {
  if (!r?.reachable) return { reachable: false };
  const best = r.mostLikely[0];
  return { reachable: true, probability: best?.probability, hours: best?.hours, cheapestHours: r.cheapest[0]?.hours, path: best ? chain(best) : undefined };
}

function classify(b: GoalState, a: GoalState, moved: boolean): GoalChange {
  if (b.reachable && !a.reachable) return 'cut';
  if (!b.reachable && a.reachable) return 'opened';
  if (!b.reachable) return 'same';
  const dp = (a.probability ?? 0) - (b.probability ?? 0);
  if (dp > EPS) return 'more likely';
  if (dp < -EPS) return 'less likely';
  const dh = (a.cheapestHours ?? 0) - (b.cheapestHours ?? 0);
  if (dh < -EPS) return 'faster';
  if (dh > EPS) return 'slower';
  return moved ? 'other paths' : 'same';
}

/** The distinct paths of a goal (most likely, then cheapest) whose steps do not all fire in `firing`. */
function changedPaths(r: PathsReport['goals'][number] | undefined, firing: Set<string>, entries: Set<string>): PathChange[] {
  if (!r) return [];
  const seen = new Set<string>();
  const out: PathChange[] = [];
  for (const p of [...r.mostLikely, ...r.cheapest]) {
    const key = pathKey(p);
    if (seen.has(key)) continue;
    seen.add(key);
    const steps = p.steps.map((s) => s.step).filter((s) => !firing.has(s));
    if (steps.length || !entries.has(p.entry)) out.push({ path: p, steps });
  }
  return out;
}

/** Per goal: reachability, best probability and hours before and after, and the paths that went or came. */
export function diffGoals(before: Side, after: Side, missing: ReadonlySet<string>): GoalDiff[] {
  const firedBefore = firingRules(before);
  const firedAfter = firingRules(after);
  const entriesBefore = new Set(before.report.entries);
  const entriesAfter = new Set(after.report.entries);
  const afterGoals = new Map(after.report.goals.map((x) => [x.goal, x]));
  return before.report.goals.map((b) => {
    const a = afterGoals.get(b.goal);
    const owners = [...new Set(b.facts.map((f) => before.g.info[before.g.find(f)!]?.domain).filter((d): d is string => !!d))];
    const gone = changedPaths(b, firedAfter, entriesAfter);
    const appeared = changedPaths(a, firedBefore, entriesBefore);
    const bs = stateOf(b);
    const as = stateOf(a);
    const change = missing.has(b.goal) ? 'not in the changed model' : classify(bs, as, gone.length + appeared.length > 0);
    return { goal: b.goal, owners, before: bs, after: as, change, gone, appeared };
  });
}

/** Per owner: how many of its chosen goals and of all its goal facts are reachable, before and after. */
export function diffOwners(before: Side, after: Side, changesBy: ReadonlyMap<string, number>): OwnerDiff[] {
  const chosen = new Set(before.report.goals.flatMap((x) => x.facts));
  const count = (s: Side, onlyChosen: boolean, live: boolean) => {
    const out = new Map<string, number>();
    for (let i = 0; i < s.g.size; i++) {
      if (s.g.kinds[i] !== Kind.Fact) continue;
      const { label, domain } = s.g.info[i]!;
      if (!domain || (onlyChosen ? !chosen.has(label) : !GOAL_FACT.test(label)) || (live && !s.holds[i])) continue;
      out.set(domain, (out.get(domain) ?? 0) + 1);
    }
    return out;
  };
  const total = count(before, true, false);
  const [gb, ga, eb, ea] = [count(before, true, true), count(after, true, true), count(before, false, true), count(after, false, true)];
  const domains = [...before.model.domains, ...after.model.domains.filter((d) => !before.model.domains.some((x) => x.id === d.id))];
  return domains.map((d) => ({
    domain: d.id,
    name: d.name,
    goals: { total: total.get(d.id) ?? 0, before: gb.get(d.id) ?? 0, after: ga.get(d.id) ?? 0 },
    exposed: { before: eb.get(d.id) ?? 0, after: ea.get(d.id) ?? 0 },
    changes: changesBy.get(d.id) ?? 0,
  }));
}
