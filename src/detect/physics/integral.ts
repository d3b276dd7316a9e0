import type { Tag } from '../../model/index.js';
import { robustNoise } from './clamp.js';
import { blockIndex, EFFECT_PARTS, stuckValues, type Block, type Effect, type Member, type Relation, type RelationKind } from './relation.js';
import type { Signals } from './signals.js';

/** A member of a balance; units carry the largest loss (m³/h for a leak) the fit may assume. */
export interface IntegralMember extends Member {
  maxLoss?: number;
}

export interface IntegralSpec {
  id: string;
  kind: RelationKind;
  unit: string;
  target: string;
  /** Tags that must be fresh to integrate. The target's latest value is passed to `rate` too. */
  inputs: string[];
  members: IntegralMember[];
  blockSeconds: number;
  residualUnit: string;
  description: string;
  /** The stored quantity (m³ in a tank, mg/L in a mixed volume) from a target reading; undefined where the balance does not hold (overflowing, empty). */
  stored: (reading: number) => number | undefined;
  /** d(stored)/d(reading): how a step in the target reading shows in the residual. */
  targetScale: number;
  /** Rate of change of the stored quantity the inputs predict, per hour; loss by unit member. */
  rate: (v: ReadonlyMap<string, number>, loss: ReadonlyMap<string, number>) => number | undefined;
  /** Std of `stored` from one target reading (declared noise). */
  sampleNoise: number;
  /** Std of the integral of `rate` over one block from the inputs' declared noise. */
  integralNoise: number;
  minFraction?: number;
}

const NO_LOSS: ReadonlyMap<string, number> = new Map();
const HOUR_MS = 3_600_000;

/**
 * A balance dS/dt = rate(inputs), tested by integration rather than by
 * differentiating the noisy measurement: e(t) = S_measured(t) − ∫rate dt,
 * which stays constant while the balance holds. A block's residual is the
 * change of e's block mean from the previous block's: the measured change
 * minus the predicted change over one block, using every reading. Adjacent
 * residuals share a block mean, so they are negatively correlated: their
 * sum telescopes, which only makes CUSUM more conservative.
 * Integration uses the trapezoid rule between instants; an instant with a
 * stale input breaks it, and the next valid block starts afresh.
 */
export class IntegralRelation implements Relation {
  readonly id: string;
  readonly kind: RelationKind;
  readonly unit: string;
  readonly target: string;
  readonly tags: readonly string[];
  readonly members: readonly IntegralMember[];
  readonly residualUnit: string;
  readonly blockSeconds: number;
  readonly description: string;
  readonly #spec: IntegralSpec;
  readonly #tags: ReadonlyMap<string, Tag>;
  readonly #ms: number;
  #integral = 0;
  #lastTick = NaN;
  #lastRate = NaN;
  #block = NaN;
  #start = NaN;
  #broken = false;
  #n = 0;
  #sumE = 0;
  #diffs: number[] = [];
  #lastE = NaN;
  #sumS = 0;
  #sumI = 0;
  #partials = new Map<string, number[]>();
  /** Actuator value × time and time, per member: the command the block ran at. */
  #at = new Map<string, { sum: number; time: number }>();
  /** Actuators: the integrated rate change if the unit held each grid value, per time slice. */
  #stuck = new Map<string, { values: number[]; parts: number[][] }>();
  #bounds = new Map<string, [number, number]>();
  #prev: { block: number; e: number; s: number; i: number; n: number } | undefined;

  constructor(spec: IntegralSpec, tags: ReadonlyMap<string, Tag>) {
    this.#spec = spec;
    this.#tags = tags;
    this.id = spec.id;
    this.kind = spec.kind;
    this.unit = spec.unit;
    this.target = spec.target;
    this.tags = [...new Set([spec.target, ...spec.inputs])];
    this.members = spec.members;
    this.residualUnit = spec.residualUnit;
    this.blockSeconds = spec.blockSeconds;
    this.description = spec.description;
    this.#ms = spec.blockSeconds * 1000;
  }

  reset(): void {
    this.#integral = 0;
    this.#lastTick = NaN;
    this.#lastRate = NaN;
    this.#block = NaN;
    this.#prev = undefined;
    this.#clear(NaN);
  }

