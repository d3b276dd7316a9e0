import type { Tag } from '../../model/index.js';
import type { Block, Relation } from './relation.js';
import { Signals } from './signals.js';

/**
 * How long an instant stays open for readings of it that arrive late (over
 * another protocol, a slower poll), ms. Relations see it this much later.
 */
export const LATENESS_MS = 2000;

export interface Completed {
  relation: Relation;
  block: Block;
}

/** One evaluated instant: the tags read at it and the blocks it completed. */
export interface Instant {
  time: number;
  tags: string[];
  blocks: Completed[];
}

/**
 * Feeds readings to the relations one instant (measurement time) at a
 * time, in time order: readings are held until the newest reading is
 * LATENESS_MS past their time, so readings of one instant that arrive out
 * of order (several connectors) are evaluated together, and a prediction
 * at t uses every input read at t. A reading older than the last evaluated
 * instant is dropped: a relation never goes back in time.
 */
export class RelationStream {
  readonly relations: readonly Relation[];
  readonly signals: Signals;
  readonly #used: Set<string>;
  readonly #held = new Map<number, { tag: string; value: number }[]>();
  #newest = -Infinity;
  #evaluated = -Infinity;

  constructor(relations: readonly Relation[], tags: ReadonlyMap<string, Tag>) {
    this.relations = relations;
    this.signals = new Signals(tags);
    this.#used = new Set(relations.flatMap((r) => r.tags));
  }

  /** Adds a reading (time in ms); returns the instants it lets through, oldest first. */
  push(tag: string, value: number, time: number): Instant[] {
    if (!this.#used.has(tag) || !Number.isFinite(time) || !Number.isFinite(value) || time <= this.#evaluated) return [];
    const at = this.#held.get(time);
    if (at) at.push({ tag, value });
    else this.#held.set(time, [{ tag, value }]);
    this.#newest = Math.max(this.#newest, time);
    return this.#release(this.#newest - LATENESS_MS);
  }

  /** Evaluates every held instant (end of data). */
  flush(): Instant[] {
    return this.#release(Infinity);
  }

  #release(upTo: number): Instant[] {
    const due = [...this.#held.keys()].filter((t) => t <= upTo).sort((a, b) => a - b);
    const out: Instant[] = [];
    for (const time of due) {
      const readings = this.#held.get(time)!;
      this.#held.delete(time);
      for (const r of readings) this.signals.record(r.tag, r.value, time);
      const blocks: Completed[] = [];
      for (const relation of this.relations) {
        const block = relation.tick(time, this.signals);
        if (block) blocks.push({ relation, block });
      }
      this.signals.endInstant();
      this.#evaluated = time;
      out.push({ time, tags: readings.map((r) => r.tag), blocks });
    }
    return out;
  }
}
