import type { Tag } from '../../model/index.js';

/** Consecutive identical readings before a noisy sensor counts as flat (frozen or held) when a relation involving it breaks. */
export const FLAT_RUN = 12;
/** Consecutive identical readings after which a noisy sensor is alerted on as frozen by itself. */
export const FLAT_ALERT_RUN = 30;

interface Latest {
  value: number;
  /** ms since the epoch, the measurement time. */
  time: number;
  /** Time of the reading before this one; NaN for the first. */
  previousTime: number;
  /** How many readings in a row (this one included) carried exactly this value. */
  run: number;
}

/**
 * The latest reading of each tag the relations use, with its age. A value is
 * usable only while fresh: no older than three sample periods plus one
 * second, so a lost or delayed message turns a relation off for that instant
 * instead of letting it predict from a stale input.
 */
export class Signals {
  readonly #tags: ReadonlyMap<string, Tag>;
  readonly #latest = new Map<string, Latest>();
  /** Tags with a reading at the instant being evaluated. */
  readonly #fresh = new Set<string>();

  constructor(tags: ReadonlyMap<string, Tag>) {
    this.#tags = tags;
  }

  /** Records a reading; returns false for an unknown tag or a reading older than the one held (out of order). */
  record(tag: string, value: number, time: number): boolean {
    if (!this.#tags.has(tag) || !Number.isFinite(value) || !Number.isFinite(time)) return false;
    const was = this.#latest.get(tag);
    if (was && time < was.time) return false;
    const run = was && was.value === value ? was.run + 1 : 1;
    this.#latest.set(tag, { value, time, previousTime: was ? was.time : NaN, run });
    this.#fresh.add(tag);
    return true;
  }

  /** Marks the end of an instant: "sampled now" is cleared. */
  endInstant(): void {
    this.#fresh.clear();
  }

  /** True when `tag` has a reading at the instant being evaluated. */
  sampledNow(tag: string): boolean {
    return this.#fresh.has(tag);
  }

  /** The latest value if it is fresh at `now` (ms), else undefined. */
  value(tag: string, now: number): number | undefined {
    const l = this.#latest.get(tag);
    if (!l || now - l.time > this.maxAge(tag)) return undefined;
    return l.value;
  }

  /** The latest value whatever its age. */
  latest(tag: string): number | undefined {
    return this.#latest.get(tag)?.value;
  }

  time(tag: string): number | undefined {
    return this.#latest.get(tag)?.time;
  }

  /** ms a reading of `tag` stays usable. */
  maxAge(tag: string): number {
    const p = this.#tags.get(tag)?.samplePeriod ?? 1;
    return 3 * p * 1000 + 1000;
  }

  /**
   * True when a sensor that declares noise has repeated one value FLAT_RUN
   * times in a row away from its range limits: with Gaussian noise of that
   * size two equal readings are already unlikely, a dozen is a held value
   * (a frozen transmitter or a replayed register). Saturated readings at the
   * range ends legitimately repeat and are not flat.
   */
  flat(tag: string): boolean {
    return this.flatRun(tag) >= FLAT_RUN;
  }

  /**
   * How many identical readings in a row a noisy sensor has given (0 when
   * repeats say nothing: no declared noise, noise below twice a Modbus
   * register's resolution, or a value at a range end).
   */
  flatRun(tag: string): number {
    const t = this.#tags.get(tag);
    const l = this.#latest.get(tag);
    if (!t || !l || !(t.noise > 0)) return 0;
    if (t.bindings.some((b) => b.protocol === 'modbus' && t.noise < 2 * Math.abs(b.scale))) return 0;
    const span = t.range.max - t.range.min;
    if (l.value <= t.range.min + 1e-6 * span || l.value >= t.range.max - 1e-6 * span) return 0;
    return l.run;
  }

  tag(id: string): Tag | undefined {
    return this.#tags.get(id);
  }

  clear(): void {
    this.#latest.clear();
    this.#fresh.clear();
  }
}
