import { DetectError } from './errors.js';

/** A value older than this many periods (or sample periods of its tag) does not fill a row. */
export const MAX_AGE_PERIODS = 3;

/** Per tag, the seconds after which its value no longer fills a row: MAX_AGE_PERIODS row periods or sample periods of the tag, whichever is longer. */
export function rowMaxAges(periodS: number, samplePeriods: readonly number[]): number[] {
  return samplePeriods.map((p) => MAX_AGE_PERIODS * Math.max(periodS, p));
}

/** One reading of a group's tag. */
export interface TimedValue {
  tag: string;
  /** Epoch ms. */
  time: number;
  value: number;
}

/**
 * Turns a time-ordered stream of readings into the rows a group's detectors
 * see, the same way in training and live: at every `periodS` boundary, the
 * latest value of each tag in `tags` order, once every tag has reported. A
 * row is left out (counted in `skipped`) while a tag's value is older than its
 * maximum age (one age for all tags, or one per tag): a gap in the data is
 * never filled with a stale value. A long gap is stepped over without
 * visiting each boundary.
 */
export class RowClock {
  readonly #index: Map<string, number>;
  readonly #periodMs: number;
  readonly #maxAgeMs: number[];
  readonly #latest: ({ time: number; value: number } | undefined)[];
  #next: number | undefined;
  skipped = 0;

  constructor(tags: readonly string[], periodS: number, maxAgeS: number | readonly number[]) {
    if (!(periodS > 0)) throw new DetectError('bad-option', `period must be > 0 s, got ${periodS}`);
    this.#index = new Map(tags.map((t, i) => [t, i]));
    this.#periodMs = periodS * 1000;
    this.#maxAgeMs = tags.map((_, i) => 1000 * (typeof maxAgeS === 'number' ? maxAgeS : maxAgeS[i]!));
    this.#latest = tags.map(() => undefined);
  }

  /** Feeds one reading; returns the rows of the boundaries it passed (before taking its value). Readings of other tags are ignored. */
  push(r: TimedValue): { time: number; row: number[] }[] {
    const j = this.#index.get(r.tag);
    if (j === undefined || !Number.isFinite(r.time) || !Number.isFinite(r.value)) return [];
    this.#next ??= Math.ceil(r.time / this.#periodMs) * this.#periodMs;
    const out: { time: number; row: number[] }[] = [];
    while (r.time >= this.#next) {
      const row = this.#rowAt(this.#next);
      if (row) out.push({ time: this.#next, row });
      else if (this.#latest.every((l, i) => l !== undefined && this.#next! - l.time > this.#maxAgeMs[i]!)) {
        // Everything is stale: skip straight to the boundary of this reading.
        const jump = Math.floor((r.time - this.#next) / this.#periodMs);
        this.skipped += jump;
        this.#next += jump * this.#periodMs;
      }
      this.#next += this.#periodMs;
    }
    const prev = this.#latest[j];
    if (!prev || r.time >= prev.time) this.#latest[j] = { time: r.time, value: r.value };
    return out;
  }

  /** The row at the next boundary after the last reading, if it can be formed (end of a recording). */
  flush(): { time: number; row: number[] }[] {
    if (this.#next === undefined) return [];
    const row = this.#rowAt(this.#next);
    return row ? [{ time: this.#next, row }] : [];
  }

  #rowAt(at: number): number[] | undefined {
    if (this.#latest.some((l, i) => l === undefined || at - l.time > this.#maxAgeMs[i]!)) {
      if (this.#latest.every((l) => l !== undefined)) this.skipped++;
      return undefined;
    }
    return this.#latest.map((l) => l!.value);
  }
}

/** A whole recording through a RowClock: its rows, their times, and how many boundaries were left out. */
export function resample(readings: Iterable<TimedValue>, tags: readonly string[], periodS: number, maxAgeS: number | readonly number[]): { rows: number[][]; times: number[]; skipped: number } {
  const clock = new RowClock(tags, periodS, maxAgeS);
  const rows: number[][] = [];
  const times: number[] = [];
  const take = (xs: { time: number; row: number[] }[]) => xs.forEach((x) => (rows.push(x.row), times.push(x.time)));
  for (const r of readings) take(clock.push(r));
  take(clock.flush());
  return { rows, times, skipped: clock.skipped };
}
