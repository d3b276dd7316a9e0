import { bestValues, derivation, weights, type BestResult } from './best.js';
import { type AttackGraph, Kind } from './graph.js';
import type { Mask } from './reach.js';

/** One step of an attack path, as people read it. */
export interface AttackStep {
  /** The rule, in predicate form: `exploit(vpn-gateway, CVE-2018-13379)`. */
  step: string;
  technique?: string;
  /** Where the attacker stood: an asset, `zone:<id>`, `internet`, or an entry point. */
  from?: string;
  /** What the step is about (asset, unit, service, account). */
  to: string;
  domain?: string;
  hours: number;
  probability: number;
}

export interface AttackPath {
  goal: string;
  entry: string;
  steps: AttackStep[];
  /** Sum of step hours (effort; the cheapest path minimises it). */
  hours: number;
  /** Product of step probabilities (the most likely path maximises it). */
  probability: number;
  /** Assets the attacker takes, in order. */
  assets: string[];
  /** Owners whose assets the path crosses, in order. */
  domains: string[];
}

/** Steps a person cares about: those with a technique or an effort; reachability bookkeeping is left out. */
function isStep(g: AttackGraph, r: number): boolean {
  return g.info[r]!.technique !== undefined || g.cost[r]! > 0;
}

/** Where the attacker stood for a fact: follows the best derivation back to an asset foothold, the internet or an entry. */
function origin(g: AttackGraph, best: BestResult, fact: number, depth = 0): string | undefined {
  const info = g.info[fact]!;
  if (g.kinds[fact] === Kind.Entry) return info.label;
  if (info.label.startsWith('execCode(') || info.label.startsWith('controls(')) return info.subject;
  if (depth > 6) return undefined;
  const r = best.via[fact];
  if (r === undefined || r < 0) return undefined;
  const rl = g.info[r]!.label;
  if (rl.startsWith('pivot(')) return g.info[r]!.subject;
  for (const p of g.preds(r)) {
    const k = g.kinds[p];
    if (k === Kind.Primitive) continue;
    const o = origin(g, best, p, depth + 1);
    if (o) return o;
  }
  return undefined;
}

function fromOf(g: AttackGraph, best: BestResult, r: number): string | undefined {
  const to = g.info[r]!.subject;
  for (const p of g.preds(r)) {
    if (g.kinds[p] === Kind.Primitive) continue;
    const o = origin(g, best, p);
    if (o && o !== to) return o;
  }
  return undefined;
}

/** The path a derivation describes. */
export function pathOf(g: AttackGraph, best: BestResult, goal: number, rules = derivation(g, best, goal)): AttackPath {
  const steps: AttackStep[] = [];
  let entry = '';
  const assets: string[] = [];
  const domains: string[] = [];
  for (const r of rules) {
    for (const p of g.preds(r)) if (g.kinds[p] === Kind.Entry && !entry) entry = g.info[p]!.label;
    if (!isStep(g, r)) continue;
    const info = g.info[r]!;
    steps.push({ step: info.label, technique: info.technique, from: fromOf(g, best, r), to: info.subject ?? '', domain: info.domain, hours: g.cost[r]!, probability: g.prob[r]! });
    const step = steps.at(-1)!;
    // The owner of where the attacker stood, then of what the step acts on: a trust relation crosses between them.
    const fromFact = step.from === undefined ? undefined : g.find(`execCode(${step.from}, user)`);
    const fromDomain = fromFact === undefined ? undefined : g.info[fromFact]!.domain;
    for (const d of [fromDomain, info.domain]) if (d && domains.at(-1) !== d) domains.push(d);
    if (info.subjectKind === 'asset' && info.subject && !assets.includes(info.subject)) assets.push(info.subject);
  }
  return {
    goal: g.info[goal]!.label,
    entry,
    steps,
    hours: steps.reduce((s, x) => s + x.hours, 0),
    probability: steps.reduce((s, x) => s * x.probability, 1),
    assets,
    domains,
  };
}

/**
 * Derivations are searched with `max`: most rules combine a position and a
 * credential earned along one chain of steps, which a sum would count twice;
 * the path's figures are then computed from its distinct steps.
 */
const COMBINE = 'max';

/**
 * The k best derivations of a goal (most likely or cheapest), by Lawler's
 * partitioning: the best one, then for each of its steps the best with that
 * step excluded (on top of the exclusions that led to it), keeping the k best
 * distinct step sets. A heuristic even for k = 1 (see COMBINE): the found
 * paths are then sorted by their real probability or hours.
 */
export function kBestPaths(g: AttackGraph, off: Mask, goal: number, k: number, metric: 'cost' | 'likely', w = weights(g, metric)): AttackPath[] {
  const first = bestValues(g, w, off, COMBINE, [goal]);
  if (!Number.isFinite(first.value[goal]!)) return [];
  const out: { path: AttackPath; key: string }[] = [];
  const key = (p: AttackPath) => p.steps.map((s) => s.step).sort().join('|');
  type Candidate = { value: number; best: BestResult; excluded: number[] };
  const candidates: Candidate[] = [{ value: first.value[goal]!, best: first, excluded: [] }];
  const tried = new Set<string>();
  while (out.length < k && candidates.length) {
    candidates.sort((a, b) => a.value - b.value);
    const c = candidates.shift()!;
    const rules = derivation(g, c.best, goal);
    const path = pathOf(g, c.best, goal, rules);
    const kp = key(path);
    // A path found twice is not reported twice, but its exclusions are still explored: the exclusion sets
    // overlap (this is not a strict partition), so some paths are reachable only through them.
    if (!out.some((o) => o.key === kp)) out.push({ path, key: kp });
    if (out.length === k) break;
    for (const r of rules) {
      if (!isStep(g, r)) continue;
      const excluded = [...c.excluded, r].sort((a, b) => a - b);
      const ek = excluded.join(',');
      if (tried.has(ek)) continue;
      tried.add(ek);
      const mask = off.slice();
      for (const e of excluded) mask[e] = 1;
      const b = bestValues(g, w, mask, COMBINE, [goal]);
      if (Number.isFinite(b.value[goal]!)) candidates.push({ value: b.value[goal]!, best: b, excluded });
    }
  }
  return out.map((o) => o.path).sort((a, b) => (metric === 'cost' ? a.hours - b.hours : b.probability - a.probability));
}
