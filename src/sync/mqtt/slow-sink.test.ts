import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import { MqttConnector } from './connector.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.js';
import { runId, testTags } from './test-plant.js';
import { RecordingSink } from '../../../test/helpers/recording-sink.js';

/** A gate the test opens by hand; `entered` counts sink.readings calls waiting at it. */
function manualGate() {
  let open: () => void = () => {};
  let p = new Promise<void>((r) => (open = r));
  const g = {
    entered: 0,
    wait: async () => {
      g.entered++;
      await p;
    },
    open: () => open(),
    close: () => (p = new Promise<void>((r) => (open = r))),
  };
  return g;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a slow sink: PUBACK only after sink.readings() resolved', () => {
  let broker: EmbeddedBroker;
  /** Message ids the broker received a PUBACK for, per client id. */
  const acked: { clientId: string; topic: string; at: number }[] = [];
  before(async () => {
    broker = await startEmbeddedBroker();
    broker.aedes.on('ack', (packet, client) => {
      if (packet && 'topic' in packet) acked.push({ clientId: client.id, topic: packet.topic, at: Date.now() });
    });
  });
  after(() => broker.close());

  it('holds the ack while the sink is pending, keeps reading and batching meanwhile, acks in order after', async () => {
    const prefix = runId('slow');
    const tags = testTags(prefix);
    const sink = new RecordingSink();
    const gate = manualGate();
    sink.gate = gate.wait;
    const connector = new MqttConnector({ url: broker.url, clientId: `${prefix}-twin`, tags, sink });
    await connector.start();
    const pub = await mqtt.connectAsync(broker.url, { clientId: `${prefix}-pub` });
    try {
      const mine = () => acked.filter((a) => a.clientId === `${prefix}-twin`);
      await pub.publishAsync(`${prefix}/tank/level`, '{"value": 1}', { qos: 1 });
      while (gate.entered === 0) await sleep(5);
      for (let i = 2; i <= 50; i++) await pub.publishAsync(`${prefix}/tank/level`, JSON.stringify({ value: i }), { qos: 1 });
      await sleep(300);
      assert.equal(mine().length, 0, 'no PUBACK while the sink has not resolved');
      assert.equal(sink.readingsSeen.length, 0);
      assert.equal(connector.counters().messages, 50, 'the connector kept reading while the sink was pending');
      gate.open();
      await sink.until(() => sink.readingsSeen.length === 50, '50 readings');
      while (mine().length < 50) await sleep(5);
      assert.deepEqual(sink.readingsSeen.map((r) => r.value), Array.from({ length: 50 }, (_, i) => i + 1), 'in order');
      assert.deepEqual(sink.batches.slice(0, 2), [1, 49], 'messages received during the first call form one batch');
      assert.equal(connector.counters().acks, 50);
    } finally {
      await pub.endAsync();
      await connector.stop();
    }
  });

  it('stops reading the socket at maxInFlight pending messages (backpressure), resumes when the sink catches up', async () => {
    const prefix = runId('window');
    const sink = new RecordingSink();
    const gate = manualGate();
    sink.gate = gate.wait;
    const connector = new MqttConnector({ url: broker.url, clientId: `${prefix}-twin`, tags: testTags(prefix), sink, maxInFlight: 5 });
    await connector.start();
    const pub = await mqtt.connectAsync(broker.url, { clientId: `${prefix}-pub` });
    try {
      await Promise.all(Array.from({ length: 20 }, (_, i) => pub.publishAsync(`${prefix}/tank/level`, String(i), { qos: 1 })));
      await sleep(300);
      assert.equal(connector.counters().messages, 5, 'reading stopped at the window');
      gate.open();
      await sink.until(() => sink.readingsSeen.length === 20, 'all 20 after the sink caught up');
      assert.deepEqual(sink.readingsSeen.map((r) => r.value), Array.from({ length: 20 }, (_, i) => i));
    } finally {
      await pub.endAsync();
      await connector.stop();
    }
  });

  it('redelivers a message whose sink call never finished when the connector crashes', async () => {
    const prefix = runId('crash');
    const tags = testTags(prefix);
    const sink = new RecordingSink();
    const gate = manualGate();
    sink.gate = gate.wait;
    const crashing = new MqttConnector({ url: broker.url, clientId: `${prefix}-twin`, tags, sink });
    await crashing.start();
    const pub = await mqtt.connectAsync(broker.url, { clientId: `${prefix}-pub` });
    try {
      await pub.publishAsync(`${prefix}/tank/level`, '{"value": 7, "time": "2024-01-01T00:00:00.000Z"}', { qos: 1 });
      while (gate.entered === 0) await sleep(5);
      crashing.abort(); // the twin dies with the reading not yet durable
      const sink2 = new RecordingSink();
      const restarted = new MqttConnector({ url: broker.url, clientId: `${prefix}-twin`, tags, sink: sink2 });
      await restarted.start();
      try {
        await sink2.until(() => sink2.readingsSeen.length === 1, 'the redelivered reading');
        assert.deepEqual(sink2.readingsSeen[0], { tag: 'level', value: 7, time: '2024-01-01T00:00:00.000Z', source: `mqtt:${prefix}/tank/level` });
      } finally {
        gate.open();
        await restarted.stop();
      }
    } finally {
      await pub.endAsync();
    }
  });

  it('retries a failing sink and acks only once it succeeds', async () => {
    const prefix = runId('failing');
    const tags = testTags(prefix);
    const sink = new RecordingSink();
    let failures = 3;
    sink.gate = async () => {
      if (failures-- > 0) throw new Error('disk full');
    };
    const connector = new MqttConnector({ url: broker.url, clientId: `${prefix}-twin`, tags, sink });
    await connector.start();
    const pub = await mqtt.connectAsync(broker.url, { clientId: `${prefix}-pub` });
    try {
      await pub.publishAsync(`${prefix}/tank/level`, '{"value": 3}', { qos: 1 });
      await sink.until(() => sink.readingsSeen.length === 1, 'the reading after retries');
      assert.equal(connector.counters().sinkErrors, 3);
      while (acked.filter((a) => a.clientId === `${prefix}-twin`).length < 1) await sleep(5);
    } finally {
      await pub.endAsync();
      await connector.stop();
    }
  });
});
