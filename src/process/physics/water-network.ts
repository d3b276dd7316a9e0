import type { ProcessUnit } from '../../model/index.js';
import { COAGULANT_PH_SHIFT, dosedConcentration, isChlorine, isCoagulant } from './dosing.js';
import { clogFilter, filterHeadLoss, filterPenetration } from './filter.js';
import { FlowSolver, type FlowLimits } from './flow-solver.js';
import { heatExchangerOutlet, waterCapacityRate } from './heat-exchanger.js';
import { PlugFlow } from './pipe.js';
import { pumpOperatingPoint, pumpPower, type OperatingPoint } from './pump.js';
import { FIRST_CHEMICAL, makeQuality, Mixer, PH, TEMPERATURE, TURBIDITY, type Quality } from './quality.js';
import { gravityOutflow, integrateTank, mixTank, steadyTank } from './tank.js';
import { buildTopology, type Topology, type WaterUnit } from './topology.js';
import { moveValve, valveFlowFraction } from './valve.js';
import { HOUR } from './water.js';

type Of<K extends WaterUnit['kind']> = Extract<WaterUnit, { kind: K }>;

export interface SourceQuality {
  turbidity: number;
  temperature: number;
  ph: number;
}

/**
 * Where the water went since the balance started, m³. It closes:
 * initial + sourced = stored + inTransit + delivered + leaked + spilled.
 */
export interface WaterBalance {
  /** stored + inTransit when the balance started. */
  initial: number;
  /** Drawn from sources: reservoirs, links without inlets. */
  sourced: number;
  /** Delivered to sinks: reservoirs, links without outlets. */
  delivered: number;
  leaked: number;
  spilled: number;
  /** Held in tanks now (pipes run full, so their content is constant and left out). */
  stored: number;
  /** On loop-closing edges between steps. */
  inTransit: number;
}

/**
 * The water side of the plant: tanks, reservoirs, pumps, valves, pipes,
 * dosing, filters and heat exchangers, stepped together. Callers set the
 * unit inputs (`run`, `speed`, `target`, `rate`) and disturbances (`leak`,
 * `efficiency`) by unit index, then call `step`. Flows are m³/h, levels and
 * heads m, concentrations mg/L; time steps are seconds.
 */
export class WaterNetwork {
  readonly topo: Topology;
  readonly units: WaterUnit[];
  /** Dosing unit index → quality slot of its chemical. */
  readonly chemicalSlot: Map<number, number>;
  readonly chlorineSlots: number[];
  readonly coagulantSlots: number[];
  /** Pump run command (0/1), speed 0..1, valve target %, dosing rate L/h. */
  readonly run: Float64Array;
  readonly speed: Float64Array;
  readonly target: Float64Array;
  readonly rate: Float64Array;
  /** Leak on tanks and pipes, m³/h; pump efficiency 0..1. */
  readonly leak: Float64Array;
  readonly efficiency: Float64Array;
  /** State, per unit. */
  readonly volume: Float64Array;
  readonly position: Float64Array;
  readonly clogging: Float64Array;
  readonly headLoss: Float64Array;
  /** Outlet head, m (gauge pressure as a water column); for reservoirs with inlets, the head they are fed at. */
  readonly head: Float64Array;
  readonly quality: Quality[];
  readonly points: OperatingPoint[];
  #solver: FlowSolver;
  #lim: FlowLimits;
  #rates: Float64Array;
  #pipes: (PlugFlow | undefined)[];
  #sources: Quality[];
  #mixer: Mixer;
  #qin: Quality;
  #scratch: Quality;
  #balance = { initial: 0, sourced: 0, delivered: 0, leaked: 0, spilled: 0 };
  #coagulatedFilters: boolean[];

