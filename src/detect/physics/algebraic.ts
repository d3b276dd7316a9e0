import type { Tag } from '../../model/index.js';
import { clampedMean, robustNoise } from './clamp.js';
import { blockIndex, EFFECT_PARTS, stuckValues, type Block, type Effect, type Member, type Relation, type RelationKind } from './relation.js';
import type { Signals } from './signals.js';

/** Inputs by key (a tag id, or a state the relation keeps such as a valve stem) and degradation per unit member (0 = as new). */
export type Predict = (v: ReadonlyMap<string, number>, loss: ReadonlyMap<string, number>) => number | undefined;

/** A member and the input key whose perturbation stands for its fault (its tag by default). */
export interface AlgebraicMember extends Member {
  key?: string;
}

export interface AlgebraicSpec {
  id: string;
  kind: RelationKind;
  unit: string;
  target: string;
  /** Tags that must be fresh for a prediction. */
  inputs: string[];
  members: AlgebraicMember[];
  /** On/off tags: a change starts a hold-off during which samples are not used (starts and stops are transients). */
  discrete: string[];
  holdoffSeconds: number;
  blockSeconds: number;
  residualUnit: string;
  description: string;
  /** Std of one reading of the target beyond its declared noise (e.g. a 0/1 feedback, which declares none). */
  sampleNoise?: number;
  /** Std of one prediction from what the relation cannot know exactly (e.g. where a valve stem is between two command readings). */
  modelNoise?: (v: ReadonlyMap<string, number>) => number;
  predict: Predict;
  /** Tags `update` reads besides the inputs. */
  watches?: string[];
  /** Called every instant before sampling, for relations with state (a valve stem following its command). */
  update?: (now: number, s: Signals, v: Map<string, number>) => void;
  /** Share of the expected samples a block needs to count. */
  minFraction?: number;
}

const NO_LOSS: ReadonlyMap<string, number> = new Map();
const LOSS_STEP = 0.01;

/**
 * A static relation y = f(inputs): at each reading of the target, the
 * residual y − E[reading | f] is taken (E: the transmitter's saturation at
 * its range ends included) if every input is fresh and no on/off input
 * changed within the hold-off; a block's residual is the mean of its
 * samples. Each member's fault effect is evaluated at every sample and
 * averaged per time slice (see Effect): numerical derivatives for biases,
 * the opposite state for on/off actuators, and the exact prediction at each
 * value of a grid for a continuous actuator stuck at one value.
 */
export class AlgebraicRelation implements Relation {
  readonly id: string;
  readonly kind: RelationKind;
  readonly unit: string;
  readonly target: string;
  readonly tags: readonly string[];
  readonly members: readonly AlgebraicMember[];
  readonly residualUnit: string;
  readonly blockSeconds: number;
  readonly description: string;
  readonly #spec: AlgebraicSpec;
  readonly #tags: ReadonlyMap<string, Tag>;
  readonly #ms: number;
  #block = NaN;
  #start = NaN;
  #n = 0;
  #sumR = 0;
  #sumY = 0;
  #sumP = 0;
  #sumVar = 0;
  #diffs: number[] = [];
  #lastR = NaN;
  #effects = new Map<string, Effect>();
  #lastDiscrete = new Map<string, { value: number; changed: number }>();
  #state = new Map<string, number>();

  constructor(spec: AlgebraicSpec, tags: ReadonlyMap<string, Tag>) {
    this.#spec = spec;
    this.#tags = tags;
    this.id = spec.id;
    this.kind = spec.kind;
    this.unit = spec.unit;
    this.target = spec.target;
    this.tags = [...new Set([spec.target, ...spec.inputs, ...(spec.watches ?? [])])];
    this.members = spec.members;
    this.residualUnit = spec.residualUnit;
    this.blockSeconds = spec.blockSeconds;
    this.description = spec.description;
    this.#ms = spec.blockSeconds * 1000;
  }

  reset(): void {
    this.#block = NaN;
    this.#clear(NaN);
    this.#lastDiscrete.clear();
    this.#state.clear();
  }

