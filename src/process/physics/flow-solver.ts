import { tankAvailable } from './tank.js';
import type { Topology } from './topology.js';

/** What the units allow this step, all flows in m³/h. */
export interface FlowLimits {
  /** Links: the most the unit passes (a pump's operating flow, a valve's open fraction of its maximum); Infinity for passive links. */
  limit: Float64Array;
  /** Storage: the most it releases in total (a tank's gravity outlet c·√h); Infinity when pumps decide. */
  supply: Float64Array;
  /** Reservoirs: the constant draw on their inlets; 0 for none. */
  demand: Float64Array;
  /** Tanks and pipes: leak rate asked for (the leak injection). */
  leak: Float64Array;
  /** Tanks: volume held now, m³. */
  volume: Float64Array;
}

/**
 * Solves the flows of one step in two passes over the topology.
 *
 * 1. Potential flows, ignoring how much water tanks hold: forward, each
 *    link's capacity is min(own limit, what its inlets offer) (0 when nothing
 *    drives it); a link's offer splits equally among its outlets. Backward,
 *    each link passes what its outlets accept, and shares that among its
 *    inlets — bounded offers first, in proportion, the rest equally among
 *    unbounded ones (tanks and sources). Tanks accept everything; a
 *    reservoir with a demand draws it (split equally) from inlets that
 *    nothing pushes.
 * 2. Actual flows, forward: a tank asked for more than it holds plus what
 *    flows in this step scales all its outflows (and leak) down alike, so
 *    levels never go negative; links pass on exactly what reaches them
 *    (minus a pipe leak), split in proportion to pass 1.
 *
 * Links conserve water exactly; every m³ is accounted as stored, moved to a
 * sink, leaked or spilled (see WaterNetwork's balance).
 */
export class FlowSolver {
  readonly topo: Topology;
  /** Per link: capacity (pass 1). */
  readonly cap: Float64Array;
  /** Per edge: offered, then accepted flow (pass 1). */
  readonly offer: Float64Array;
  readonly accepted: Float64Array;
  /** Per edge: actual flow this step. Delayed edges keep last step's value until their sender runs. */
  readonly actual: Float64Array;
  /** Per unit: actual inflow, outflow (to edges or outside), leak. */
  readonly inflow: Float64Array;
  readonly outflow: Float64Array;
  readonly leaked: Float64Array;
  /** Per unit: flow taken from outside the network (links without inlets) or sent outside (links without outlets, reservoirs). */
  readonly external: Float64Array;
  readonly discharged: Float64Array;
  #pot: Float64Array;
  #lastDelayed: Float64Array;

  constructor(topo: Topology) {
    this.topo = topo;
    const n = topo.units.length;
    const m = topo.edges.length;
    this.cap = new Float64Array(n);
    this.offer = new Float64Array(m);
    this.accepted = new Float64Array(m);
    this.actual = new Float64Array(m);
    this.inflow = new Float64Array(n);
    this.outflow = new Float64Array(n);
    this.leaked = new Float64Array(n);
    this.external = new Float64Array(n);
    this.discharged = new Float64Array(n);
    this.#pot = new Float64Array(n);
    this.#lastDelayed = new Float64Array(m);
  }

  /** m³ in transit on delayed (loop-closing) edges: sent this step, received next step. */
  inTransit(dt: number): number {
    let s = 0;
    this.topo.edges.forEach((e, i) => {
      if (e.delayed) s += this.actual[i]!;
    });
    return (s * dt) / 3600;
  }

  solve(lim: FlowLimits, dt: number): void {
    this.#potential(lim);
    this.#actual(lim, dt);
  }

