import type { TwinModel } from '../model/index.js';
import { buildAttackGraph } from './build.js';
import { defaultEntries, defaultGoals, resolveEntry, resolveGoal } from './goals.js';
import { type AttackGraph, Kind } from './graph.js';
import { harden, type HardeningPlan } from './hardening.js';
import { kBestPaths, type AttackPath } from './paths.js';
import { weights } from './best.js';
import { entryMask, reachable, type Mask } from './reach.js';
import type { AttackOptions } from './options.js';

export interface PathsQuery {
  /** Entry points (see goals.ts); default: the internet, office phishing, every other owner. */
  entries?: string[];
  /** Goals (see goals.ts); default: every process unit, critical services, personal data. */
  goals?: string[];
  /** Paths per goal and metric (default 3). */
  k?: number;
  /** Also compute the least-cost hardening plan (default true). */
  harden?: boolean;
}

export interface GoalResult {
  goal: string;
  /** The graph facts the goal stands for. */
  facts: string[];
  reachable: boolean;
  mostLikely: AttackPath[];
  cheapest: AttackPath[];
}

export interface ChokePoint {
  /** The fact (`execCode(ews, user)`, `netAccess(...)`) whose loss cuts goals. */
  fact: string;
  subject?: string;
  domain?: string;
  /** Goals no longer reachable without it. */
  cuts: string[];
}

export interface PathsReport {
  model: string;
  entries: string[];
  graph: { nodes: number; edges: number; facts: number; rules: number; primitives: number };
  goals: GoalResult[];
  /** Every goal fact reachable from the entries (beyond the chosen goals: all controls, services, data). */
  reachableFacts: string[];
  chokePoints: ChokePoint[];
  hardening?: HardeningPlan;
}

export function resolveQuery(g: AttackGraph, model: TwinModel, q: PathsQuery): { entries: string[]; entryIds: number[]; goals: { spec: string; ids: number[] }[] } {
  const entries = q.entries?.length ? q.entries : defaultEntries(g, model);
  const entryIds = entries.map((e, i) => resolveEntry(g, e, `entries[${i}]`));
  const goals = (q.goals?.length ? q.goals : defaultGoals(g, model)).map((spec, i) => ({ spec, ids: resolveGoal(g, spec, `goals[${i}]`) }));
  return { entries, entryIds, goals };
}

/** Attack paths of a model: reachable goals, the k most likely and cheapest paths to each, choke points and hardening advice. */
export function analyzePaths(model: TwinModel, query: PathsQuery = {}, options: AttackOptions = {}, onProgress?: (done: number, total: number) => void): PathsReport {
  const g = buildAttackGraph(model, options);
  return analyzeGraph(g, model, query, onProgress);
}

export function analyzeGraph(g: AttackGraph, model: TwinModel, query: PathsQuery, onProgress?: (done: number, total: number) => void): PathsReport {
  const { entries, entryIds, goals } = resolveQuery(g, model, query);
  const k = query.k ?? 3;
  const off = entryMask(g, entryIds);
  const holds = reachable(g, off);
  const total = entryIds.length + 2;
  // Paths are searched from one entry at a time: with all entries on at once, a derivation may borrow a foothold
  // from one attacker and a step from another, which no single attacker could follow. One entry's mask and
  // reachability are kept only while its paths are searched.
  const found = goals.map(() => ({ likely: [] as AttackPath[], cost: [] as AttackPath[] }));
  const w = { likely: weights(g, 'likely'), cost: weights(g, 'cost') };
  entryIds.forEach((e, n) => {
    const mask = entryMask(g, [e]);
    const h = reachable(g, mask);
    goals.forEach(({ ids }, i) => {
      for (const x of ids) {
        if (!h[x]) continue;
        found[i]!.likely.push(...kBestPaths(g, mask, x, k, 'likely', w.likely));
        found[i]!.cost.push(...kBestPaths(g, mask, x, k, 'cost', w.cost));
      }
    });
    onProgress?.(n + 1, total);
  });
  const results: GoalResult[] = goals.map(({ spec, ids }, i) => ({
    goal: spec,
    facts: ids.map((x) => g.info[x]!.label),
    reachable: ids.some((x) => holds[x]),
    mostLikely: found[i]!.likely.sort((a, b) => b.probability - a.probability).slice(0, k),
    cheapest: found[i]!.cost.sort((a, b) => a.hours - b.hours).slice(0, k),
  }));
  const goalIds = goals.flatMap((x) => x.ids);
  const chokePoints = findChokePoints(g, off, holds, results, goalIds);
  onProgress?.(entryIds.length + 1, total);
  const hardening = query.harden === false ? undefined : harden(g, off, goalIds.filter((x) => holds[x]));
  onProgress?.(total, total);
  const reachableFacts: string[] = [];
  for (let i = 0; i < g.size; i++) {
    const l = g.info[i]!.label;
    if (holds[i] && g.kinds[i] === Kind.Fact && /^(manipulates|controls|disrupts|steals)\(/.test(l)) reachableFacts.push(l);
  }
  let facts = 0;
  let rules = 0;
  let primitives = 0;
  for (const kd of g.kinds) kd === Kind.Fact ? facts++ : kd === Kind.Rule ? rules++ : kd === Kind.Primitive ? primitives++ : 0;
  return { model: model.name, entries, graph: { nodes: g.size, edges: g.edges, facts, rules, primitives }, goals: results, reachableFacts, chokePoints, hardening };
}

/**
 * Facts on the found paths whose removal (say, the asset cannot be taken)
 * makes goals unreachable, most goals cut first. Candidates are the
 * footholds of the paths found; each is tested by a full reachability run.
 */
function findChokePoints(g: AttackGraph, off: Mask, holds: Uint8Array, results: readonly GoalResult[], goalIds: readonly number[]): ChokePoint[] {
  const live = goalIds.filter((x) => holds[x]);
  if (live.length === 0) return [];
  const candidates = new Set<number>();
  for (const r of results) {
    for (const p of [...r.mostLikely, ...r.cheapest]) {
      for (const s of p.steps) {
        // Footholds only: control of a controller is the goal's own precondition, not a choke point worth naming.
        for (const label of [`execCode(${s.to}, user)`, s.from ? `execCode(${s.from}, user)` : '']) {
          const n = label ? g.find(label) : undefined;
          if (n !== undefined && holds[n]) candidates.add(n);
        }
      }
    }
  }
  const out: ChokePoint[] = [];
  for (const c of candidates) {
    const mask = off.slice();
    mask[c] = 1;
    const after = reachable(g, mask);
    const cuts = live.filter((x) => !after[x]).map((x) => g.info[x]!.label);
    if (cuts.length) out.push({ fact: g.info[c]!.label, subject: g.info[c]!.subject, domain: g.info[c]!.domain, cuts });
  }
  return out.sort((a, b) => b.cuts.length - a.cuts.length || a.fact.localeCompare(b.fact)).slice(0, 10);
}
