import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from '../../common/logger.js';
import { silentLogger } from '../../common/logger.js';
import type { Tag } from '../../model/index.js';
import type { PlantIO, Sample, WriteOrigin } from '../../process/plant-io.js';
import { buildMqttBindings, nodeKey, type MqttBindings } from './bindings.js';
import { decodeJsonWrite, encodeJsonSample } from './json-codec.js';
import { decodeSparkplug, REBIRTH, type MetricOut } from './sparkplug-codec.js';
import { SparkplugEdgeNode, type Outgoing } from './sparkplug-edge.js';
import { JSON_SET_SUFFIX, parseSparkplugTopic, SPARKPLUG_NAMESPACE, sparkplugTopic } from './topics.js';

export interface MqttPublisherOptions {
  url: string;
  plant: PlantIO;
  /** Tags to publish; defaults to the plant's. */
  tags?: readonly Tag[];
  /** Prefix of the client ids: `<id>-json`, and `<id>-<group>-<edge node>` per Sparkplug edge node. */
  clientId?: string;
  username?: string;
  /** Never logged. */
  password?: string;
  /** QoS of data and births. Default 1 (Sparkplug B 3.0 §6.4 asks for QoS 0; the twin wants no loss). */
  qos?: 0 | 1;
  /** Who wrote a command topic, when the broker can tell (EmbeddedBroker.lastWriter); else the origin host is 'unknown'. */
  writer?: (topic: string) => string | undefined;
  reconnectPeriodMs?: number;
  /** Sparkplug metrics kept per edge node while it is offline, published after its next birth. Default 10,000. */
  maxBacklog?: number;
  startTimeoutMs?: number;
  logger?: Logger;
}

interface EdgeClient {
  node: SparkplugEdgeNode;
  client: MqttClient;
  born: boolean;
  backlog: { device: string | undefined; metrics: MetricOut[] }[];
  backlogSize: number;
}

const COUNTERS = ['samples', 'published', 'writes', 'rejectedWrites', 'badCommands', 'rebirths', 'backlogDropped'] as const;

/**
 * The simulator's side of MQTT: publishes each Sample of a PlantIO to its
 * tag's bindings and forwards writes back to the plant.
 *
 * JSON tags: `{"value": n, "time": ISO}` on the tag topic; a PUBLISH to
 * `<topic>/set` (`{"value": n}` or a bare number) writes the tag.
 * Sparkplug B 3.0: one MQTT client per edge node, with NDEATH as its Will;
 * on each connect an NBIRTH (bdSeq, seq 0) and a DBIRTH per device with all
 * metrics, then one DDATA per device per sample tick with that tick's
 * metrics; NCMD `Node Control/Rebirth` repeats the births, DCMD/NCMD metrics
 * write the bound tags. Writes carry origin {protocol: 'mqtt', host: writer}.
 */
export class MqttPublisher {
  readonly #o: MqttPublisherOptions;
  readonly #b: MqttBindings;
  readonly #log: Logger;
  readonly #qos: 0 | 1;
  readonly #edges = new Map<string, EdgeClient>();
  #json: MqttClient | undefined;
  #unlisten: (() => void) | undefined;
  #unacked = 0;
  #flushed: (() => void)[] = [];
  readonly #counts: Record<(typeof COUNTERS)[number], number> = Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<(typeof COUNTERS)[number], number>;