  tick(now: number, s: Signals): Block | undefined {
    const spec = this.#spec;
    const k = blockIndex(now, this.#ms);
    let done: Block | undefined;
    if (k !== this.#block) {
      done = this.#finish();
      this.#block = k;
      this.#clear(k * this.#ms);
    }
    for (const d of spec.discrete) {
      const v = s.value(d, now);
      if (v === undefined) continue;
      const was = this.#lastDiscrete.get(d);
      if (!was) this.#lastDiscrete.set(d, { value: v, changed: -Infinity });
      else if ((was.value >= 0.5) !== (v >= 0.5)) this.#lastDiscrete.set(d, { value: v, changed: now });
    }
    spec.update?.(now, s, this.#state);
    if (!s.sampledNow(spec.target)) return done;
    const y = s.value(spec.target, now);
    if (y === undefined) return done;
    const v = new Map(this.#state);
    for (const t of spec.inputs) {
      const x = s.value(t, now);
      if (x === undefined) return done;
      v.set(t, x);
    }
    for (const d of spec.discrete) {
      const c = this.#lastDiscrete.get(d);
      if (c && now - c.changed < spec.holdoffSeconds * 1000) return done;
    }
    const raw = spec.predict(v, NO_LOSS);
    if (raw === undefined || !Number.isFinite(raw)) return done;
    const t = this.#tags.get(spec.target)!;
    // Compare with what the instrument would read on average, saturation included.
    const p = clampedMean(raw, t.noise, t.range.min, t.range.max);
    this.#n++;
    this.#sumR += y - p;
    if (Number.isFinite(this.#lastR)) this.#diffs.push(y - p - this.#lastR);
    this.#lastR = y - p;
    this.#sumY += y;
    this.#sumP += p;
    this.#sumVar += this.#accumulateEffects(y, raw, v, now);
    return done;
  }

  #expected(): number {
    const period = this.#tags.get(this.#spec.target)?.samplePeriod ?? 1;
    return this.#spec.blockSeconds / period;
  }

  #clear(start: number): void {
    this.#start = start;
    this.#n = 0;
    this.#sumR = this.#sumY = this.#sumP = this.#sumVar = 0;
    this.#diffs = [];
    this.#lastR = NaN;
    this.#effects = new Map();
  }

  #finish(): Block | undefined {
    if (!Number.isFinite(this.#block) || this.#n < (this.#spec.minFraction ?? 0.6) * this.#expected()) return undefined;
    const n = this.#n;
    return {
      start: this.#start,
      end: this.#start + this.#ms,
      residual: this.#sumR / n,
      samples: n,
      observed: this.#sumY / n,
      expected: this.#sumP / n,
      noise: Math.sqrt(this.#sumVar) / n,
      scatter: this.#diffs.length >= 8 && this.#sumVar > 0 ? robustNoise(this.#diffs) / Math.sqrt(this.#sumVar / n) : 1,
      effects: [...this.#effects.values()].map((e) => ({
        ...e,
        perUnit: e.perUnit / n,
        parts: e.parts!.map((x) => x / n),
        ...(e.at !== undefined ? { at: e.at / n } : {}),
        ...(e.stuck ? { stuck: { values: e.stuck.values, parts: e.stuck.parts.map((p) => p.map((x) => x / n)) } } : {}),
      })),
    };
  }

  /**
   * Adds this sample's effect of each member's fault (summed; divided by the
   * count at the end); returns the sample's residual variance: the target's
   * noise plus each input sensor's noise through the prediction's slope.
   */
  #accumulateEffects(y: number, p: number, v: Map<string, number>, now: number): number {
    const q = Math.min(EFFECT_PARTS - 1, Math.max(0, Math.floor(((now - this.#start) * EFFECT_PARTS) / this.#ms)));
    const spec = this.#spec;
    const target = this.#tags.get(spec.target)!;
    // Effects compare what the instrument would read on average (saturation included) with and without the fault.
    const read = (x: number | undefined) => (x === undefined ? undefined : clampedMean(x, target.noise, target.range.min, target.range.max));
    const base = read(p)!;
    let variance = target.noise ** 2 + (spec.sampleNoise ?? 0) ** 2 + (spec.modelNoise?.(v) ?? 0) ** 2;
    for (const m of spec.members) {
      let e: Omit<Effect, 'member'> | undefined;
      if (m.kind === 'unit') {
        const p1 = read(spec.predict(v, new Map([[m.id, LOSS_STEP]])));
        if (p1 !== undefined) e = { shape: 'persistent', perUnit: (p1 - base) / LOSS_STEP, lo: 0, hi: 1 };
      } else if (m.tag === spec.target) {
        const t = this.#tags.get(m.tag)!;
        e = { shape: 'persistent', perUnit: 1, lo: y - t.range.max, hi: y - t.range.min };
      } else {
        const key = m.key ?? m.tag!;
        const t = this.#tags.get(m.tag!)!;
        const x = v.get(key);
        if (x === undefined) continue;
        if (m.discrete) {
          const flipped = new Map(v).set(key, x >= 0.5 ? 0 : 1);
          const p1 = read(spec.predict(flipped, NO_LOSS));
          if (p1 !== undefined) e = { shape: 'flip', perUnit: p1 - base, lo: 1, hi: 1 };
        } else {
          const span = Math.max(1e-9, t.range.max - t.range.min);
          const step0 = Math.max(t.noise, 1e-3 * span);
          const step = x + step0 > t.range.max ? -step0 : step0;
          const p1 = read(spec.predict(new Map(v).set(key, x + step), NO_LOSS));
          if (p1 === undefined) continue;
          const d = (p1 - base) / step;
          if (m.kind === 'sensor') variance += (d * t.noise) ** 2;
          // A sensor bias b makes the prediction use x + b: residual −f'·b.
          // An actuator off by b makes the plant run at x + b: residual +f'·b.
          if (m.kind === 'sensor') e = { shape: 'persistent', perUnit: -d, lo: x - t.range.max, hi: x - t.range.min };
          else {
            const [lo, hi] = m.domain ?? [t.range.min, t.range.max];
            const values = stuckValues(lo, hi);
            const shift = values.map((c) => (read(spec.predict(new Map(v).set(key, c), NO_LOSS)) ?? base) - base);
            e = { shape: 'persistent', perUnit: d, lo: lo - x, hi: hi - x, at: x, stuck: { values, parts: shift.map((sh) => [sh]) } };
          }
        }
      }
      if (!e) continue;
      const acc = this.#effects.get(m.id);
      if (acc) {
        acc.perUnit += e.perUnit;
        acc.parts![q]! += e.perUnit;
        if (acc.stuck && e.stuck) e.stuck.parts.forEach((x, i) => (acc.stuck!.parts[i]![q]! += x[0]!));
        if (acc.at !== undefined && e.at !== undefined) acc.at += e.at;
        acc.lo = e.lo;
        acc.hi = e.hi;
      } else {
        const slices = (x: number) => {
          const parts = new Array<number>(EFFECT_PARTS).fill(0);
          parts[q] = x;
          return parts;
        };
        const stuck = e.stuck && { values: e.stuck.values, parts: e.stuck.parts.map((x) => slices(x[0]!)) };
        this.#effects.set(m.id, { member: m.id, ...e, parts: slices(e.perUnit), ...(stuck ? { stuck } : {}) });
      }
    }
    return variance;
  }
}
