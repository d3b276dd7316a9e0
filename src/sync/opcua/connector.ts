import { ClientSubscription, MessageSecurityMode, OPCUAClient, SecurityPolicy, type ClientSession } from 'node-opcua';
import type { Tag } from '../../model/index.js';
import type { Reading } from '../../twin/index.js';
import { backoff, type Connector, type ConnectorState, type Sink } from '../types.js';
import { OpcUaError } from './errors.js';
import { monitorTags } from './monitor.js';
import { opcuaBindings, type OpcUaBound } from './node-id.js';
import { certificateManager } from './pki.js';

export interface OpcUaConnectorOptions {
  endpointUrl: string;
  /** The model's tags; those with an OPC UA binding (of `assets`, when given) are monitored. */
  tags: readonly Tag[];
  assets?: readonly string[];
  sink: Sink;
  /** The client PKI lives in `<dataDir>/opcua-pki/client`. */
  dataDir: string;
  /** Default `opcua:<host>:<port>`. */
  name?: string;
  /** Default None/None: loopback and tests only. */
  securityMode?: MessageSecurityMode;
  securityPolicy?: SecurityPolicy;
  /** Trust server certificates not in the trust list; default false (irrelevant with security None). */
  trustUnknownServers?: boolean;
  /** Reconnect backoff, default 500 ms doubling to 30 s, forever. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Default: the fastest tag sample period, at least 50 ms. */
  publishingIntervalMs?: number;
  /** Session keep-alive reads, default 5000 ms. */
  keepAliveIntervalMs?: number;
  /** Request timeout, default 10000 ms. */
  requestTimeoutMs?: number;
}

/**
 * Subscribes to an OPC UA server: one session, one subscription, monitored
 * items for each bound NodeId at the tag's sample period, readings with the
 * source timestamp (else the server's) and the StatusCode's quality.
 * node-opcua reconnects forever with backoff and, after a server restart,
 * re-creates the subscription and its items itself; this class re-creates
 * them only if the subscription was lost anyway. State changes go to
 * sink.connectorStatus under `name`; refused NodeIds to sink.unknownSource.
 */
export class OpcUaConnector implements Connector {
  readonly name: string;
  readonly #o: OpcUaConnectorOptions;
  readonly #bound: OpcUaBound[];
  readonly #counters = { connects: 0, connectAttempts: 0, connectionLost: 0, reconnects: 0, subscriptions: 0, readings: 0, badQuality: 0, unknown: 0, malformed: 0, sinkErrors: 0, errors: 0 };
  #client: OPCUAClient | undefined;
  #session: ClientSession | undefined;
  #subscription: ClientSubscription | undefined;
  #subscriptionLost = false;
  #stopping = false;
  #state: ConnectorState | undefined;
  #running: Promise<void> | undefined;
  /** Settles start() when the first attempt fails; connecting goes on. */
  #firstFailure: () => void = () => {};

  constructor(options: OpcUaConnectorOptions) {
    if (!options.dataDir) throw new OpcUaError('bad-option', 'an OPC UA connector needs a dataDir for its PKI folder');
    let host: string;
    try {
      host = new URL(options.endpointUrl).host;
    } catch (err) {
      throw new OpcUaError('bad-option', `not an endpoint URL: ${options.endpointUrl}`, { cause: err });
    }
    this.#o = options;
    this.name = options.name ?? `opcua:${host}`;
    this.#bound = opcuaBindings(options.tags, options.assets);
  }