  constructor(options: MqttPublisherOptions) {
    this.#o = options;
    this.#b = buildMqttBindings(options.tags ?? options.plant.tags);
    this.#log = options.logger ?? silentLogger;
    this.#qos = options.qos ?? 1;
    for (const p of this.#b.problems) this.#log.warn(p);
  }

  counters(): Record<string, number> {
    return { ...this.#counts };
  }

  /** Connects every client and publishes births; resolves once all are connected (or after startTimeoutMs). */
  async start(): Promise<void> {
    if (this.#unlisten) return;
    const prefix = this.#o.clientId ?? `twinward-sim-${process.pid}`;
    const connected: Promise<void>[] = [];
    const base = {
      clean: true,
      protocolVersion: 4 as const,
      reconnectPeriod: this.#o.reconnectPeriodMs ?? 1000,
      ...(this.#o.username === undefined ? {} : { username: this.#o.username }),
      ...(this.#o.password === undefined ? {} : { password: this.#o.password }),
    };
    if (this.#b.json.size > 0) {
      const client = mqtt.connect(this.#o.url, { ...base, clientId: `${prefix}-json` });
      this.#json = client;
      client.on('connect', () => client.subscribe([...this.#b.json.keys()].map((t) => t + JSON_SET_SUFFIX), { qos: 1 }));
      client.on('message', (topic, payload) => this.#onJsonWrite(topic, payload));
      client.on('error', (err) => this.#log.warn({ err: err.message }, 'mqtt publisher error'));
      connected.push(new Promise((resolve) => client.once('connect', () => resolve())));
    }
    for (const [key, binding] of this.#b.edgeNodes) {
      const node = new SparkplugEdgeNode(binding);
      const will = node.death(Date.now());
      const client = mqtt.connect(this.#o.url, {
        ...base,
        clientId: `${prefix}-${binding.group}-${binding.edgeNode}`,
        will: { topic: will.topic, payload: Buffer.from(will.payload), qos: 1, retain: false },
      });
      const edge: EdgeClient = { node, client, born: false, backlog: [], backlogSize: 0 };
      this.#edges.set(key, edge);
      client.on('connect', () => this.#onEdgeConnect(edge));
      client.on('close', () => this.#onEdgeClose(edge));
      client.on('message', (topic, payload) => this.#onSparkplugCommand(edge, topic, payload));
      client.on('error', (err) => this.#log.warn({ err: err.message }, 'mqtt publisher error'));
      connected.push(new Promise((resolve) => client.once('connect', () => resolve())));
    }
    this.#unlisten = this.#o.plant.onSamples((samples) => this.#publishSamples(samples));
    await Promise.race([Promise.all(connected), new Promise((r) => setTimeout(r, this.#o.startTimeoutMs ?? 10_000).unref())]);
  }

  /** Graceful shutdown: DDEATHs and an NDEATH per edge node (a clean DISCONNECT sends no Will), then disconnect. */
  async stop(): Promise<void> {
    this.#unlisten?.();
    this.#unlisten = undefined;
    const ends: Promise<void>[] = [];
    for (const edge of this.#edges.values()) {
      if (edge.client.connected && edge.born) {
        const now = Date.now();
        for (const m of [...edge.node.deviceDeaths(now), edge.node.death(now)]) this.#publish(edge.client, m, 1);
      }
      ends.push(new Promise((resolve) => edge.client.end(false, {}, () => resolve())));
    }
    if (this.#json) {
      const json = this.#json;
      ends.push(new Promise((resolve) => json.end(false, {}, () => resolve())));
    }
    await Promise.all(ends);
    this.#edges.clear();
    this.#json = undefined;
  }

  /** Drops every connection without DISCONNECT, as a crash would; the broker then publishes each edge node's Will (NDEATH). */
  abort(): void {
    this.#unlisten?.();
    this.#unlisten = undefined;
    for (const edge of this.#edges.values()) {
      edge.client.stream.destroy();
      edge.client.end(true);
    }
    this.#json?.end(true);
    this.#edges.clear();
    this.#json = undefined;
  }

  /** Resolves once every message published so far was acknowledged by the broker (QoS 1) or written (QoS 0). */
  flush(): Promise<void> {
    if (this.#unacked === 0) return Promise.resolve();
    return new Promise((resolve) => this.#flushed.push(resolve));
  }

  #publish(client: MqttClient, m: Outgoing, qos: 0 | 1): void {
    this.#counts.published++;
    this.#unacked++;
    client.publish(m.topic, Buffer.from(m.payload), { qos, retain: false }, () => this.#settle());
  }

  #settle(): void {
    if (--this.#unacked === 0) for (const resolve of this.#flushed.splice(0)) resolve();
  }

  #onEdgeConnect(edge: EdgeClient): void {
    const { group, edgeNode } = edge.node.binding;
    edge.client.subscribe([sparkplugTopic('NCMD', group, edgeNode), `${SPARKPLUG_NAMESPACE}/${group}/DCMD/${edgeNode}/+`], { qos: 1 });
    this.#birth(edge);
    const backlog = edge.backlog.splice(0);
    edge.backlogSize = 0;
    for (const b of backlog) {
      this.#publish(edge.client, edge.node.data(b.device, b.metrics), this.#qos);
      this.#settle();
    }
  }

  #birth(edge: EdgeClient): void {
    for (const m of edge.node.births(Date.now(), (tag) => this.#o.plant.value(tag))) this.#publish(edge.client, m, this.#qos);
    edge.born = true;
  }

  /** The next CONNECT carries a Will with the next bdSeq, and so will the NBIRTH after it. */
  #onEdgeClose(edge: EdgeClient): void {
    edge.born = false;
    edge.node.nextSession();
    const will = edge.node.death(Date.now());
    if (edge.client.options.will) edge.client.options.will.payload = Buffer.from(will.payload);
  }

  #publishSamples(samples: readonly Sample[]): void {
    const devices = new Map<string, { edge: EdgeClient; device: string | undefined; metrics: MetricOut[] }>();
    for (const s of samples) {
      this.#counts.samples++;
      for (const t of this.#b.byTag.get(s.tag) ?? []) {
        if (t.encoding === 'json') {
          if (this.#json) this.#publish(this.#json, { topic: t.topic, payload: Buffer.from(encodeJsonSample(s.value, s.time)) }, this.#qos);
          continue;
        }
        const edge = this.#edges.get(nodeKey(t.group, t.edgeNode));
        if (!edge) continue;
        const key = `${nodeKey(t.group, t.edgeNode)}/${t.device ?? ''}`;
        const entry = devices.get(key) ?? { edge, device: t.device, metrics: [] };
        devices.set(key, entry);
        entry.metrics.push({ name: t.metric, value: s.value, timestamp: s.time });
      }
    }
    for (const { edge, device, metrics } of devices.values()) {
      if (edge.born && edge.client.connected) {
        this.#publish(edge.client, edge.node.data(device, metrics), this.#qos);
      } else if (edge.backlogSize + metrics.length <= (this.#o.maxBacklog ?? 10_000)) {
        // Outside a session data would carry the old session's seq; keep it for after the next birth.
        edge.backlog.push({ device, metrics });
        edge.backlogSize += metrics.length;
        this.#unacked++; // flush() waits for it too
      } else {
        this.#counts.backlogDropped += metrics.length;
      }
    }
  }

  #origin(topic: string): WriteOrigin {
    return { protocol: 'mqtt', host: this.#o.writer?.(topic) ?? 'unknown' };
  }

  #write(tag: string, value: number, topic: string): void {
    this.#counts.writes++;
    const r = this.#o.plant.write(tag, value, this.#origin(topic));
    if (!r.ok) {
      this.#counts.rejectedWrites++;
      this.#log.info({ tag, reason: r.reason, topic }, 'plant refused an MQTT write');
    }
  }

  #onJsonWrite(topic: string, payload: Buffer): void {
    const tags = this.#b.json.get(topic.slice(0, -JSON_SET_SUFFIX.length));
    const value = decodeJsonWrite(payload);
    if (!tags || !topic.endsWith(JSON_SET_SUFFIX) || value === undefined) {
      this.#counts.badCommands++;
      return;
    }
    for (const tag of tags) this.#write(tag.id, value, topic);
  }

  /** NCMD/DCMD (Sparkplug B 3.0 §6.4.11, §6.4.12): untrusted, decoded defensively. */
  #onSparkplugCommand(edge: EdgeClient, topic: string, payload: Buffer): void {
    const t = parseSparkplugTopic(topic);
    let metrics;
    try {
      metrics = decodeSparkplug(payload).metrics;
    } catch {
      this.#counts.badCommands++;
      return;
    }
    if (!t || t.type === 'STATE' || (t.type !== 'NCMD' && t.type !== 'DCMD')) return;
    const dev = t.device === undefined ? edge.node.binding.node : edge.node.binding.devices.get(t.device);
    for (const m of metrics) {
      if (t.type === 'NCMD' && m.name === REBIRTH) {
        if (m.value === true) {
          this.#counts.rebirths++;
          this.#birth(edge);
        }
        continue;
      }
      const tag = m.name === undefined ? undefined : dev?.metrics.get(m.name);
      const value = typeof m.value === 'boolean' ? Number(m.value) : m.value;
      if (!tag || typeof value !== 'number' || !Number.isFinite(value)) {
        this.#counts.badCommands++;
        continue;
      }
      this.#write(tag.id, value, topic);
    }
  }
}
