import { Random } from '../../common/random.js';
import type { Tag } from '../../model/index.js';
import type { WaterNetwork } from '../physics/water-network.js';
import type { Injection } from '../scenario/schema.js';

/** Ground truth at one instant: which injections are active. */
export interface Label {
  /** Ids of active injections, in scenario order. */
  active: string[];
  /** 'attack' when any active injection is an attack, else 'fault' when any is active, else ''. */
  class: 'attack' | 'fault' | '';
  /** Tag, unit or asset ids the active injections act on. */
  targets: string[];
}

export const NO_LABEL: Label = Object.freeze({ active: [], class: '', targets: [] }) as Label;

/** One injection, resolved against the model, with its run-time state. */
export interface LiveInjection {
  inj: Injection;
  /** ms since the epoch; end is Infinity without one. */
  start: number;
  end: number;
  /** Tag indices it acts on (the tag, or every tag of the asset for message-loss). */
  tags: number[];
  target: string;
  active: boolean;
  /** Its own PRNG (noise, message loss), so adding an injection leaves every other random draw unchanged. */
  rng: Random;
  /** sensor-freeze: the value held. setpoint-change: the value to restore. */
  held?: number;
  /** unauthorized-write: when the next write is due. */
  nextWrite?: number;
  /** sensor-replay: reported samples in the recorded window. */
  recorded?: { time: number; value: number }[];
}

/**
 * The scenario's injections over time. `update` switches them on in
 * [start, end) and reports the transitions; the simulator applies the
 * effects. Requires every tag/unit/asset reference to exist (checked when
 * the scenario was parsed against the model).
 */
export class InjectionSet {
  readonly all: LiveInjection[];
  /** Per tag index: injections acting on that tag's samples, in scenario order. */
  readonly byTag: LiveInjection[][];
  #label: Label = NO_LABEL;

  constructor(injections: readonly Injection[], start: number, tags: readonly Tag[], seed: number) {
    const index = new Map(tags.map((t, i) => [t.id, i]));
    this.byTag = tags.map(() => []);
    this.all = injections.map((inj, k) => {
      const ids = inj.tag !== undefined ? [inj.tag] : inj.asset !== undefined ? tags.filter((t) => t.asset === inj.asset).map((t) => t.id) : [];
      const live: LiveInjection = {
        inj,
        start: start + Math.round(inj.start * 1000),
        end: inj.end === undefined ? Infinity : start + Math.round(inj.end * 1000),
        tags: ids.map((id) => index.get(id)).filter((i): i is number => i !== undefined),
        target: inj.tag ?? inj.unit ?? inj.asset ?? '',
        active: false,
        rng: new Random((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca77)) >>> 0),
        ...(inj.kind === 'sensor-replay' ? { recorded: [] } : {}),
      };
      if (inj.tag !== undefined || inj.asset !== undefined) for (const t of live.tags) this.byTag[t]!.push(live);
      return live;
    });
  }

  get label(): Label {
    return this.#label;
  }

  /** Sets which injections are active at `now`; returns those that started and ended. */
  update(now: number): { started: LiveInjection[]; ended: LiveInjection[] } {
    const started: LiveInjection[] = [];
    const ended: LiveInjection[] = [];
    for (const live of this.all) {
      const on = now >= live.start && now < live.end;
      if (on === live.active) continue;
      live.active = on;
      (on ? started : ended).push(live);
    }
    if (started.length > 0 || ended.length > 0) this.#label = this.#makeLabel();
    return { started, ended };
  }

  #makeLabel(): Label {
    const act = this.all.filter((l) => l.active);
    if (act.length === 0) return NO_LABEL;
    return {
      active: act.map((l) => l.inj.id),
      class: act.some((l) => l.inj.class === 'attack') ? 'attack' : 'fault',
      targets: [...new Set(act.map((l) => l.target))],
    };
  }
}

/** Efficiency of a pump under a pump-wear injection at `now`: fixed, or falling linearly at `rate` per hour from the start. */
export function wornEfficiency(live: LiveInjection, now: number): number {
  if (live.inj.kind !== 'pump-wear') return 1;
  const p = live.inj.params;
  if (p.efficiency !== undefined) return p.efficiency;
  return Math.max(0, 1 - (p.rate ?? 0) * ((now - live.start) / 3_600_000));
}

/** A sensor-replay value for a sample at `now`: the recorded sample at the same phase of the window, repeated. */
export function replayed(live: LiveInjection, now: number): number | undefined {
  if (live.inj.kind !== 'sensor-replay' || !live.recorded || live.recorded.length === 0) return undefined;
  const len = Math.round(live.inj.params.length * 1000);
  const from = live.start - Math.round(live.inj.start * 1000) + Math.round(live.inj.params.from * 1000);
  const at = from + ((now - live.start) % len);
  const rec = live.recorded;
  let lo = 0;
  let hi = rec.length - 1;
  if (rec[0]!.time > at) return rec[0]!.value;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (rec[mid]!.time <= at) lo = mid;
    else hi = mid - 1;
  }
  return rec[lo]!.value;
}

/** True when `now` falls in the window a sensor-replay records. */
export function recording(live: LiveInjection, now: number): boolean {
  if (live.inj.kind !== 'sensor-replay') return false;
  const from = live.start - Math.round(live.inj.start * 1000) + Math.round(live.inj.params.from * 1000);
  return now >= from && now < from + Math.round(live.inj.params.length * 1000);
}

/** A reading after the active spoofing injections on its tag (bias, freeze, replay, extra noise), in scenario order. */
export function spoof(lives: readonly LiveInjection[], value: number, now: number): number {
  let v = value;
  for (const live of lives) {
    if (!live.active) continue;
    const inj = live.inj;
    if (inj.kind === 'sensor-bias') v += inj.params.offset;
    else if (inj.kind === 'sensor-freeze') v = live.held ?? v;
    else if (inj.kind === 'sensor-replay') v = replayed(live, now) ?? v;
    else if (inj.kind === 'sensor-noise') v += inj.params.std * live.rng.gaussian();
  }
  return v;
}

/** Sets the network's leaks and pump efficiencies from the active leak and pump-wear injections (several leaks add up; the worst wear wins). */
export function disturb(w: WaterNetwork, lives: readonly LiveInjection[], now: number): void {
  w.leak.fill(0);
  w.efficiency.fill(1);
  for (const live of lives) {
    if (!live.active || live.inj.unit === undefined) continue;
    const u = w.topo.index.get(live.inj.unit);
    if (u === undefined) continue;
    if (live.inj.kind === 'leak') w.leak[u] = w.leak[u]! + live.inj.params.rate;
    else if (live.inj.kind === 'pump-wear') w.efficiency[u] = Math.min(w.efficiency[u]!, wornEfficiency(live, now));
  }
}