  #potential(lim: FlowLimits): void {
    const { units, edges, inEdges, outEdges, order, storage, driven, pushed } = this.topo;
    const { offer, accepted, cap } = this;
    for (const u of order) {
      const outs = outEdges[u]!;
      if (storage[u]) {
        const each = lim.supply[u]! / Math.max(1, outs.length);
        for (const e of outs) offer[e] = each;
        continue;
      }
      let supply = inEdges[u]!.length === 0 ? Infinity : 0;
      for (const e of inEdges[u]!) supply += edges[e]!.delayed ? this.actual[e]! : offer[e]!;
      cap[u] = driven[u] ? Math.min(lim.limit[u]!, supply) : 0;
      for (const e of outs) offer[e] = cap[u]! / outs.length;
    }
    for (let k = order.length - 1; k >= 0; k--) {
      const u = order[k]!;
      const ins = inEdges[u]!;
      if (storage[u]) {
        const demand = units[u]!.kind === 'reservoir' ? lim.demand[u]! : 0;
        const pulling = demand > 0 ? ins.filter((e) => !(storage[edges[e]!.from] ? false : pushed[edges[e]!.from])) : [];
        const share = pulling.length > 0 ? demand / pulling.length : 0;
        for (const e of ins) {
          const from = edges[e]!.from;
          const o = offer[e]!;
          if (pulling.includes(e)) accepted[e] = Math.min(o, share);
          else if (storage[from]) accepted[e] = Number.isFinite(o) ? o : 0;
          else accepted[e] = o;
        }
        continue;
      }
      const outs = outEdges[u]!;
      let pot = 0;
      if (outs.length === 0) pot = cap[u]!;
      else for (const e of outs) pot += edges[e]!.delayed ? offer[e]! : accepted[e]!;
      pot = Math.min(pot, cap[u]!);
      this.#pot[u] = pot;
      this.#share(pot, ins);
    }
  }

  /** Shares `pot` among in-edges: bounded offers first, in proportion; the rest equally over unbounded ones. */
  #share(pot: number, ins: readonly number[]): void {
    const { offer, accepted } = this;
    let bounded = 0;
    let open = 0;
    for (const e of ins) {
      if (Number.isFinite(offer[e]!)) bounded += offer[e]!;
      else open++;
    }
    const rest = Math.max(0, pot - bounded);
    for (const e of ins) {
      const o = offer[e]!;
      if (Number.isFinite(o)) accepted[e] = bounded > pot ? (bounded > 0 ? (pot * o) / bounded : 0) : o;
      else accepted[e] = rest / open;
    }
  }

  #actual(lim: FlowLimits, dt: number): void {
    const { units, edges, inEdges, outEdges, order, storage } = this.topo;
    const { accepted, actual } = this;
    const incoming = (u: number) => {
      let s = 0;
      for (const e of inEdges[u]!) s += edges[e]!.delayed ? this.#lastDelayed[e]! : actual[e]!;
      return s;
    };
    for (let e = 0; e < edges.length; e++) if (edges[e]!.delayed) this.#lastDelayed[e] = actual[e]!;
    for (const u of order) {
      const outs = outEdges[u]!;
      this.external[u] = 0;
      this.discharged[u] = 0;
      let asked = 0;
      for (const e of outs) asked += accepted[e]!;
      if (storage[u]) {
        const inflow = incoming(u);
        this.inflow[u] = inflow;
        const leak = lim.leak[u]!;
        let f = 1;
        if (units[u]!.kind === 'tank') {
          const available = tankAvailable(lim.volume[u]!, inflow, dt);
          const total = asked + leak;
          if (total > available) f = total > 0 ? available / total : 0;
        } else {
          this.discharged[u] = inflow;
          this.external[u] = asked;
        }
        for (const e of outs) actual[e] = accepted[e]! * f;
        this.outflow[u] = asked * f;
        this.leaked[u] = leak * f;
        continue;
      }
      let inflow: number;
      if (inEdges[u]!.length === 0) {
        inflow = this.#pot[u]!;
        this.external[u] = inflow;
      } else inflow = incoming(u);
      this.inflow[u] = inflow;
      const out = Math.max(0, inflow - lim.leak[u]!);
      this.leaked[u] = inflow - out;
      this.outflow[u] = out;
      if (outs.length === 0) this.discharged[u] = out;
      else if (asked > 0) for (const e of outs) actual[e] = (out * accepted[e]!) / asked;
      else for (const e of outs) actual[e] = out / outs.length;
    }
  }
}
