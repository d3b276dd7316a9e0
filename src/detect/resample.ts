import { DetectError } from './errors.js';

/** One reading of a group's tag. */
export interface TimedValue {
  tag: string;
  /** Epoch ms. */
  time: number;
  value: number;
}

/**
 * Turns readings (any order within a tag's stream, sorted by time overall)
 * into the rows a group's detectors see: every `periodS` seconds, the latest
 * value of each tag in `tags` order, once every tag has reported. A row is
 * left out while a tag's value is older than `maxAgeS` (a gap in the data is
 * not filled with a stale value). Returns the rows and their times.
 */
export function resample(readings: Iterable<TimedValue>, tags: readonly string[], periodS: number, maxAgeS: number): { rows: number[][]; times: number[]; skipped: number } {
  if (!(periodS > 0)) throw new DetectError('bad-option', `period must be > 0 s, got ${periodS}`);
  const index = new Map(tags.map((t, i) => [t, i]));
  const latest: ({ time: number; value: number } | undefined)[] = tags.map(() => undefined);
  const rows: number[][] = [];
  const times: number[] = [];
  let skipped = 0;
  let next: number | undefined;
  const periodMs = periodS * 1000;
  const emit = (at: number) => {
    if (latest.some((l) => l === undefined || at - l.time > maxAgeS * 1000)) {
      if (latest.every((l) => l !== undefined)) skipped++;
      return;
    }
    rows.push(latest.map((l) => l!.value));
    times.push(at);
  };
  for (const r of readings) {
    const j = index.get(r.tag);
    if (j === undefined) continue;
    next ??= Math.ceil(r.time / periodMs) * periodMs;
    while (r.time >= next) {
      emit(next);
      next += periodMs;
    }
    latest[j] = { time: r.time, value: r.value };
  }
  if (next !== undefined) emit(next);
  return { rows, times, skipped };
}
