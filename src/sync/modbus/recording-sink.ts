import type { Reading } from '../../twin/index.js';
import type { Observation } from '../../twin/observations.js';
import type { ConnectorState, Sink } from '../types.js';

/** A Sink that keeps everything it is given, for connector tests. Shared by the Modbus and OPC UA tests. */
export class RecordingSink implements Sink {
  readonly readingLog: Reading[] = [];
  readonly observations: Observation[] = [];
  readonly unknown: { source: string; detail: string }[] = [];
  readonly devices: { asset: string; online: boolean; reason: string }[] = [];
  readonly states: { connector: string; state: ConnectorState; detail?: string }[] = [];

  async readings(batch: readonly Reading[]): Promise<void> {
    this.readingLog.push(...batch);
  }

  async observe(batch: readonly Observation[]): Promise<void> {
    this.observations.push(...batch);
  }

  unknownSource(source: string, detail: string): void {
    this.unknown.push({ source, detail });
  }

  deviceStatus(asset: string, online: boolean, reason: string): void {
    this.devices.push({ asset, online, reason });
  }

  connectorStatus(connector: string, state: ConnectorState, detail?: string): void {
    this.states.push({ connector, state, ...(detail !== undefined ? { detail } : {}) });
  }

  /** The latest reading of a tag. */
  last(tag: string): Reading | undefined {
    for (let i = this.readingLog.length - 1; i >= 0; i--) if (this.readingLog[i]!.tag === tag) return this.readingLog[i];
    return undefined;
  }
}

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
