import { type AttackGraph, Kind } from './graph.js';

/** Which nodes are switched off: entries not chosen, primitives a change removes, rules a step excludes. */
export type Mask = Uint8Array;

/** A mask with only `entries` among the entry nodes on (everything else as in the model). */
export function entryMask(g: AttackGraph, entries: readonly number[]): Mask {
  const off = new Uint8Array(g.size);
  for (let i = 0; i < g.size; i++) if (g.kinds[i] === Kind.Entry) off[i] = 1;
  for (const e of entries) off[e] = 0;
  return off;
}

/**
 * The AND/OR fixpoint: which nodes hold given the mask. Linear in the graph:
 * each rule counts its preconditions that hold and fires at the last one;
 * each fact holds at its first firing rule. Requires `off` of length g.size.
 */
export function reachable(g: AttackGraph, off: Mask): Uint8Array {
  const n = g.size;
  const holds = new Uint8Array(n);
  const missing = new Uint32Array(n);
  const queue = new Uint32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) {
    const k = g.kinds[i];
    if (k === Kind.Rule) {
      missing[i] = g.predStart[i + 1]! - g.predStart[i]!;
      if (missing[i] === 0 && !off[i]) {
        holds[i] = 1;
        queue[tail++] = i;
      }
    } else if ((k === Kind.Primitive || k === Kind.Entry) && !off[i]) {
      holds[i] = 1;
      queue[tail++] = i;
    }
  }
  const { succStart, succ, kinds } = g;
  while (head < tail) {
    const i = queue[head++]!;
    for (let e = succStart[i]!; e < succStart[i + 1]!; e++) {
      const j = succ[e]!;
      if (holds[j] || off[j]) continue;
      if (kinds[j] === Kind.Rule) {
        if (--missing[j]! > 0) continue;
      } else if (kinds[j] !== Kind.Fact) continue;
      holds[j] = 1;
      queue[tail++] = j;
    }
  }
  return holds;
}
