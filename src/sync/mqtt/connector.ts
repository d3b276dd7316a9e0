import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { Logger } from '../../common/logger.js';
import { silentLogger } from '../../common/logger.js';
import type { Tag } from '../../model/index.js';
import { backoff, type Connector, type ConnectorState, type Sink } from '../types.js';
import { buildMqttBindings, subscriptionTopics } from './bindings.js';
import { DeliveryQueue } from './delivery-queue.js';
import { MqttError } from './errors.js';
import { MessageInterpreter, type Interpretation } from './interpret.js';
import { DEFERRED_ACK, sendPuback } from './puback.js';
import { RateLimiter } from './rate-limit.js';

export interface MqttConnectorOptions {
  /** `mqtt://host:port` (or mqtts://, ws://, wss://). Credentials go in username/password, not here. */
  url: string;
  /** Fixed, so the broker keeps this subscriber's session (and its queued QoS 1 messages) across restarts. */
  clientId: string;
  /** The model's tags; their `mqtt` bindings decide what is subscribed and how payloads map to tags. */
  tags: readonly Tag[];
  sink: Sink;
  username?: string;
  /** Never logged nor put in the connector's name or status details. */
  password?: string;
  /** Subscriptions to use instead of the bindings' topics (wildcards allowed). */
  topics?: readonly string[];
  /** Defaults to `mqtt:<host>:<port>`. */
  name?: string;
  /** Messages received but not yet durable before the connector stops reading the socket. Default 1000. */
  maxInFlight?: number;
  /** Most readings per sink.readings call. Default 1000. */
  maxBatch?: number;
  /** Larger payloads are not decoded (counted malformed). Default 128 KiB. */
  maxPayloadBytes?: number;
  /** An unknown source is reported once per this interval (it is counted every time). Default 60 s. */
  unknownIntervalMs?: number;
  /** Reconnect delays: backoff(attempt, base, max) from src/sync/types.ts. Default 500 ms to 30 s. */
  reconnect?: { base?: number; max?: number };
  /** Seconds; MQTT keep alive. Default 30. */
  keepalive?: number;
  /** start() resolves after this many ms even when not yet connected; the connector keeps trying. Default 10 s. */
  startTimeoutMs?: number;
  logger?: Logger;
}

const COUNTERS = ['messages', 'readings', 'malformed', 'unknown', 'births', 'deaths', 'staleDeaths', 'commands', 'seqGaps', 'reconnects', 'sinkErrors', 'acks'] as const;
type CounterName = (typeof COUNTERS)[number];

