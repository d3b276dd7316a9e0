import type { Reading } from '../../twin/index.js';
import type { Observation } from '../../twin/observations.js';
import type { ConnectorState, Sink } from '../types.js';

/** A Sink that records every call, for tests. `gate` (when set) delays readings() until it resolves. */
export class RecordingSink implements Sink {
  readonly readingsSeen: Reading[] = [];
  readonly batches: number[] = [];
  readonly observations: Observation[] = [];
  readonly unknown: { source: string; detail: string }[] = [];
  readonly devices: { asset: string; online: boolean; reason: string }[] = [];
  readonly statuses: { connector: string; state: ConnectorState; detail?: string }[] = [];
  /** Order of all calls, as `kind:detail`. */
  readonly log: string[] = [];
  gate: (() => Promise<void>) | undefined;
  #waiters: { pred: () => boolean; resolve: () => void }[] = [];

  async readings(batch: readonly Reading[]): Promise<void> {
    if (this.gate) await this.gate();
    this.readingsSeen.push(...batch);
    this.batches.push(batch.length);
    for (const r of batch) this.log.push(`reading:${r.tag}`);
    this.#check();
  }

  async observe(batch: readonly Observation[]): Promise<void> {
    this.observations.push(...batch);
    this.#check();
  }

  unknownSource(source: string, detail: string): void {
    this.unknown.push({ source, detail });
    this.log.push(`unknown:${source}`);
    this.#check();
  }

  deviceStatus(asset: string, online: boolean, reason: string): void {
    this.devices.push({ asset, online, reason });
    this.log.push(`device:${asset}:${online ? 'online' : 'offline'}`);
    this.#check();
  }

  connectorStatus(connector: string, state: ConnectorState, detail?: string): void {
    this.statuses.push({ connector, state, ...(detail === undefined ? {} : { detail }) });
    this.log.push(`connector:${state}`);
    this.#check();
  }

  /** Resolves when `pred` holds; rejects after `ms` with `what` in the message. */
  until(pred: () => boolean, what: string, ms = 10_000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
      this.#waiters.push({
        pred,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  #check(): void {
    this.#waiters = this.#waiters.filter((w) => {
      if (!w.pred()) return true;
      w.resolve();
      return false;
    });
  }
}

/** A sink that accepts everything and records nothing. */
export const nullSink: Sink = {
  readings: async () => {},
  observe: async () => {},
  unknownSource: () => {},
  deviceStatus: () => {},
  connectorStatus: () => {},
};
