import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Reading } from '../../twin/index.js';
import { MqttConnector } from './connector.js';
import { MqttPublisher } from './publisher.js';
import { TestMosquitto } from './test-mosquitto.js';
import { runId, testTags } from './test-plant.js';
import { FakePlantIO } from '../../../test/helpers/fake-plant-io.js';
import { RecordingSink } from '../../../test/helpers/recording-sink.js';

const T0 = Date.UTC(2024, 5, 1);

/** Tick i: level (JSON) and pump-speed (Sparkplug DDATA) both read i at T0 + i s. */
const tick = (plant: FakePlantIO, i: number) =>
  plant.emit([
    { tag: 'level', value: i, time: T0 + i * 1000 },
    { tag: 'pump-speed', value: i, time: T0 + i * 1000 },
  ]);

/**
 * No loss: every tick 0..n-1 of both tags reached the sink. QoS 1 is at
 * least once, so a redelivered message may repeat a reading; a repeat must
 * be the same reading (value and time), never a different one. Returns the
 * number of duplicates.
 */
function assertAllOnceOrSame(readings: readonly Reading[], n: number): number {
  let duplicates = 0;
  for (const tag of ['level', 'pump-speed']) {
    // Births carry the current value at the current time; the ticks are in 2024.
    const data = readings.filter((r) => r.tag === tag && r.time !== undefined && Date.parse(String(r.time)) >= T0 && Date.parse(String(r.time)) < T0 + n * 1000);
    for (const r of data) assert.equal(Date.parse(String(r.time)), T0 + (r.value as number) * 1000, `${tag}: a repeat carries the same value and time`);
    const ids = new Set(data.map((r) => r.value as number));
    const missing = Array.from({ length: n }, (_, i) => i).filter((i) => !ids.has(i));
    assert.deepEqual(missing, [], `${tag}: no tick lost`);
    duplicates += data.length - ids.size;
  }
  return duplicates;
}

describe('persistent session across subscriber and broker restarts (own Mosquitto, persistence true)', () => {
  const broker = new TestMosquitto();
  before(() => broker.start());
  after(() => broker.dispose());

  it('delivers every QoS 1 message published while the connector is offline and across a broker restart', async (t) => {
    const prefix = runId('restart');
    const tags = testTags(prefix);
    const plant = new FakePlantIO(tags);
    const sink = new RecordingSink();
    const options = { url: broker.url, clientId: `${prefix}-twin`, tags, sink, reconnect: { base: 100, max: 500 } };
    const publisher = new MqttPublisher({ url: broker.url, plant, clientId: `${prefix}-sim`, reconnectPeriodMs: 100 });
    const first = new MqttConnector(options);
    await first.start(); // the session and its subscriptions now exist at the broker
    await first.stop();
    try {
      await publisher.start();
      for (let i = 0; i < 300; i++) tick(plant, i);
      await publisher.flush();

      await broker.stop(); // SIGTERM: Mosquitto writes the queued messages to its persistence file
      for (let i = 300; i < 400; i++) tick(plant, i); // the publisher is offline: its client queues them
      await broker.start();
      await publisher.flush();
      for (let i = 400; i < 500; i++) tick(plant, i);
      await publisher.flush();

      const second = new MqttConnector(options);
      await second.start();
      try {
        await sink.until(() => new Set(sink.readingsSeen.filter((r) => r.tag === 'level').map((r) => r.value)).size >= 500 && new Set(sink.readingsSeen.filter((r) => r.tag === 'pump-speed').map((r) => r.value)).size >= 500, 'all 500 ticks of both tags', 20_000);
        const dup = assertAllOnceOrSame(sink.readingsSeen, 500);
        t.diagnostic(`duplicates: ${dup}; connector counters ${JSON.stringify(second.counters())}`);
      } finally {
        await second.stop();
      }
    } finally {
      await publisher.stop();
    }
  });

  it('loses nothing when the broker restarts under a running connector with messages in flight', async (t) => {
    const prefix = runId('live-restart');
    const tags = testTags(prefix);
    const plant = new FakePlantIO(tags);
    const sink = new RecordingSink();
    // A slow sink keeps messages received but unacked when the broker goes down.
    sink.gate = () => new Promise((r) => setTimeout(r, 5));
    const connector = new MqttConnector({ url: broker.url, clientId: `${prefix}-twin`, tags, sink, reconnect: { base: 100, max: 500 } });
    const publisher = new MqttPublisher({ url: broker.url, plant, clientId: `${prefix}-sim`, reconnectPeriodMs: 100 });
    await connector.start();
    await publisher.start();
    try {
      const N = 600;
      for (let i = 0; i < N; i++) {
        tick(plant, i);
        if (i === 200) await broker.stop();
        if (i === 300) await broker.start();
        if (i % 20 === 0) await new Promise((r) => setTimeout(r, 5));
      }
      await publisher.flush();
      await sink.until(() => new Set(sink.readingsSeen.filter((r) => r.tag === 'level').map((r) => r.value)).size >= N && new Set(sink.readingsSeen.filter((r) => r.tag === 'pump-speed').map((r) => r.value)).size >= N, `all ${N} ticks`, 30_000);
      const dup = assertAllOnceOrSame(sink.readingsSeen, N);
      const c = connector.counters();
      assert.ok(c.reconnects! >= 1, 'the connector reconnected');
      assert.ok(sink.statuses.some((s) => s.state === 'reconnecting'));
      assert.equal(sink.statuses.at(-1)?.state, 'connected');
      t.diagnostic(`duplicates: ${dup}; counters ${JSON.stringify(c)}`);
    } finally {
      await publisher.stop();
      await connector.stop();
    }
  });
});
