import type { ProcessUnit } from '../../model/index.js';

export type WaterUnit = Extract<ProcessUnit, { kind: 'tank' | 'reservoir' | 'pump' | 'valve' | 'pipe' | 'dosing' | 'filter' | 'heat-exchanger' }>;

export function isWaterUnit(u: ProcessUnit): u is WaterUnit {
  return u.kind !== 'infusion-pump' && u.kind !== 'patient';
}

/** A connection from an inlet to the unit it feeds; `delayed` edges close a loop and carry last step's flow. */
export interface Edge {
  from: number;
  to: number;
  delayed: boolean;
}

/**
 * The water network as a graph over the model's water units (indices in
 * model order). Storage nodes (tanks, reservoirs) hold or supply water;
 * links (pumps, valves, pipes, dosing, filters, heat exchangers) pass it on.
 * Water moves along a path of links only if something drives it: a pump or
 * valve on the path (push or pull), a tank with a gravity outlet upstream,
 * or a reservoir with a demand downstream.
 */
export interface Topology {
  units: WaterUnit[];
  index: Map<string, number>;
  edges: Edge[];
  inEdges: number[][];
  outEdges: number[][];
  /** Processing order: every unit after its (non-delayed) inlets. */
  order: number[];
  storage: boolean[];
  /** Links pushed by a pump, valve or gravity outlet at or upstream of them. */
  pushed: boolean[];
  /** Links whose flow something drives (pushed, or pulled by a pump, valve or demand downstream). */
  driven: boolean[];
  /** Nearest storage upstream and downstream of each link (for a pump's static lift). */
  upstreamStorage: (number | undefined)[];
  downstreamStorage: (number | undefined)[];
}

const STORAGE = new Set(['tank', 'reservoir']);
const ACTIVE = new Set(['pump', 'valve']);

/**
 * Builds the graph. Requires inlets to name units of `all` (the model
 * validator guarantees it); inlets that are not water units are skipped.
 * Loops are cut at one edge into the first unit of the loop (a tank when
 * there is one), which then sees the flow of the previous step.
 */
export function buildTopology(all: readonly ProcessUnit[]): Topology {
  const units = all.filter(isWaterUnit);
  const index = new Map(units.map((u, i) => [u.id, i]));
  const n = units.length;
  const edges: Edge[] = [];
  const inEdges: number[][] = units.map(() => []);
  const outEdges: number[][] = units.map(() => []);
  units.forEach((u, to) => {
    for (const id of u.inlets) {
      const from = index.get(id);
      if (from === undefined || from === to) continue;
      inEdges[to]!.push(edges.length);
      outEdges[from]!.push(edges.length);
      edges.push({ from, to, delayed: false });
    }
  });
  const storage = units.map((u) => STORAGE.has(u.kind));
  const order = sortUnits(n, edges, inEdges, outEdges, units);

  const gravity = (i: number) => units[i]!.kind === 'tank' && (units[i] as { outletCoefficient?: number }).outletCoefficient !== undefined;
  const demand = (i: number) => units[i]!.kind === 'reservoir' && ((units[i] as { demand?: number }).demand ?? 0) > 0;
  const pushed = units.map((u, i) => !storage[i] && ACTIVE.has(u.kind));
  const pulled = pushed.slice();
  for (let changed = true; changed; ) {
    changed = false;
    for (let u = 0; u < n; u++) {
      if (storage[u]) continue;
      if (!pushed[u] && inEdges[u]!.some((e) => (storage[edges[e]!.from] ? gravity(edges[e]!.from) : pushed[edges[e]!.from]))) {
        pushed[u] = changed = true;
      }
      if (!pulled[u] && outEdges[u]!.some((e) => (storage[edges[e]!.to] ? demand(edges[e]!.to) : pulled[edges[e]!.to]))) {
        pulled[u] = changed = true;
      }
    }
  }
  const driven = units.map((_, u) => !storage[u] && (pushed[u]! || pulled[u]!));
  const nearest = (start: number, next: (u: number) => number[]): number | undefined => {
    const seen = new Set<number>([start]);
    let frontier = next(start);
    while (frontier.length > 0) {
      const more: number[] = [];
      for (const v of frontier) {
        if (seen.has(v)) continue;
        seen.add(v);
        if (storage[v]) return v;
        more.push(...next(v));
      }
      frontier = more;
    }
    return undefined;
  };
  const ups = (u: number) => inEdges[u]!.map((e) => edges[e]!.from);
  const downs = (u: number) => outEdges[u]!.map((e) => edges[e]!.to);
  return {
    units,
    index,
    edges,
    inEdges,
    outEdges,
    order,
    storage,
    pushed,
    driven,
    upstreamStorage: units.map((_, u) => (storage[u] ? u : nearest(u, ups))),
    downstreamStorage: units.map((_, u) => (storage[u] ? u : nearest(u, downs))),
  };
}

/** Kahn's algorithm; when only loops remain, cuts the in-edges of one unit (a tank first) and goes on. */
function sortUnits(n: number, edges: Edge[], inEdges: number[][], outEdges: number[][], units: WaterUnit[]): number[] {
  const pending = inEdges.map((es) => es.length);
  const done = new Array<boolean>(n).fill(false);
  const order: number[] = [];
  const ready: number[] = [];
  for (let u = 0; u < n; u++) if (pending[u] === 0) ready.push(u);
  const release = (u: number) => {
    done[u] = true;
    order.push(u);
    for (const e of outEdges[u]!) {
      const v = edges[e]!.to;
      if (!done[v] && --pending[v]! === 0) ready.push(v);
    }
  };
  while (order.length < n) {
    if (ready.length > 0) {
      ready.sort((a, b) => a - b);
      release(ready.shift()!);
      continue;
    }
    const rest = [...Array(n).keys()].filter((u) => !done[u]);
    const cut = rest.find((u) => units[u]!.kind === 'tank') ?? rest[0]!;
    for (const e of inEdges[cut]!) if (!done[edges[e]!.from]) edges[e]!.delayed = true;
    pending[cut] = 0;
    release(cut);
  }
  return order;
}
