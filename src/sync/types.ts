import type { Reading } from '../twin/index.js';
import type { Observation } from '../twin/observations.js';

export type ConnectorState = 'starting' | 'connected' | 'disconnected' | 'reconnecting' | 'stopped' | 'error';

/**
 * Where connectors deliver what they receive. Implemented by the twin node
 * (src/sync/node-sink.ts); tests use a recording sink. Every method is safe
 * to call with garbage: the twin records what it cannot use as evidence.
 */
export interface Sink {
  /** Resolves once the readings' events are durable: MQTT acks QoS 1 messages only then. */
  readings(batch: readonly Reading[]): Promise<void>;
  observe(batch: readonly Observation[]): Promise<void>;
  /** Input from a topic, node or register the model does not bind to any tag. */
  unknownSource(source: string, detail: string): void;
  /** A device announced itself online or offline (Sparkplug B birth/death, a failed poll). */
  deviceStatus(asset: string, online: boolean, reason: string): void;
  /** A connector's own connection state, recorded on change. */
  connectorStatus(connector: string, state: ConnectorState, detail?: string): void;
}

/** A live link from the field into the twin. */
export interface Connector {
  /** Stable name for counters and events: `mqtt:127.0.0.1:1883`, `modbus:plc-intake`. */
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Monotonic counters: messages, readings, malformed, unknown, reconnects... */
  counters(): Record<string, number>;
}

/** Reconnect delays: exponential from `base` to `max` ms, with ±20% jitter. */
export function backoff(attempt: number, base = 500, max = 30_000, random = Math.random): number {
  const d = Math.min(max, base * 2 ** Math.max(0, attempt));
  return Math.round(d * (0.8 + 0.4 * random()));
}
