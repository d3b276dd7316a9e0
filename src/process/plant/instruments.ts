import type { Random } from '../../common/random.js';
import type { Tag } from '../../model/index.js';
import type { AlarmRecord } from '../control/alarms.js';
import { LimitMonitor } from '../control/limit-alarms.js';
import type { Sample } from '../plant-io.js';
import { recording, spoof, type LiveInjection } from './injections.js';
import type { Reader } from './tag-bindings.js';

const WRITABLE = new Set(['actuator', 'setpoint']);

/**
 * The instrument layer between the physics and everyone who reads it: per
 * tag, the command register (actuators, setpoints), the value the
 * instrument last reported, and the value the network last delivered.
 * Indexed by tag position in the model.
 */
export class Instruments {
  readonly tags: readonly Tag[];
  readonly writable: boolean[];
  readonly registers: Float64Array;
  readonly reported: Float64Array;
  readonly delivered: Float64Array;
  #readers: (Reader | undefined)[];
  #period: number[];
  #next: number[];
  #limits: (LimitMonitor | undefined)[];

  /** Registers start at the tag's nominal value (else its range minimum). */
  constructor(tags: readonly Tag[], readers: (Reader | undefined)[]) {
    this.tags = tags;
    this.#readers = readers;
    this.writable = tags.map((t) => WRITABLE.has(t.kind));
    this.registers = new Float64Array(tags.map((t) => t.nominal ?? t.range.min));
    this.reported = new Float64Array(tags.length);
    this.delivered = new Float64Array(tags.length);
    this.#period = tags.map((t) => Math.max(1, Math.round(t.samplePeriod * 1000)));
    this.#next = tags.map(() => Infinity);
    this.#limits = tags.map((t) => (t.limits && Object.keys(t.limits).length > 0 ? new LimitMonitor(t) : undefined));
  }

  /** First samples of every tag at `start`, then one per samplePeriod. */
  startSampling(start: number): void {
    this.#next = this.tags.map(() => start);
  }

  /** The physical value behind sensor or status tag `i`; its nominal (else range minimum) when nothing computes it or the result is not finite. */
  trueValue(i: number): number {
    const r = this.#readers[i];
    if (r) {
      const v = r();
      if (Number.isFinite(v)) return v;
    }
    const t = this.tags[i]!;
    return t.nominal ?? t.range.min;
  }

  /**
   * What the instrument of tag `i` reads at `now`: the physical value plus
   * noise, clamped to its range (a transmitter saturates), then any active
   * spoofing (bias, freeze, replay, extra noise), which is not clamped.
   * Actuators and setpoints read their register.
   */
  reading(i: number, now: number, rng: Random, lives: readonly LiveInjection[]): number {
    if (this.writable[i]) return this.registers[i]!;
    const tag = this.tags[i]!;
    let v = this.trueValue(i);
    if (tag.noise > 0) v += tag.noise * rng.gaussian();
    v = Math.min(tag.range.max, Math.max(tag.range.min, v));
    return spoof(lives, v, now);
  }

  /**
   * Samples every tag due at `now`, in model order (so noise draws are
   * reproducible), checks limits on the reported values, and delivers the
   * samples message loss spares. Records values for sensor-replay windows.
   */
  sample(now: number, rng: Random, byTag: readonly (readonly LiveInjection[])[]): { samples: Sample[]; dropped: string[]; alarms: AlarmRecord[] } {
    const samples: Sample[] = [];
    const dropped: string[] = [];
    const alarms: AlarmRecord[] = [];
    for (let i = 0; i < this.tags.length; i++) {
      if (this.#next[i]! > now) continue;
      const id = this.tags[i]!.id;
      const lives = byTag[i]!;
      const v = this.reading(i, now, rng, lives);
      let drop = false;
      for (const live of lives) {
        if (live.active && live.inj.kind === 'message-loss') drop = live.rng.next() < live.inj.params.probability || drop;
        else if (!live.active && recording(live, now)) live.recorded!.push({ time: now, value: v });
      }
      if (!this.writable[i]) this.reported[i] = v;
      const alarm = this.#limits[i]?.check(v, now);
      if (alarm) alarms.push(alarm);
      if (drop) dropped.push(id);
      else {
        this.delivered[i] = v;
        samples.push({ tag: id, value: v, time: now });
      }
      const next = this.#next[i]! + this.#period[i]!;
      this.#next[i] = next <= now ? now + this.#period[i]! : next;
    }
    return { samples, dropped, alarms };
  }

  /** Reported and delivered values without noise or injections: at the start, and while settling. */
  refresh(): void {
    for (let i = 0; i < this.tags.length; i++) this.reported[i] = this.writable[i] ? this.registers[i]! : this.trueValue(i);
    this.delivered.set(this.reported);
  }
}