/** `mqtt:<host>:<port>` from a broker URL, without credentials. */
export function connectorName(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch (err) {
    throw new MqttError('bad-url', `not a broker URL: ${JSON.stringify(url.replace(/\/\/[^@/]*@/, '//'))}`, { cause: err });
  }
  if (!['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'tls:', 'ws:', 'wss:'].includes(u.protocol)) throw new MqttError('bad-url', `unsupported broker URL scheme ${u.protocol}`);
  const port = u.port || (u.protocol === 'mqtts:' || u.protocol === 'ssl:' || u.protocol === 'tls:' ? '8883' : u.protocol === 'ws:' ? '80' : u.protocol === 'wss:' ? '443' : '1883');
  return `mqtt:${u.hostname}:${port}`;
}

/**
 * Subscribes to the model's MQTT topics and turns messages into readings.
 *
 * Delivery: a persistent session (MQTT 3.1.1, CleanSession 0, fixed client
 * id) and QoS 1 subscriptions; a message's PUBACK is sent only after
 * sink.readings() resolved for it, so a crash of the twin or a broker
 * restart loses nothing the broker accepted. QoS 1 is at least once: after
 * a reconnect the broker resends what was not acked, so a reading can reach
 * the sink twice, with identical tag, value and time.
 *
 * Field data never throws out of the message path: undecodable payloads,
 * non-numbers and unknown topics become counters, rejected readings and
 * (rate-limited) unknown sources.
 */
export class MqttConnector implements Connector {
  readonly name: string;
  readonly #o: MqttConnectorOptions;
  readonly #topics: string[];
  readonly #interpreter: MessageInterpreter;
  readonly #queue: DeliveryQueue;
  readonly #unknown: RateLimiter;
  readonly #log: Logger;
  readonly #counts: Record<CounterName, number> = Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<CounterName, number>;
  #client: MqttClient | undefined;
  #state: ConnectorState = 'stopped';
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopping = false;
  #lastError: string | undefined;
  #held: (() => void) | undefined;
  #started: (() => void) | undefined;

  constructor(options: MqttConnectorOptions) {
    this.#o = options;
    this.name = options.name ?? connectorName(options.url);
    const bindings = buildMqttBindings(options.tags);
    this.#topics = [...(options.topics ?? subscriptionTopics(bindings))];
    this.#interpreter = new MessageInterpreter(bindings, { maxPayloadBytes: options.maxPayloadBytes ?? 128 * 1024 });
    this.#unknown = new RateLimiter(options.unknownIntervalMs ?? 60_000);
    this.#log = (options.logger ?? silentLogger).child({ connector: this.name });
    this.#queue = new DeliveryQueue(options.sink, {
      maxBatch: options.maxBatch ?? 1000,
      onError: (err, attempt) => {
        this.#counts.sinkErrors++;
        this.#log.warn({ err, attempt }, 'sink rejected readings; retrying, messages stay unacked');
      },
    });
    for (const p of bindings.problems) this.#log.warn(p);
  }

  /** Topics this connector subscribes to. */
  get topics(): readonly string[] {
    return this.#topics;
  }

  get state(): ConnectorState {
    return this.#state;
  }

  counters(): Record<string, number> {
    return { ...this.#counts };
  }

  /**
   * Connects and subscribes. Resolves once subscribed, or after
   * startTimeoutMs with the connector still retrying in the background
   * (state 'reconnecting'); throws only for a bad URL.
   */
  async start(): Promise<void> {
    if (this.#client) return;
    this.#stopping = false;
    this.#setState('starting');
    const client = mqtt.connect(this.#o.url, {
      clientId: this.#o.clientId,
      clean: false,
      protocolVersion: 4,
      // Reconnects are ours (with backoff); mqtt.js would retry at a fixed period.
      reconnectPeriod: 0,
      resubscribe: false,
      manualConnect: true,
      keepalive: this.#o.keepalive ?? 30,
      connectTimeout: 10_000,
      ...(this.#o.username === undefined ? {} : { username: this.#o.username }),
      ...(this.#o.password === undefined ? {} : { password: this.#o.password }),
    });
    this.#client = client;
    client.handleMessage = (packet, callback) => this.#receive(client, packet, callback);
    client.on('connect', (connack) => this.#onConnect(client, connack.sessionPresent));
    client.on('close', () => this.#onClose(client));
    client.on('error', (err) => {
      this.#lastError = err.message;
      this.#log.warn({ err: err.message }, 'mqtt error');
    });
    const started = new Promise<void>((resolve) => {
      this.#started = resolve;
      setTimeout(resolve, this.#o.startTimeoutMs ?? 10_000).unref();
    });
    client.connect();
    await started;
  }

  /** Finishes what the sink has in hand (up to `drainMs`), acks it, then disconnects; the broker keeps the session. */
  async stop(drainMs = 5_000): Promise<void> {
    const client = this.#client;
    if (!client) return;
    this.#stopping = true;
    clearTimeout(this.#timer);
    await Promise.race([this.#queue.drained(), new Promise((r) => setTimeout(r, drainMs).unref())]);
    this.#queue.close();
    this.#release();
    await new Promise<void>((resolve) => client.end(!client.connected, {}, () => resolve()));
    this.#client = undefined;
    this.#setState('stopped');
  }

  /**
   * Drops the connection without DISCONNECT and without waiting for the
   * sink, as a crash would. Unacked messages stay with the broker's session
   * and are redelivered to the next connector with this client id.
   */
  abort(): void {
    const client = this.#client;
    if (!client) return;
    this.#stopping = true;
    clearTimeout(this.#timer);
    this.#queue.close();
    this.#release();
    client.end(true);
    this.#client = undefined;
    this.#setState('stopped');
  }

  #setState(state: ConnectorState, detail?: string): void {
    if (state === this.#state && detail === undefined) return;
    this.#state = state;
    try {
      this.#o.sink.connectorStatus(this.name, state, detail);
    } catch {
      // A status report must not break the connection handling.
    }
  }

  #onConnect(client: MqttClient, sessionPresent: boolean): void {
    if (client !== this.#client) return;
    this.#attempt = 0;
    // Subscribing again on a resumed session is harmless and picks up topics added to the model since.
    client.subscribe([...this.#topics], { qos: 1 }, (err, granted) => {
      if (client !== this.#client || this.#stopping) return;
      if (err) {
        this.#lastError = err.message;
        this.#setState('error', `subscribe failed: ${err.message}`);
        return;
      }
      const refused = (granted ?? []).filter((g) => g.qos === 128).map((g) => g.topic);
      this.#setState(
        'connected',
        `session ${sessionPresent ? 'resumed' : 'new'}; subscribed to ${this.#topics.length - refused.length} topic filters${refused.length ? `; refused: ${refused.join(', ')}` : ''}`,
      );
      this.#started?.();
      this.#started = undefined;
    });
  }

  #onClose(client: MqttClient): void {
    if (client !== this.#client || this.#stopping || this.#timer) return;
    const delay = backoff(this.#attempt++, this.#o.reconnect?.base ?? 500, this.#o.reconnect?.max ?? 30_000);
    this.#setState('reconnecting', `${this.#lastError ?? 'connection closed'}; retry in ${delay} ms`);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (client !== this.#client || this.#stopping) return;
      this.#counts.reconnects++;
      client.reconnect();
    }, delay);
  }

  /** mqtt.js calls this for each PUBLISH, one at a time; it reads the next packet when `callback` runs. */
  #receive(client: MqttClient, packet: IPublishPacket, callback: (err?: Error) => void): void {
    this.#counts.messages++;
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    let i: Interpretation;
    try {
      i = this.#interpreter.interpret(packet.topic, payload);
    } catch (err) {
      // The interpreter does not throw on field data; this is a bug, and still no reason to lose the connection.
      this.#log.error({ err, topic: packet.topic }, 'message interpretation failed');
      i = { kind: 'malformed', readings: [], unknown: [], malformed: 1, seqGap: false };
    }
    this.#count(i);
    const before = this.#effects(i);
    const readings = i.readings;
    const counted = () => {
      this.#counts.readings += readings.length;
    };
    if (packet.qos === 1 && packet.messageId !== undefined) {
      const stream = client.stream;
      const id = packet.messageId;
      this.#queue.push({
        readings,
        ...(before ? { before } : {}),
        done: () => {
          counted();
          if (sendPuback(client, stream, id)) this.#counts.acks++;
          this.#maybeRelease();
        },
      });
      this.#hold(() => callback(DEFERRED_ACK));
    } else if (packet.qos === 2) {
      // Subscriptions are QoS 1, so brokers downgrade; should one not, complete QoS 2 only once durable.
      this.#queue.push({ readings, ...(before ? { before } : {}), done: () => (counted(), callback()) });
    } else {
      this.#queue.push({ readings, ...(before ? { before } : {}), done: () => (counted(), this.#maybeRelease()) });
      this.#hold(() => callback());
    }
  }

  /** Go on reading the socket now, or once fewer than maxInFlight deliveries are pending. */
  #hold(next: () => void): void {
    if (this.#queue.pending < (this.#o.maxInFlight ?? 1000)) next();
    else this.#held = next;
  }

  #maybeRelease(): void {
    if (this.#held && this.#queue.pending < (this.#o.maxInFlight ?? 1000)) this.#release();
  }

  #release(): void {
    const next = this.#held;
    this.#held = undefined;
    next?.();
  }

  #count(i: Interpretation): void {
    this.#counts.malformed += i.malformed;
    if (i.kind !== 'malformed') this.#counts.unknown += i.unknown.length;
    if (i.kind === 'birth') this.#counts.births++;
    if (i.kind === 'death') this.#counts.deaths++;
    if (i.kind === 'stale-death') this.#counts.staleDeaths++;
    if (i.kind === 'command') this.#counts.commands++;
    if (i.seqGap) this.#counts.seqGaps++;
  }

  #effects(i: Interpretation): (() => void) | undefined {
    const status = i.status;
    const unknown = i.unknown.filter((u) => this.#unknown.allow(u.source));
    if (!(status && status.assets.length > 0) && unknown.length === 0) return undefined;
    const sink = this.#o.sink;
    return () => {
      if (status) for (const asset of status.assets) sink.deviceStatus(asset, status.online, status.reason);
      for (const u of unknown) sink.unknownSource(u.source, u.detail);
    };
  }
}
