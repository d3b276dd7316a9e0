import type { SparkplugEdgeNodeBinding } from './bindings.js';
import { BD_SEQ, encodeSparkplug, REBIRTH, type MetricOut } from './sparkplug-codec.js';
import { sparkplugTopic } from './topics.js';

/** One MQTT message to publish. */
export interface Outgoing {
  topic: string;
  payload: Uint8Array;
}

/**
 * The sequence state of one Sparkplug B edge node (Sparkplug B 3.0 §6.4.2,
 * §6.4.19): bdSeq ties an NBIRTH to the NDEATH registered as the MQTT Will
 * of the same connection; seq numbers every message of the node and its
 * devices 0-255, wrapping, starting at 0 with the NBIRTH.
 */
export class SparkplugEdgeNode {
  readonly binding: SparkplugEdgeNodeBinding;
  #bdSeq = 0;
  #seq = 0;

  constructor(binding: SparkplugEdgeNodeBinding) {
    this.binding = binding;
  }

  get bdSeq(): number {
    return this.#bdSeq;
  }

  /** A new MQTT session is about to start: its Will and NBIRTH carry the next bdSeq. */
  nextSession(): void {
    this.#bdSeq = (this.#bdSeq + 1) % 256;
  }

  #nextSeq(): number {
    const s = this.#seq;
    this.#seq = (this.#seq + 1) % 256;
    return s;
  }

  /** NDEATH for the Will: only the bdSeq metric (§6.4.7). */
  death(now: number): Outgoing {
    return {
      topic: sparkplugTopic('NDEATH', this.binding.group, this.binding.edgeNode),
      payload: encodeSparkplug({ timestamp: now, metrics: [{ name: BD_SEQ, type: 'Int64', value: this.#bdSeq }] }),
    };
  }

  /**
   * NBIRTH (seq 0, bdSeq, Node Control/Rebirth, node metrics) then a DBIRTH
   * per device listing all its metrics with their current values (§6.4.5,
   * §6.4.9). `value` returns undefined for a metric with no value yet.
   */
  births(now: number, value: (tag: string) => number | undefined): Outgoing[] {
    const { group, edgeNode } = this.binding;
    this.#seq = 0;
    const metricsOf = (metrics: Map<string, { id: string }>): MetricOut[] =>
      [...metrics].map(([name, tag]) => ({ name, value: value(tag.id) ?? null, timestamp: now }));
    const out: Outgoing[] = [
      {
        topic: sparkplugTopic('NBIRTH', group, edgeNode),
        payload: encodeSparkplug({
          timestamp: now,
          seq: this.#nextSeq(),
          metrics: [{ name: BD_SEQ, type: 'Int64', value: this.#bdSeq }, { name: REBIRTH, value: false }, ...(this.binding.node ? metricsOf(this.binding.node.metrics) : [])],
        }),
      },
    ];
    for (const [device, d] of this.binding.devices) {
      out.push({ topic: sparkplugTopic('DBIRTH', group, edgeNode, device), payload: encodeSparkplug({ timestamp: now, seq: this.#nextSeq(), metrics: metricsOf(d.metrics) }) });
    }
    return out;
  }

  /** NDATA (device undefined) or DDATA with the given metrics, stamped with the latest metric time. */
  data(device: string | undefined, metrics: readonly MetricOut[]): Outgoing {
    const { group, edgeNode } = this.binding;
    const timestamp = Math.max(...metrics.map((m) => m.timestamp ?? 0));
    return {
      topic: device === undefined ? sparkplugTopic('NDATA', group, edgeNode) : sparkplugTopic('DDATA', group, edgeNode, device),
      payload: encodeSparkplug({ timestamp, seq: this.#nextSeq(), metrics }),
    };
  }

  /** DDEATH of every device, for a graceful shutdown before the NDEATH (§6.4.10). */
  deviceDeaths(now: number): Outgoing[] {
    const { group, edgeNode } = this.binding;
    return [...this.binding.devices.keys()].map((device) => ({ topic: sparkplugTopic('DDEATH', group, edgeNode, device), payload: encodeSparkplug({ timestamp: now, seq: this.#nextSeq(), metrics: [] }) }));
  }
}
