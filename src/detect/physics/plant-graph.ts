import type { ProcessUnit, Tag, TwinModel } from '../../model/index.js';
import { buildTopology, canonicalQuantity, converter, G, pascalFrom, RHO, type Quantity, type Topology, type WaterUnit } from './process-physics.js';

type Of<K extends WaterUnit['kind']> = Extract<WaterUnit, { kind: K }>;

/** A measured flow: tags whose sum is the flow, each with its factor to m³/h. */
export interface FlowMeter {
  tags: { id: string; toM3h: number }[];
}

/** Where a storage level comes from: a level tag (factor to m) or a reservoir's constant level. */
export type LevelSource = { tag: string; toM: number } | { constant: number };

const LINK = new Set(['pump', 'valve', 'pipe', 'dosing', 'filter', 'heat-exchanger']);

/**
 * The water side of a twin model as the relations need it: units, their
 * inlets and outlets, and which tags measure or command what, with the
 * conversions from tag units to the simulator's (m³/h, m, m of head).
 * Tags bind to units the way the simulator binds them (tag-bindings.ts):
 * by processUnit and canonical quantity; a shared speed reference drives
 * every variable-speed pump of its asset that has no speed tag of its own.
 */
export class PlantGraph {
  readonly topo: Topology;
  readonly units: ReadonlyMap<string, WaterUnit>;
  readonly tags: ReadonlyMap<string, Tag>;
  readonly #in = new Map<string, string[]>();
  readonly #out = new Map<string, string[]>();
  readonly #all: readonly Tag[];

  constructor(model: TwinModel) {
    const units: readonly ProcessUnit[] = model.process.units;
    this.topo = buildTopology(units);
    this.units = new Map(this.topo.units.map((u) => [u.id, u]));
    this.#all = model.process.tags;
    this.tags = new Map(this.#all.map((t) => [t.id, t]));
    for (const u of this.topo.units) {
      this.#in.set(u.id, []);
      this.#out.set(u.id, []);
    }
    for (const e of this.topo.edges) {
      const from = this.topo.units[e.from]!.id;
      const to = this.topo.units[e.to]!.id;
      this.#out.get(from)!.push(to);
      this.#in.get(to)!.push(from);
    }
  }

  inlets(u: string): readonly string[] {
    return this.#in.get(u) ?? [];
  }

  outlets(u: string): readonly string[] {
    return this.#out.get(u) ?? [];
  }

  isLink(u: string): boolean {
    return LINK.has(this.units.get(u)?.kind ?? '');
  }

  unit<K extends WaterUnit['kind']>(u: string, kind: K): Of<K> | undefined {
    const x = this.units.get(u);
    return x?.kind === kind ? (x as Of<K>) : undefined;
  }

  /** Tags on unit `u` of a canonical quantity and one of `kinds`, in model order. */
  tagsOn(u: string, quantity: Quantity, kinds: readonly Tag['kind'][]): Tag[] {
    return this.#all.filter((t) => t.processUnit === u && kinds.includes(t.kind) && canonicalQuantity(t.quantity) === quantity);
  }

  /** The run-command actuator of a pump, if any. */
  runTag(pump: string): Tag | undefined {
    return this.tagsOn(pump, 'run', ['actuator'])[0];
  }

  /** The running-feedback tag of a pump, if any. */
  runningTag(pump: string): Tag | undefined {
    return this.tagsOn(pump, 'run', ['status', 'sensor'])[0];
  }

  /** The speed reference that drives a pump: its own, else a shared one of its asset (variable-speed pumps only). */
  speedTag(pump: string): Tag | undefined {
    const own = this.tagsOn(pump, 'speed', ['actuator'])[0];
    if (own) return own;
    const p = this.unit(pump, 'pump');
    if (!p?.variableSpeed) return undefined;
    return this.#all.find((t) => t.kind === 'actuator' && !t.processUnit && t.asset === p.asset && canonicalQuantity(t.quantity) === 'speed');
  }

  /** A flow meter on exactly this unit, in a known unit. */
  #ownMeter(u: string): FlowMeter | undefined {
    const kinds: Tag['kind'][] = ['sensor'];
    for (const t of this.tagsOn(u, 'flow', kinds)) {
      const k = flowFactor(t);
      if (k !== undefined) return { tags: [{ id: t.id, toM3h: k }] };
    }
    return undefined;
  }

