import type { TwinModel } from '../../model/index.js';
import type { AlarmRecord } from '../control/alarms.js';
import type { Sample, WriteOrigin } from '../plant-io.js';
import type { Scenario } from '../scenario/schema.js';
import type { Label } from './injections.js';

/** The plant a simulator runs: a model's process section, and its assets to recognise writers. */
export type PlantModel = Pick<TwinModel, 'process'> & { assets?: TwinModel['assets'] };

export interface SimulatorOptions {
  /** PRNG seed for sensor noise and injections; default 1. */
  seed?: number;
  /** Step, s; a whole number of ms. Default 0.1. */
  dt?: number;
  /** Simulated start time; default 2025-01-01T00:00:00Z. */
  start?: number | string | Date;
  scenario?: Scenario;
  /**
   * Simulated seconds run before `start` so valves and loops find their
   * operating point; tank levels, filter clogging and syringes are then
   * put back to the model's initial values and qualities to steady state.
   * Default 300; 0 starts from the model's nominal commands as they are.
   */
  settle?: number;
  /**
   * Where scenario `unauthorized-write`s go. By default the simulator
   * applies them itself, through `write`; an integration can send them over
   * a real protocol instead (and the server then calls `write`).
   */
  sendWrite?: (w: { tag: string; value: number; origin: WriteOrigin; injection: string }) => void;
}

/** A write to an actuator or setpoint that arrived from the network (or a scenario). */
export interface WriteRecord {
  time: number;
  tag: string;
  value: number;
  origin: WriteOrigin;
  /** The host is one the model lists in the tag's `writableBy` (by asset id, IP or host name). */
  authorized: boolean;
  injection?: string;
}

export interface StepResult {
  /** Simulated time at the start of the step, ms; samples, label and alarms are at this time. */
  time: number;
  samples: Sample[];
  /** Tags whose sample was due but lost (message-loss). */
  dropped: string[];
  alarms: AlarmRecord[];
  writes: WriteRecord[];
  label: Label;
}

/** Names a host may write `tag` under: the ids, IPs and host names of the assets in its writableBy. */
export function writersOf(tag: TwinModel['process']['tags'][number], assets: TwinModel['assets']): Set<string> {
  const out = new Set<string>(tag.writableBy);
  for (const a of assets) {
    if (!tag.writableBy.includes(a.id)) continue;
    for (const addr of a.addresses) {
      if (addr.ip) out.add(addr.ip);
      if (addr.hostname) out.add(addr.hostname);
    }
  }
  return out;
}
