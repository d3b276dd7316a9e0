import type { Tag } from '../model/index.js';

/** A sensor value as the instrument reports it (noise and any injected spoofing applied). */
export interface Sample {
  tag: string;
  value: number;
  /** Simulated time, ms since the epoch. */
  time: number;
}

/** Who wrote to the plant over the network. */
export interface WriteOrigin {
  protocol: 'mqtt' | 'modbus-tcp' | 'opc-ua' | 'internal';
  /** IP address or client id of the writer. */
  host: string;
}

export type WriteResult = { ok: true } | { ok: false; reason: 'unknown-tag' | 'read-only' | 'out-of-range' | 'not-a-number' };

/**
 * The plant as protocol servers see it: the simulator implements it, the
 * MQTT publisher, the Modbus server and the OPC UA server expose it. Servers
 * never reach into the physics; they read current values, receive samples at
 * each tag's sample period, and forward network writes.
 */
export interface PlantIO {
  readonly tags: readonly Tag[];
  /** Current reported value of a tag (what a poll would read now). */
  value(tag: string): number | undefined;
  /** A network write to an actuator or setpoint tag. */
  write(tag: string, value: number, origin: WriteOrigin): WriteResult;
  /** Samples due at each tag's sample period; dropped samples (message-loss injection) never arrive. */
  onSamples(listener: (samples: readonly Sample[]) => void): () => void;
}