  counters(): Record<string, number> {
    return { ...this.#counters };
  }

  /** Resolves once subscribed, or once the first connection attempt has failed; connecting goes on in the background. */
  async start(): Promise<void> {
    if (this.#client) return;
    this.#stopping = false;
    this.#status('starting');
    const client = OPCUAClient.create({
      applicationName: 'Twinward',
      clientName: `twinward-${this.name}`,
      endpointMustExist: false,
      securityMode: this.#o.securityMode ?? MessageSecurityMode.None,
      securityPolicy: this.#o.securityPolicy ?? SecurityPolicy.None,
      clientCertificateManager: certificateManager(this.#o.dataDir, 'client', this.#o.trustUnknownServers ?? false),
      connectionStrategy: { maxRetry: -1, initialDelay: this.#o.initialDelayMs ?? 500, maxDelay: this.#o.maxDelayMs ?? 30_000, randomisationFactor: 0.2 },
      keepSessionAlive: true,
      keepAliveInterval: this.#o.keepAliveIntervalMs ?? 5000,
      defaultTransactionTimeout: this.#o.requestTimeoutMs ?? 10_000,
      requestedSessionTimeout: 60_000,
    });
    this.#client = client;
    const failedOnce = new Promise<void>((resolve) => (this.#firstFailure = resolve));
    client.on('backoff', (count: number, delay: number) => {
      this.#counters.connectAttempts++;
      this.#status('reconnecting', `attempt ${count + 1} failed, next in ${delay} ms`);
      this.#firstFailure();
    });
    client.on('connection_lost', () => {
      this.#counters.connectionLost++;
      this.#status('reconnecting', 'connection lost');
    });
    client.on('connection_reestablished', () => this.#counters.reconnects++);
    client.on('after_reconnection', (err?: Error | null) => {
      if (err) return this.#status('reconnecting', `session not restored: ${err.message}`);
      this.#status('connected', this.#o.endpointUrl);
      if (this.#subscriptionLost) void this.#subscribe().catch((e) => this.#error('re-subscribing', e));
    });
    this.#running = this.#run(client);
    await Promise.race([this.#running, failedOnce]);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    const client = this.#client;
    this.#client = undefined;
    // With the server gone these requests would wait for their timeout; give them a second.
    await within(this.#subscription?.terminate(), 1000);
    await within(this.#session?.close(), 1000);
    this.#subscription = undefined;
    this.#session = undefined;
    await client?.disconnect().catch(() => {});
    await this.#running?.catch(() => {});
    this.#status('stopped');
  }

  /** Connects (node-opcua retries forever), opens a session, subscribes; retries the session with backoff. */
  async #run(client: OPCUAClient): Promise<void> {
    try {
      await client.connect(this.#o.endpointUrl);
    } catch (err) {
      if (!this.#stopping) this.#error('connecting', err);
      return;
    }
    this.#counters.connects++;
    for (let attempt = 0; !this.#stopping; attempt++) {
      try {
        this.#session ??= await client.createSession();
        await this.#subscribe();
        this.#status('connected', this.#o.endpointUrl);
        return;
      } catch (err) {
        this.#error('opening a session', err);
        await new Promise((r) => setTimeout(r, backoff(attempt, this.#o.initialDelayMs ?? 500, this.#o.maxDelayMs ?? 30_000)));
      }
    }
  }

  async #subscribe(): Promise<void> {
    const session = this.#session;
    if (!session || this.#stopping) return;
    const fastest = Math.min(...this.#bound.map((b) => b.tag.samplePeriod * 1000), 1000);
    const subscription = ClientSubscription.create(session, {
      requestedPublishingInterval: this.#o.publishingIntervalMs ?? Math.max(50, fastest),
      requestedMaxKeepAliveCount: 10,
      requestedLifetimeCount: 60,
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 10,
    });
    this.#subscription = subscription;
    this.#subscriptionLost = false;
    this.#counters.subscriptions++;
    subscription.on('terminated', () => {
      if (!this.#stopping && this.#subscription === subscription) this.#subscriptionLost = true;
    });
    subscription.on('internal_error', (err: Error) => this.#error('subscription', err));
    subscription.on('error', (err: Error) => this.#error('subscription', err));
    try {
      await monitorTags(subscription, this.#bound, {
        readings: (batch) => this.#deliver(batch),
        unknown: (nodeId, detail) => {
          this.#counters.unknown++;
          this.#o.sink.unknownSource(`opcua:${nodeId}`, `${detail} at ${this.#o.endpointUrl}`);
        },
        malformed: () => this.#counters.malformed++,
        failed: () => this.#counters.errors++,
      });
    } catch (err) {
      this.#subscription = undefined;
      await subscription.terminate().catch(() => {});
      throw err;
    }
  }

  #deliver(batch: Reading[]): void {
    this.#counters.readings += batch.length;
    for (const r of batch) {
      if (r.quality !== 'good') this.#counters.badQuality++;
      if (typeof r.value !== 'number') this.#counters.malformed++;
    }
    this.#o.sink.readings(batch).catch(() => this.#counters.sinkErrors++);
  }

  #error(doing: string, err: unknown): void {
    this.#counters.errors++;
    this.#firstFailure();
    this.#status('reconnecting', `${doing}: ${err instanceof Error ? err.message : String(err)}`);
  }

  #status(state: ConnectorState, detail?: string): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#o.sink.connectorStatus(this.name, state, detail);
  }
}

/** Waits for `p` at most `ms`, ignoring its outcome. */
async function within(p: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (!p) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => {}), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}