  /**
   * The flow through link `u` from meters: its own, or one on a link in
   * series with it (the only inlet whose only outlet is `u`, or the only
   * outlet whose only inlet is `u`: water is incompressible and pipes run
   * full, so a series of links carries one flow). Requires `u` be a link.
   */
  linkFlow(u: string, seen = new Set<string>()): FlowMeter | undefined {
    if (seen.has(u) || !this.isLink(u)) return undefined;
    seen.add(u);
    const own = this.#ownMeter(u);
    if (own) return own;
    const ins = this.inlets(u);
    if (ins.length === 1 && this.isLink(ins[0]!) && this.outlets(ins[0]!).length === 1) {
      const up = this.linkFlow(ins[0]!, seen);
      if (up) return up;
    }
    const outs = this.outlets(u);
    if (outs.length === 1 && this.isLink(outs[0]!) && this.inlets(outs[0]!).length === 1) return this.linkFlow(outs[0]!, seen);
    return undefined;
  }

  /**
   * The total flow of a set of parallel links (all of `group`): the sum of
   * their meters, else a meter on the one link they all feed (or are all fed
   * by) when nothing else joins it.
   */
  groupFlow(group: readonly string[], direction: 'in' | 'out'): FlowMeter | undefined {
    const each = group.map((g) => this.linkFlow(g));
    if (each.every((m) => m !== undefined)) return { tags: each.flatMap((m) => m!.tags) };
    const joint = (g: string) => (direction === 'out' ? this.outlets(g) : this.inlets(g));
    const common = joint(group[0]!);
    if (common.length !== 1 || !group.every((g) => joint(g).length === 1 && joint(g)[0] === common[0])) return undefined;
    const m = common[0]!;
    const back = direction === 'out' ? this.inlets(m) : this.outlets(m);
    if (!this.isLink(m) || !sameSet(back, group)) return undefined;
    return this.linkFlow(m);
  }

  /** Measured inflow of storage `s`: every inlet a link that feeds only `s`. */
  inflow(s: string): FlowMeter | undefined {
    const ins = this.inlets(s);
    if (ins.length === 0) return { tags: [] };
    if (!ins.every((i) => this.isLink(i) && sameSet(this.outlets(i), [s]))) return undefined;
    return this.groupFlow(ins, 'in');
  }

  /** Measured outflow of tank `s`: links fed only by `s`, or a consumer reservoir fed only by `s` with its own meter. */
  outflow(s: string): FlowMeter | undefined {
    const outs = this.outlets(s);
    if (outs.length === 0) return { tags: [] };
    if (outs.length === 1 && this.units.get(outs[0]!)?.kind === 'reservoir' && sameSet(this.inlets(outs[0]!), [s])) return this.#ownMeter(outs[0]!);
    if (!outs.every((o) => this.isLink(o) && sameSet(this.inlets(o), [s]))) return undefined;
    return this.groupFlow(outs, 'out');
  }

  /** The level of a storage unit: its level sensor, else a reservoir's constant level; undefined for an unmeasured tank. */
  level(s: string): LevelSource | undefined {
    for (const t of this.tagsOn(s, 'level', ['sensor'])) {
      const k = lengthFactor(t);
      if (k !== undefined) return { tag: t.id, toM: k };
    }
    const r = this.unit(s, 'reservoir');
    return r ? { constant: r.level } : undefined;
  }

  /** Links downstream of `u` in series up to the next storage (exclusive), or undefined when the path branches. */
  seriesDown(u: string): { links: string[]; storage: string } | undefined {
    const links: string[] = [];
    let cur = u;
    for (let i = 0; i < this.units.size; i++) {
      const outs = this.outlets(cur);
      if (outs.length !== 1) return undefined;
      const next = outs[0]!;
      if (!this.isLink(next)) return { links, storage: next };
      if (this.inlets(next).length !== 1) return undefined;
      links.push(next);
      cur = next;
    }
    return undefined;
  }
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Factor from a flow tag's unit to m³/h; undefined for units the simulator does not convert. */
export function flowFactor(t: Tag): number | undefined {
  const c = converter('flow', t.unit);
  return c ? 1 / c(1) : undefined;
}

export function lengthFactor(t: Tag): number | undefined {
  const c = converter('length', t.unit);
  return c ? 1 / c(1) : undefined;
}

/** Factor from a pressure tag's unit to metres of water column. */
export function headFactor(t: Tag): number | undefined {
  const pa = pascalFrom(t.unit, 1);
  return pa === undefined ? undefined : pa / (RHO * G);
}

/** A speed reference as a fraction of rated speed (as the simulator reads it). */
export function speedFraction(v: number, t: Tag): number {
  if (t.unit === '%') return v / 100;
  return t.range.max > 1 ? v / t.range.max : v;
}

/** A valve position command in % open (as the simulator reads it). */
export function positionPercent(v: number, t: Tag): number {
  return t.unit === '%' || t.range.max > 1 ? v : v * 100;
}
