import mqtt, { type MqttClient } from 'mqtt';
import { Tag } from '../../model/index.js';
import type { Reading } from '../../twin/index.js';
import type { Sink } from '../types.js';
import { MqttConnector } from './connector.js';

/** Publishes at most this many messages ahead of what the receiver has seen, so no broker queue limit drops any (Mosquitto's max_queued_messages defaults to 1000). */
const WINDOW = 500;
/** A run ends early when nothing arrives for this long (QoS 0 may lose messages). */
const STALL_MS = 3_000;
/** Messages sent before measuring. */
const WARMUP = 2_000;

export interface RateResult {
  messages: number;
  received: number;
  perSecond: number;
}

export interface RawBrokerRate {
  qos0: RateResult;
  qos1: RateResult;
}

export interface ConnectorRate extends RateResult {
  /** Publish to sink.readings() call, ms. */
  p50Ms: number;
  p99Ms: number;
}

const now = () => performance.timeOrigin + performance.now();
const unique = (label: string) => `twinward-bench-${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * Publishes `messages` messages as fast as the window allows and resolves
 * when `received()` reaches the count or stalls; returns the rate measured
 * from the first publish to the last arrival.
 */
async function pump(pub: MqttClient, topic: string, messages: number, qos: 0 | 1, payload: (i: number) => Buffer, received: () => number, onProgress: (cb: () => void) => void): Promise<RateResult> {
  const t0 = performance.now();
  let sent = 0;
  let seen = 0;
  let lastArrival = t0;
  await new Promise<void>((resolve) => {
    let finished = false;
    const step = () => {
      if (finished) return;
      const r = received();
      if (r !== seen) {
        seen = r;
        lastArrival = performance.now();
      }
      if (r >= messages || performance.now() - lastArrival > STALL_MS) {
        finished = true;
        clearInterval(timer);
        return resolve();
      }
      while (sent < messages && sent - r < WINDOW) pub.publish(topic, payload(sent++), { qos });
    };
    const timer = setInterval(step, 20);
    onProgress(step);
    step();
  });
  const got = Math.min(seen, messages);
  return { messages, received: got, perSecond: Math.round((got * 1000) / (lastArrival - t0)) };
}

/**
 * Baseline: messages/s from one mqtt.js publisher to one mqtt.js subscriber
 * through the broker at `url`, no twin, at QoS 0 and QoS 1 (the subscriber
 * acks at once).
 */
export async function rawBrokerRate(options: { url: string; messages: number; payloadBytes: number }): Promise<RawBrokerRate> {
  const payload = Buffer.alloc(Math.max(0, options.payloadBytes), 0x61);
  const once = async (qos: 0 | 1, messages: number): Promise<RateResult> => {
    const topic = `${unique('raw')}/q${qos}`;
    const sub = await mqtt.connectAsync(options.url, { clientId: unique('sub'), clean: true, reconnectPeriod: 0 });
    const pub = await mqtt.connectAsync(options.url, { clientId: unique('pub'), clean: true, reconnectPeriod: 0 });
    let received = 0;
    let wake: () => void = () => {};
    sub.on('message', () => {
      received++;
      if (received % 100 === 0 || received >= messages) wake();
    });
    await sub.subscribeAsync(topic, { qos });
    try {
      return await pump(pub, topic, messages, qos, () => payload, () => received, (cb) => (wake = cb));
    } finally {
      await pub.endAsync();
      await sub.endAsync();
    }
  };
  await once(0, WARMUP); // JIT and socket buffers warm, so the first measured run is not penalized
  const qos0 = await once(0, options.messages);
  const qos1 = await once(1, options.messages);
  return { qos0, qos1 };
}

/**
 * Twinward: readings/s from a raw mqtt.js publisher (QoS 1, JSON
 * `{"value", "time"}`) through the broker into MqttConnector and on to
 * `sink` (default: one that only resolves), with latency from publish to
 * the sink.readings() call that carries the reading. The value carries the
 * publish time, so publisher and connector must share this process's clock.
 */
export async function connectorRate(options: { url: string; messages: number; sink?: Sink }): Promise<ConnectorRate> {
  const id = unique('conn');
  const topic = `${id}/value`;
  const tag = Tag.parse({ id: 'bench-value', kind: 'sensor', quantity: 'x', unit: 'x', range: { min: 0, max: Number.MAX_VALUE }, asset: 'bench', bindings: [{ protocol: 'mqtt', topic }] });
  const inner = options.sink;
  const latencies: number[] = [];
  let wake: () => void = () => {};
  const sink: Sink = {
    readings: async (batch: readonly Reading[]) => {
      const t = now();
      for (const r of batch) if (typeof r.value === 'number') latencies.push(t - r.value);
      wake();
      if (inner) await inner.readings(batch);
    },
    observe: async (b) => inner?.observe(b),
    unknownSource: (s, d) => inner?.unknownSource(s, d),
    deviceStatus: (a, o, r) => inner?.deviceStatus(a, o, r),
    connectorStatus: (c, s, d) => inner?.connectorStatus(c, s, d),
  };
  const connector = new MqttConnector({ url: options.url, clientId: `${id}-twin`, tags: [tag], sink });
  await connector.start();
  const pub = await mqtt.connectAsync(options.url, { clientId: `${id}-pub`, clean: true, reconnectPeriod: 0 });
  const payload = () => Buffer.from(`{"value":${now()},"time":"${new Date().toISOString()}"}`);
  try {
    await pump(pub, topic, WARMUP, 1, payload, () => latencies.length, (cb) => (wake = cb));
    latencies.length = 0;
    const r = await pump(pub, topic, options.messages, 1, payload, () => latencies.length, (cb) => (wake = cb));
    latencies.sort((a, b) => a - b);
    const q = (p: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN).toFixed(2));
    return { ...r, p50Ms: q(0.5), p99Ms: q(0.99) };
  } finally {
    await pub.endAsync();
    await connector.stop();
    // Leave no persistent session behind on a broker that keeps them on disk.
    const wipe = await mqtt.connectAsync(options.url, { clientId: `${id}-twin`, clean: true, reconnectPeriod: 0 });
    await wipe.endAsync();
  }
}
