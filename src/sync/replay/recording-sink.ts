import type { Reading } from '../../twin/index.js';
import type { Observation } from '../../twin/observations.js';
import type { ConnectorState, Sink } from '../types.js';

/**
 * A Sink that keeps everything it is given, for tests and dry runs. Each
 * batch is copied, so later mutation by a connector cannot hide a bug.
 * `delayMs` makes readings/observe slow, to exercise backpressure.
 */
export class RecordingSink implements Sink {
  readonly readingBatches: Reading[][] = [];
  readonly observationBatches: Observation[][] = [];
  readonly unknown: { source: string; detail: string }[] = [];
  readonly devices: { asset: string; online: boolean; reason: string }[] = [];
  readonly statuses: { connector: string; state: ConnectorState; detail?: string }[] = [];
  delayMs = 0;

  get readingsSeen(): Reading[] {
    return this.readingBatches.flat();
  }

  get observations(): Observation[] {
    return this.observationBatches.flat();
  }

  async readings(batch: readonly Reading[]): Promise<void> {
    this.readingBatches.push([...batch]);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
  }

  async observe(batch: readonly Observation[]): Promise<void> {
    this.observationBatches.push([...batch]);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
  }

  unknownSource(source: string, detail: string): void {
    this.unknown.push({ source, detail });
  }

  deviceStatus(asset: string, online: boolean, reason: string): void {
    this.devices.push({ asset, online, reason });
  }

  connectorStatus(connector: string, state: ConnectorState, detail?: string): void {
    this.statuses.push({ connector, state, ...(detail === undefined ? {} : { detail }) });
  }
}