  tick(now: number, s: Signals): Block | undefined {
    const spec = this.#spec;
    const k = blockIndex(now, this.#ms);
    let done: Block | undefined;
    if (k !== this.#block) {
      done = this.#finish(k);
      this.#block = k;
      this.#clear(k * this.#ms);
    }
    const v = new Map<string, number>();
    let fresh = true;
    for (const t of [spec.target, ...spec.inputs]) {
      const x = s.value(t, now);
      if (x === undefined) fresh = false;
      else v.set(t, x);
    }
    const g = fresh ? spec.rate(v, NO_LOSS) : undefined;
    if (g === undefined || !Number.isFinite(g)) {
      this.#broken = true;
      this.#lastTick = NaN;
      return done;
    }
    if (Number.isFinite(this.#lastTick)) {
      const dt = (now - this.#lastTick) / HOUR_MS;
      this.#integral += ((this.#lastRate + g) / 2) * dt;
      this.#accumulatePartials(v, g, dt, now);
    }
    this.#lastTick = now;
    this.#lastRate = g;
    if (!s.sampledNow(spec.target)) return done;
    const stored = spec.stored(v.get(spec.target)!);
    if (stored === undefined) {
      this.#broken = true;
      return done;
    }
    this.#n++;
    this.#sumE += stored - this.#integral;
    if (Number.isFinite(this.#lastE)) this.#diffs.push(stored - this.#integral - this.#lastE);
    this.#lastE = stored - this.#integral;
    this.#sumS += stored;
    this.#sumI += this.#integral;
    const t = this.#tags.get(spec.target)!;
    const y = v.get(spec.target)!;
    this.#bounds.set(spec.target, [y - t.range.max, y - t.range.min]);
    return done;
  }

  #expected(): number {
    const period = this.#tags.get(this.#spec.target)?.samplePeriod ?? 1;
    return this.#spec.blockSeconds / period;
  }

  #clear(start: number): void {
    this.#start = start;
    this.#broken = false;
    this.#n = 0;
    this.#sumE = this.#sumS = this.#sumI = 0;
    this.#diffs = [];
    this.#lastE = NaN;
    this.#partials = new Map();
    this.#at = new Map();
    this.#stuck = new Map();
  }

  /** Closes the current block; `next` is the block about to start. */
  #finish(next: number): Block | undefined {
    const valid = Number.isFinite(this.#block) && !this.#broken && this.#n >= (this.#spec.minFraction ?? 0.6) * this.#expected();
    if (!valid) {
      this.#prev = undefined;
      return undefined;
    }
    const n = this.#n;
    const cur = { block: this.#block, e: this.#sumE / n, s: this.#sumS / n, i: this.#sumI / n, n };
    const prev = this.#prev;
    this.#prev = next === this.#block + 1 ? cur : undefined;
    if (!prev || prev.block !== cur.block - 1) return undefined;
    return {
      start: this.#start,
      end: this.#start + this.#ms,
      residual: cur.e - prev.e,
      samples: n,
      observed: cur.s - prev.s,
      expected: cur.i - prev.i,
      noise: Math.sqrt(this.#spec.sampleNoise ** 2 * (1 / n + 1 / prev.n) + this.#spec.integralNoise ** 2),
      scatter: this.#diffs.length >= 8 && this.#spec.sampleNoise > 0 ? robustNoise(this.#diffs) / this.#spec.sampleNoise : 1,
      effects: this.#effects(),
    };
  }

  #accumulatePartials(v: Map<string, number>, g: number, dt: number, now: number): void {
    const spec = this.#spec;
    const q = Math.min(EFFECT_PARTS - 1, Math.max(0, Math.floor(((now - this.#start) * EFFECT_PARTS) / this.#ms)));
    for (const m of spec.members) {
      let d: number | undefined;
      if (m.kind === 'unit') {
        const g1 = spec.rate(v, new Map([[m.id, 1]]));
        if (g1 !== undefined) d = g1 - g;
        this.#bounds.set(m.id, [0, m.maxLoss ?? Infinity]);
      } else {
        const t = this.#tags.get(m.tag!)!;
        const x = v.get(m.tag!);
        if (x === undefined) continue;
        const span = Math.max(1e-9, t.range.max - t.range.min);
        const step0 = Math.max(t.noise, 1e-3 * span);
        const step = x + step0 > t.range.max ? -step0 : step0;
        const g1 = spec.rate(new Map(v).set(m.tag!, x + step), NO_LOSS);
        if (g1 === undefined) continue;
        // A sensor reading x + b makes the prediction integrate the bias: −g'·b; an actuator off by b moves the plant: +g'·b.
        d = m.kind === 'sensor' ? -(g1 - g) / step : (g1 - g) / step;
        if (m.kind === 'actuator') {
          const a = this.#at.get(m.id) ?? { sum: 0, time: 0 };
          this.#at.set(m.id, { sum: a.sum + x * dt, time: a.time + dt });
          const st = this.#stuck.get(m.id) ?? { values: stuckValues(t.range.min, t.range.max), parts: [] };
          st.values.forEach((c, i) => {
            const gc = spec.rate(new Map(v).set(m.tag!, c), NO_LOSS);
            const row = (st.parts[i] ??= new Array<number>(EFFECT_PARTS).fill(0));
            if (gc !== undefined) row[q]! += (gc - g) * dt;
          });
          this.#stuck.set(m.id, st);
        }
        this.#bounds.set(m.id, m.kind === 'sensor' ? [x - t.range.max, x - t.range.min] : [t.range.min - x, t.range.max - x]);
      }
      if (d === undefined) continue;
      const parts = this.#partials.get(m.id) ?? new Array<number>(EFFECT_PARTS).fill(0);
      parts[q]! += d * dt;
      this.#partials.set(m.id, parts);
    }
  }

  #effects(): Effect[] {
    const spec = this.#spec;
    const out: Effect[] = [];
    for (const m of spec.members) {
      const b = this.#bounds.get(m.id);
      if (m.tag === spec.target) {
        const drift = sum(this.#partials.get(m.id));
        if (b) out.push({ member: m.id, shape: 'step', perUnit: spec.targetScale, ...(drift !== 0 ? { drift } : {}), lo: b[0], hi: b[1] });
        continue;
      }
      const p = this.#partials.get(m.id);
      const a = this.#at.get(m.id);
      const st = this.#stuck.get(m.id);
      if (p !== undefined && b) out.push({ member: m.id, shape: 'persistent', perUnit: sum(p), parts: p, lo: b[0], hi: b[1], ...(a && a.time > 0 ? { at: a.sum / a.time } : {}), ...(st ? { stuck: st } : {}) });
    }
    return out;
  }
}

const sum = (xs: readonly number[] | undefined) => (xs ?? []).reduce((s, x) => s + x, 0);