  constructor(all: readonly ProcessUnit[], sources: (unit: WaterUnit) => SourceQuality | undefined) {
    this.topo = buildTopology(all);
    const units = (this.units = this.topo.units);
    const n = units.length;
    this.chemicalSlot = new Map();
    const size = FIRST_CHEMICAL + units.filter((u) => u.kind === 'dosing').length;
    this.#rates = new Float64Array(size);
    this.chlorineSlots = [];
    this.coagulantSlots = [];
    units.forEach((u, i) => {
      if (u.kind !== 'dosing') return;
      const slot = FIRST_CHEMICAL + this.chemicalSlot.size;
      this.chemicalSlot.set(i, slot);
      this.#rates[slot] = u.decayRate;
      if (isChlorine(u.chemical)) this.chlorineSlots.push(slot);
      if (isCoagulant(u.chemical)) this.coagulantSlots.push(slot);
    });
    const arr = () => new Float64Array(n);
    this.run = arr().fill(1);
    this.speed = arr().fill(1);
    this.target = arr().fill(100);
    this.rate = arr();
    this.leak = arr();
    this.efficiency = arr().fill(1);
    this.volume = arr();
    this.position = arr();
    this.clogging = arr();
    this.headLoss = arr();
    this.head = arr();
    this.points = units.map(() => ({ flow: 0, head: 0 }));
    this.#sources = units.map((u) => makeQuality(size, sources(u)));
    this.quality = this.#sources.map((q) => q.slice());
    this.#pipes = units.map((u, i) => (u.kind === 'pipe' ? new PlugFlow(u.length, u.diameter, this.#sources[i]!, this.#rates) : undefined));
    this.#solver = new FlowSolver(this.topo);
    this.#lim = { limit: arr().fill(Infinity), supply: arr().fill(Infinity), demand: arr(), leak: this.leak, volume: this.volume };
    this.#mixer = new Mixer(size);
    this.#qin = new Float64Array(size);
    this.#scratch = new Float64Array(size);
    this.#coagulatedFilters = units.map((u, i) => u.kind === 'filter' && this.coagulantSlots.length > 0 && this.#hasCoagulantUpstream(i));
    units.forEach((u, i) => {
      if (u.kind === 'tank') this.volume[i] = u.area * u.initialLevel;
      if (u.kind === 'reservoir') this.#lim.demand[i] = u.demand ?? 0;
    });
    this.resetBalance(1);
  }

  get solver(): FlowSolver {
    return this.#solver;
  }

  level(u: number): number {
    const unit = this.units[u]!;
    if (unit.kind === 'tank') return this.volume[u]! / unit.area;
    if (unit.kind === 'reservoir') return unit.level;
    return 0;
  }

  /** Flow through a link; a tank's outlet flow; a reservoir's inflow when fed, else what it supplies. */
  flow(u: number): number {
    const s = this.#solver;
    const unit = this.units[u]!;
    if (unit.kind === 'tank') return s.outflow[u]!;
    if (unit.kind === 'reservoir') return this.topo.inEdges[u]!.length > 0 ? s.inflow[u]! : s.outflow[u]!;
    return s.inflow[u]!;
  }

  /** Pump speed actually applied, 0..1 (0 when stopped). */
  appliedSpeed(u: number): number {
    return this.run[u]! >= 0.5 ? Math.min(1, Math.max(0, this.speed[u]!)) : 0;
  }

