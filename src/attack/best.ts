import { type AttackGraph, Kind } from './graph.js';
import { MinHeap } from './heap.js';
import type { Mask } from './reach.js';

/**
 * `sum`: a rule's value is its weight plus the sum of its preconditions'
 * (the effort of a derivation tree; shared sub-steps count once per use).
 * `max`: its weight plus the largest of its preconditions' (the time at which
 * a step completes when independent branches run in parallel).
 */
export type Combine = 'sum' | 'max';

export interface BestResult {
  /** Per node: its best value (Infinity when it cannot hold). */
  value: Float64Array;
  /** Per fact: the rule giving its best value (-1 for none). */
  via: Int32Array;
}

/**
 * Knuth's generalisation of Dijkstra to AND/OR graphs (Knuth 1977, "A
 * generalization of Dijkstra's algorithm"): with non-negative rule weights
 * and a superior combination (sum or max), nodes are settled in order of
 * value, a fact at its cheapest rule, a rule once all its preconditions are
 * settled. Stops once every node of `stopAt` is settled (pass none to settle
 * everything reachable). O(E + V log V).
 */
export function bestValues(g: AttackGraph, weight: Float64Array, off: Mask, combine: Combine, stopAt: readonly number[] = []): BestResult {
  const n = g.size;
  const value = new Float64Array(n).fill(Infinity);
  const via = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  const missing = new Uint32Array(n);
  const acc = new Float64Array(n);
  const heap = new MinHeap(Math.min(n, 1 << 16));
  const { kinds, predStart, succStart, succ } = g;
  for (let i = 0; i < n; i++) {
    const k = kinds[i];
    if (k === Kind.Rule) {
      missing[i] = predStart[i + 1]! - predStart[i]!;
      if (missing[i] === 0 && !off[i]) {
        value[i] = weight[i]!;
        heap.push(i, value[i]!);
      }
    } else if ((k === Kind.Primitive || k === Kind.Entry) && !off[i]) {
      value[i] = 0;
      heap.push(i, 0);
    }
  }
  let waiting = stopAt.length;
  const wanted = new Uint8Array(stopAt.length ? n : 0);
  for (const s of stopAt) wanted[s] = 1;
  while (heap.size > 0) {
    const i = heap.pop();
    if (done[i]) continue;
    done[i] = 1;
    if (wanted.length && wanted[i] && --waiting === 0) break;
    const v = value[i]!;
    for (let e = succStart[i]!; e < succStart[i + 1]!; e++) {
      const j = succ[e]!;
      if (done[j] || off[j]) continue;
      if (kinds[j] === Kind.Rule) {
        acc[j] = combine === 'sum' ? acc[j]! + v : Math.max(acc[j]!, v);
        if (--missing[j]! > 0) continue;
        value[j] = acc[j]! + weight[j]!;
        heap.push(j, value[j]!);
      } else if (kinds[j] === Kind.Fact && v < value[j]!) {
        value[j] = v;
        via[j] = i;
        heap.push(j, v);
      }
    }
  }
  return { value, via };
}

/** The rules of the best derivation of `goal`, preconditions before what they enable. Requires value[goal] finite. */
export function derivation(g: AttackGraph, best: BestResult, goal: number): number[] {
  const out: number[] = [];
  const seen = new Uint8Array(g.size);
  // Iterative post-order: a node is emitted after its preconditions.
  const stack: [number, boolean][] = [[goal, false]];
  while (stack.length) {
    const [i, expanded] = stack.pop()!;
    if (expanded) {
      if (g.kinds[i] === Kind.Rule) out.push(i);
      continue;
    }
    if (seen[i]) continue;
    seen[i] = 1;
    stack.push([i, true]);
    if (g.kinds[i] === Kind.Fact) {
      const r = best.via[i]!;
      if (r >= 0) stack.push([r, false]);
    } else if (g.kinds[i] === Kind.Rule) {
      const pre = g.preds(i);
      for (let k = pre.length - 1; k >= 0; k--) stack.push([pre[k]!, false]);
    }
  }
  return out;
}

/** Weights for a metric: hours of attacker effort, or -ln(probability) so that sums are products. */
export function weights(g: AttackGraph, metric: 'cost' | 'likely'): Float64Array {
  const w = new Float64Array(g.size);
  for (let i = 0; i < g.size; i++) {
    if (g.kinds[i] !== Kind.Rule) continue;
    w[i] = metric === 'cost' ? g.cost[i]! : -Math.log(Math.max(1e-12, g.prob[i]!));
  }
  return w;
}
