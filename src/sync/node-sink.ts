import { silentLogger, type Logger } from '../common/logger.js';
import type { NewEvent, Reading, TwinNode } from '../twin/index.js';
import type { Observation } from '../twin/observations.js';
import type { ConnectorState, Sink } from './types.js';

/**
 * The Sink connectors write into: each call becomes the twin's decisions,
 * submitted to the node. Readings and observations resolve once durable;
 * status notes are fire-and-forget (a failing store is already reported by
 * the node, and a connector must never crash because of it).
 */
export class NodeSink implements Sink {
  readonly #node: TwinNode;
  readonly #log: Logger;
  #staleTimer: NodeJS.Timeout | undefined;

  constructor(node: TwinNode, logger: Logger = silentLogger) {
    this.#node = node;
    this.#log = logger;
  }

  async readings(batch: readonly Reading[]): Promise<void> {
    await this.#node.ingest(batch);
  }

  async observe(batch: readonly Observation[]): Promise<void> {
    await this.#node.observe(batch);
  }

  unknownSource(source: string, detail: string): void {
    this.#note(this.#node.twin.decideUnknownSource(source, detail, this.#node.clock.now()));
  }

  deviceStatus(asset: string, online: boolean, reason: string): void {
    this.#note(this.#node.twin.decideDeviceStatus(asset, online, reason, this.#node.clock.now()));
  }

  connectorStatus(connector: string, state: ConnectorState, detail?: string): void {
    this.#note(this.#node.twin.decideConnectorStatus(connector, state, detail, this.#node.clock.now()));
  }

  /** Checks for stale tags every `intervalMs`; a tag is stale after `factor` sample periods without a reading. */
  watchStale(intervalMs = 1000, factor = 3): void {
    this.stopWatching();
    this.#staleTimer = setInterval(() => this.#note(this.#node.twin.decideStale(this.#node.clock.now(), factor)), intervalMs);
    this.#staleTimer.unref();
  }

  stopWatching(): void {
    if (this.#staleTimer) clearInterval(this.#staleTimer);
    this.#staleTimer = undefined;
  }

  #note(events: NewEvent[]): void {
    if (events.length === 0) return;
    this.#node.submit(events).catch((err) => this.#log.warn({ err }, 'could not record a status event'));
  }
}