  power(u: number): number {
    const unit = this.units[u]!;
    if (unit.kind === 'pump') return pumpPower(unit.powerKw, unit, this.points[u]!, this.appliedSpeed(u));
    if (unit.kind === 'heat-exchanger') {
      const q = this.quality[u]!;
      return waterCapacityRate(this.flow(u)) * (q[TEMPERATURE]! - this.#inletTemperature(u));
    }
    return 0;
  }

  /** Sum of the chlorine-bearing chemicals, mg/L, at a unit's outlet (or in a tank). */
  chlorine(u: number): number {
    const q = this.quality[u]!;
    let s = 0;
    for (const k of this.chlorineSlots) s += q[k]!;
    return s;
  }

  balance(dt: number): WaterBalance {
    let stored = 0;
    this.units.forEach((u, i) => {
      if (u.kind === 'tank') stored += this.volume[i]!;
    });
    return { ...this.#balance, stored, inTransit: this.#solver.inTransit(dt) };
  }

  /** Starts the boundary counts afresh (after a settling run). */
  resetBalance(dt: number): void {
    const now = this.balance(dt);
    this.#balance = { initial: now.stored + now.inTransit, sourced: 0, delivered: 0, leaked: 0, spilled: 0 };
  }

  /** Puts every valve where it is commanded to be. */
  placeValves(): void {
    this.units.forEach((u, i) => {
      if (u.kind === 'valve') this.position[i] = Math.min(100, Math.max(0, this.target[i]!));
    });
  }

  /**
   * Puts every quality (and filter head loss) at the steady state of the
   * flows the current inputs give; with `relax` < 1, tank contents only move
   * that share of the way there (an accelerated but still dynamic approach,
   * which keeps control loops on quality stable while they settle).
   */
  settleQuality(dt: number, relax = 1): void {
    this.#solve(dt);
    const target = this.#scratch;
    for (const u of this.topo.order) {
      const unit = this.units[u]!;
      const qin = this.#mixInlets(u);
      const inflow = this.#solver.inflow[u]!;
      if (unit.kind === 'tank') {
        const q = this.quality[u]!;
        target.set(q);
        steadyTank(target, this.volume[u]!, inflow, qin, this.#rates);
        for (let k = 0; k < q.length; k++) q[k] = q[k]! + relax * (target[k]! - q[k]!);
      } else if (unit.kind === 'reservoir') {
        if (this.topo.inEdges[u]!.length > 0 && inflow > 0) this.quality[u]!.set(qin);
      } else {
        this.#treat(u, unit, qin, 0, 0);
        if (unit.kind === 'pipe') this.#pipes[u]!.fill(this.quality[u]!, 0);
      }
    }
    this.#heads();
  }

  /** Advances `dt` s ending at simulated hour `hours`. */
  step(dt: number, hours: number): void {
    this.units.forEach((u, i) => {
      if (u.kind === 'valve') this.position[i] = moveValve(this.position[i]!, this.target[i]!, u.travelTime, dt);
    });
    this.#solve(dt);
    const s = this.#solver;
    const b = this.#balance;
    const h = dt / HOUR;
    for (const u of this.topo.order) {
      const unit = this.units[u]!;
      const qin = this.#mixInlets(u);
      b.sourced += s.external[u]! * h;
      b.delivered += s.discharged[u]! * h;
      b.leaked += s.leaked[u]! * h;
      if (unit.kind === 'tank') {
        const before = this.volume[u]!;
        const out = s.outflow[u]! + s.leaked[u]!;
        const r = integrateTank(unit, before, s.inflow[u]!, out, dt);
        this.volume[u] = r.volume;
        b.spilled += r.spilled;
        mixTank(this.quality[u]!, before, r.volume, s.inflow[u]!, qin, out + (r.spilled * HOUR) / dt, this.#rates, dt);
      } else if (unit.kind === 'reservoir') {
        if (this.topo.inEdges[u]!.length > 0 && s.inflow[u]! > 0) this.quality[u]!.set(qin);
      } else {
        this.#treat(u, unit, qin, dt, hours);
      }
    }
    this.#heads();
  }

  #solve(dt: number): void {
    const lim = this.#lim;
    this.units.forEach((u, i) => {
      switch (u.kind) {
        case 'pump': {
          const speed = this.appliedSpeed(i);
          const up = this.topo.upstreamStorage[i];
          const down = this.topo.downstreamStorage[i];
          const lift = Math.max(0, (down === undefined ? 0 : this.level(down)) - (up === undefined ? 0 : this.level(up)));
          const point = pumpOperatingPoint(u, speed, lift, Math.min(1, Math.max(0, this.efficiency[i]!)));
          this.points[i] = point;
          lim.limit[i] = point.flow;
          break;
        }
        case 'valve':
          lim.limit[i] = valveFlowFraction(u.characteristic, this.position[i]!) * u.maxFlow;
          break;
        case 'filter':
          lim.limit[i] = u.maxFlow;
          break;
        case 'tank':
          lim.supply[i] = u.outletCoefficient === undefined ? Infinity : gravityOutflow(u.outletCoefficient, this.level(i));
          break;
      }
    });
    this.#solver.solve(lim, dt);
  }

  /** Flow-weighted quality of what enters `u` this step; a link without inlets takes in source water. */
  #mixInlets(u: number): Quality {
    const { edges, inEdges, storage } = this.topo;
    const m = this.#mixer;
    m.start();
    for (const e of inEdges[u]!) {
      const from = edges[e]!.from;
      m.add(this.#solver.actual[e]!, this.quality[from]!);
    }
    if (inEdges[u]!.length === 0 && !storage[u]) m.add(1, this.#sources[u]!);
    if (!m.finish(this.#qin)) this.#qin.set(this.quality[u]!);
    return this.#qin;
  }

  /** What a link does to the water passing through it; `dt` 0 means steady state. */
  #treat(u: number, unit: Exclude<WaterUnit, Of<'tank'> | Of<'reservoir'>>, qin: Quality, dt: number, hours: number): void {
    const flow = this.#solver.inflow[u]!;
    const out = this.quality[u]!;
    switch (unit.kind) {
      case 'pipe':
        if (dt === 0) out.set(qin);
        else {
          this.#pipes[u]!.advance(this.#solver.outflow[u]!, qin, hours, dt);
          out.set(this.#pipes[u]!.outlet);
        }
        return;
      case 'dosing': {
        if (!(flow > 0) && dt > 0) return;
        out.set(qin);
        const slot = this.chemicalSlot.get(u)!;
        const rate = Math.min(unit.maxRate, Math.max(0, this.rate[u]!));
        out[slot] = dosedConcentration(flow, qin[slot]!, rate, unit.stockConcentration);
        if (this.coagulantSlots.includes(slot)) out[PH] = qin[PH]! + COAGULANT_PH_SHIFT * (out[slot]! - qin[slot]!);
        return;
      }
      case 'filter': {
        if (dt > 0) this.clogging[u] = clogFilter(this.clogging[u]!, flow, unit.area, dt);
        this.headLoss[u] = filterHeadLoss(unit.cleanHeadLoss, this.clogging[u]!, flow);
        if (!(flow > 0) && dt > 0) return;
        out.set(qin);
        let coag: number | undefined;
        if (this.#coagulatedFilters[u]) {
          coag = 0;
          for (const k of this.coagulantSlots) coag += qin[k]!;
        }
        const pass = filterPenetration(unit.removal, coag);
        out[TURBIDITY] = qin[TURBIDITY]! * pass;
        for (const k of this.coagulantSlots) out[k] = qin[k]! * pass;
        return;
      }
      case 'heat-exchanger':
        if (!(flow > 0) && dt > 0) return;
        out.set(qin);
        out[TEMPERATURE] = heatExchangerOutlet(unit.ua, flow, qin[TEMPERATURE]!, unit.hotInletTemp);
        return;
      default:
        if (flow > 0 || dt === 0) out.set(qin);
    }
  }

  #inletTemperature(u: number): number {
    const { edges, inEdges } = this.topo;
    let sum = 0;
    let flow = 0;
    for (const e of inEdges[u]!) {
      const f = this.#solver.actual[e]!;
      sum += f * this.quality[edges[e]!.from]![TEMPERATURE]!;
      flow += f;
    }
    return flow > 0 ? sum / flow : this.quality[u]![TEMPERATURE]!;
  }

  /** Heads along the flow: storage at its level, pumps add their head, filters lose theirs, other links pass their inlet head on. */
  #heads(): void {
    const { edges, inEdges, storage, order } = this.topo;
    for (const u of order) {
      const unit = this.units[u]!;
      let inlet = 0;
      for (const e of inEdges[u]!) inlet = Math.max(inlet, this.head[edges[e]!.from]!);
      if (storage[u]) this.head[u] = unit.kind === 'reservoir' && inEdges[u]!.length > 0 ? Math.max(this.level(u), inlet) : this.level(u);
      else if (unit.kind === 'pump') this.head[u] = inlet + (this.appliedSpeed(u) > 0 ? this.points[u]!.head : 0);
      else if (unit.kind === 'filter') this.head[u] = Math.max(0, inlet - this.headLoss[u]!);
      else this.head[u] = inlet;
    }
  }

  #hasCoagulantUpstream(u: number): boolean {
    const { edges, inEdges } = this.topo;
    const seen = new Set<number>();
    const stack = [u];
    while (stack.length > 0) {
      const v = stack.pop()!;
      for (const e of inEdges[v]!) {
        const from = edges[e]!.from;
        if (seen.has(from)) continue;
        seen.add(from);
        const slot = this.chemicalSlot.get(from);
        if (slot !== undefined && this.coagulantSlots.includes(slot)) return true;
        stack.push(from);
      }
    }
    return false;
  }
}
