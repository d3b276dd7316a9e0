import type { Tag } from '../../model/index.js';
import { CLEAR_DELAY, type AlarmRecord } from './alarms.js';

type Level = 'lowLow' | 'low' | 'normal' | 'high' | 'highHigh';
const RANK: Record<Level, number> = { lowLow: -2, low: -1, normal: 0, high: 1, highHigh: 2 };

/** Share of the tag's range a value must come back inside a limit before its alarm may clear. */
export const DEADBAND = 0.005;

/**
 * Alarm state of one tag against its limits (alarm at low/high, trip at
 * lowLow/highHigh; strictly beyond the limit). Raises a record each time
 * the value reaches a more severe level, or the other side. A standing
 * alarm clears (silently) only once the value has stayed back inside the
 * limit by a deadband of 0.5 % of the range for CLEAR_DELAY, so noise
 * around a limit does not chatter.
 */
export class LimitMonitor {
  readonly tag: Tag;
  #level: Level = 'normal';
  #band: number;
  #clearing: number | undefined;

  constructor(tag: Tag) {
    this.tag = tag;
    this.#band = DEADBAND * (tag.range.max - tag.range.min);
  }

  check(value: number, time: number): AlarmRecord | undefined {
    const raw = this.#levelOf(value, 0);
    const cur = this.#level;
    const worse = raw !== 'normal' && (Math.sign(RANK[raw]) !== Math.sign(RANK[cur]) || Math.abs(RANK[raw]) > Math.abs(RANK[cur]));
    if (worse) {
      this.#level = raw;
      this.#clearing = undefined;
      return record(this.tag, raw as Exclude<Level, 'normal'>, value, time);
    }
    const held = this.#levelOf(value, this.#band);
    if (held === cur) {
      this.#clearing = undefined;
      return undefined;
    }
    this.#clearing ??= time;
    if (time - this.#clearing >= CLEAR_DELAY) {
      this.#level = raw;
      this.#clearing = undefined;
    }
    return undefined;
  }

  /** Level of `v`, with every limit moved `band` toward normal (to test whether a standing alarm still holds). */
  #levelOf(v: number, band: number): Level {
    const l = this.tag.limits ?? {};
    if (l.lowLow !== undefined && v < l.lowLow + band) return 'lowLow';
    if (l.highHigh !== undefined && v > l.highHigh - band) return 'highHigh';
    if (l.low !== undefined && v < l.low + band) return 'low';
    if (l.high !== undefined && v > l.high - band) return 'high';
    return 'normal';
  }
}

function record(tag: Tag, kind: Exclude<Level, 'normal'>, value: number, time: number): AlarmRecord {
  const limit = tag.limits![kind]!;
  const side = RANK[kind] > 0 ? 'above' : 'below';
  const trip = kind === 'lowLow' || kind === 'highHigh';
  return {
    time,
    tag: tag.id,
    kind,
    value,
    message: `${tag.name ?? tag.id} ${side} its ${kind} ${trip ? 'trip' : 'alarm'} limit (${fmt(value)} ${tag.unit}, limit ${limit})`,
    severity: trip ? 'high' : 'medium',
  };
}

function fmt(v: number): string {
  return Number(v.toPrecision(4)).toString();
}
