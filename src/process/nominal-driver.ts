import { Random } from '../common/random.js';
import type { Tag } from '../model/index.js';
import type { Reading } from '../twin/index.js';

/**
 * Produces readings for every tag that has a nominal value: the nominal plus
 * the tag's measurement noise, each at its own sample period, clamped to the
 * instrument range. It stands in for a plant until the process simulator
 * exists, and says so in each reading's source (`nominal`).
 * Deterministic for a given seed and sequence of `due` calls.
 */
export class NominalDriver {
  #tags: { tag: Tag; next: number }[];
  #rng: Random;

  constructor(tags: readonly Tag[], options: { seed?: number; start?: number } = {}) {
    const start = options.start ?? 0;
    this.#tags = tags.filter((t) => t.nominal !== undefined).map((tag) => ({ tag, next: start }));
    this.#rng = new Random(options.seed ?? 1);
  }

  get tagCount(): number {
    return this.#tags.length;
  }

  /** Readings due at `now` (ms since the epoch); each tag then waits one sample period. */
  due(now: number): Reading[] {
    const out: Reading[] = [];
    for (const entry of this.#tags) {
      if (entry.next > now) continue;
      const { tag } = entry;
      const raw = tag.nominal! + tag.noise * this.#rng.gaussian();
      const value = Math.min(tag.range.max, Math.max(tag.range.min, raw));
      out.push({ tag: tag.id, value: Number(value.toPrecision(6)), time: new Date(now), source: 'nominal' });
      const period = tag.samplePeriod * 1000;
      // After a stall, skip the missed samples instead of emitting a burst.
      entry.next = entry.next + period <= now ? now + period : entry.next + period;
    }
    return out;
  }
}
