import { bestValues, derivation, weights } from './best.js';
import { type AttackGraph, Kind } from './graph.js';
import { reachable, type Mask } from './reach.js';

export interface Change {
  kind: string;
  target: string;
  cost: number;
  /** The model fact it removes. */
  removes: string;
}

export interface HardeningPlan {
  changes: Change[];
  cost: number;
  /** True when the set is proven least-cost (exact hitting set); false when the greedy bound was used. */
  optimal: boolean;
  /** Goals no change of the known kinds can cut (reached inside one flat zone, or from an entry itself). */
  uncuttable: string[];
  /** Derivations examined (each added one set of changes that must be hit). */
  rounds: number;
}

/**
 * The least-cost set of changes (patch, close or narrow a conduit flow,
 * remove a trust, add MFA, change default credentials, unshare an account)
 * after which no goal holds: an implicit hitting set. Each round finds a
 * derivation of a goal that survives the changes chosen so far; its
 * removable facts form a set of which at least one must go; the cheapest
 * set hitting all of them is chosen again (exactly by branch and bound up to
 * `exactLimit` candidate changes, greedily above), until nothing is reached.
 */
export function harden(g: AttackGraph, base: Mask, goals: readonly number[], options: { exactLimit?: number; maxRounds?: number } = {}): HardeningPlan {
  const exactLimit = options.exactLimit ?? 40;
  const maxRounds = options.maxRounds ?? 500;
  const w = weights(g, 'cost');
  const cores: number[][] = [];
  let chosen: number[] = [];
  let optimal = true;
  const uncuttable = new Set<number>();
  let rounds = 0;
  for (; rounds < maxRounds; rounds++) {
    const off = base.slice();
    for (const c of chosen) off[c] = 1;
    const holds = reachable(g, off);
    const live = goals.find((x) => holds[x] && !uncuttable.has(x));
    if (live === undefined) break;
    const best = bestValues(g, w, off, 'sum', [live]);
    const core = [...new Set(derivation(g, best, live).flatMap((r) => [...g.preds(r)].filter((p) => g.kinds[p] === Kind.Primitive && g.info[p]!.change)))];
    if (core.length === 0) {
      uncuttable.add(live);
      continue;
    }
    cores.push(core);
    const solved = hittingSet(cores, (p) => g.info[p]!.change!.cost, exactLimit);
    chosen = solved.set;
    optimal &&= solved.exact;
  }
  const changes = chosen.map((p) => ({ ...g.info[p]!.change!, removes: g.info[p]!.label })).sort((a, b) => b.cost - a.cost || a.target.localeCompare(b.target));
  return { changes, cost: changes.reduce((s, c) => s + c.cost, 0), optimal: optimal && rounds < maxRounds, uncuttable: [...uncuttable].map((x) => g.info[x]!.label), rounds };
}

/** Least-cost set meeting every core: branch and bound on the first unhit core (exact), or greedy (cost per core hit). */
export function hittingSet(cores: readonly number[][], cost: (e: number) => number, exactLimit: number): { set: number[]; exact: boolean } {
  const elements = [...new Set(cores.flat())];
  const greedy = () => {
    const set: number[] = [];
    const open = new Set(cores.map((_, i) => i));
    while (open.size) {
      let bestE = -1;
      let bestRatio = Infinity;
      for (const e of elements) {
        let hits = 0;
        for (const i of open) if (cores[i]!.includes(e)) hits++;
        if (hits && cost(e) / hits < bestRatio) {
          bestRatio = cost(e) / hits;
          bestE = e;
        }
      }
      set.push(bestE);
      for (const i of [...open]) if (cores[i]!.includes(bestE)) open.delete(i);
    }
    return set;
  };
  const start = greedy();
  if (elements.length > exactLimit) return { set: start, exact: false };
  let bestSet = start;
  let bestCost = start.reduce((s, e) => s + cost(e), 0);
  const search = (set: number[], spent: number) => {
    if (spent >= bestCost) return;
    const unhit = cores.find((c) => !c.some((e) => set.includes(e)));
    if (!unhit) {
      bestSet = [...set];
      bestCost = spent;
      return;
    }
    for (const e of [...unhit].sort((a, b) => cost(a) - cost(b))) search([...set, e], spent + cost(e));
  };
  search([], 0);
  return { set: bestSet, exact: true };
}
