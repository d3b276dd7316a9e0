import type { ConnectorState, Sink } from '../../src/sync/types.js';
import type { Reading } from '../../src/twin/index.js';
import type { Observation } from '../../src/twin/observations.js';

/**
 * A Sink that records every call, for connector tests and benches. Batches
 * are copied, so a connector mutating them later cannot hide a bug.
 * `gate` (when set) holds readings() until it resolves; `delayMs` makes
 * readings/observe slow, to exercise backpressure.
 */
export class RecordingSink implements Sink {
  readonly readingsSeen: Reading[] = [];
  readonly readingBatches: Reading[][] = [];
  readonly observations: Observation[] = [];
  readonly observationBatches: Observation[][] = [];
  readonly unknown: { source: string; detail: string }[] = [];
  readonly devices: { asset: string; online: boolean; reason: string }[] = [];
  readonly statuses: { connector: string; state: ConnectorState; detail?: string }[] = [];
  /** Order of all calls, as `kind:detail`. */
  readonly log: string[] = [];
  gate: (() => Promise<void>) | undefined;
  delayMs = 0;
  #waiters: { pred: () => boolean; resolve: () => void }[] = [];

  /** Sizes of the readings batches, in arrival order. */
  get batches(): number[] {
    return this.readingBatches.map((b) => b.length);
  }

  async readings(batch: readonly Reading[]): Promise<void> {
    if (this.gate) await this.gate();
    this.readingBatches.push([...batch]);
    this.readingsSeen.push(...batch);
    for (const r of batch) this.log.push(`reading:${r.tag}`);
    await this.#delay();
    this.#check();
  }

  async observe(batch: readonly Observation[]): Promise<void> {
    this.observationBatches.push([...batch]);
    this.observations.push(...batch);
    await this.#delay();
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

  /** The latest reading of a tag. */
  last(tag: string): Reading | undefined {
    for (let i = this.readingsSeen.length - 1; i >= 0; i--) if (this.readingsSeen[i]!.tag === tag) return this.readingsSeen[i];
    return undefined;
  }

  /** Resolves when `pred` holds after a sink call; rejects after `ms` naming `what`. */
  until(pred: () => boolean, what: string, ms = 10_000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
      this.#waiters.push({ pred, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  async #delay(): Promise<void> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
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

/** Polls `check` every 20 ms until it returns something truthy; rejects after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | false | null, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
