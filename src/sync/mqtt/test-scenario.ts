import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import type { CommandObservation } from '../../twin/observations.js';
import { MqttConnector } from './connector.js';
import { MqttPublisher } from './publisher.js';
import { decodeSparkplug, encodeSparkplug } from './sparkplug-codec.js';
import { parseSparkplugTopic } from './topics.js';
import { RecordingSink } from '../../../test/helpers/recording-sink.js';
import { runId, testTags } from './test-plant.js';
import { FakePlantIO } from '../../../test/helpers/fake-plant-io.js';

export interface ScenarioBroker {
  url: string;
  lastWriter?: (topic: string) => string | undefined;
  /** Commands the broker reported, when it can (the embedded broker). */
  commands?: CommandObservation[];
}

/** Deletes a persistent session from a broker that keeps it on disk (Mosquitto): connect clean, disconnect. */
export async function dropSession(url: string, clientId: string): Promise<void> {
  const c = await mqtt.connectAsync(url, { clientId, clean: true, reconnectPeriod: 0 });
  await c.endAsync();
}

/**
 * End to end: FakePlantIO -> MqttPublisher -> broker -> MqttConnector ->
 * RecordingSink, JSON and Sparkplug B; a DCMD and a JSON write from another
 * client reach the plant; an abrupt publisher crash makes the broker send
 * the NDEATH Will, which takes the edge node's asset offline.
 */
export async function runEndToEnd(broker: ScenarioBroker, prefix = runId('e2e')): Promise<void> {
  const tags = testTags(prefix);
  const group = `g-${prefix}`;
  const edge = `plc-${prefix}`;
  const plant = new FakePlantIO(tags);
  const sink = new RecordingSink();
  const connector = new MqttConnector({ url: broker.url, clientId: `${prefix}-twin`, tags, sink });
  const spy = await mqtt.connectAsync(broker.url, { clientId: `${prefix}-spy`, clean: true });
  const seen: { type: string; seq?: number; metrics: string[] }[] = [];
  spy.on('message', (topic, payload) => {
    const t = parseSparkplugTopic(topic);
    if (!t || t.type === 'STATE') return;
    const m = decodeSparkplug(payload);
    seen.push({ type: t.type, ...(m.seq === undefined ? {} : { seq: m.seq }), metrics: m.metrics.map((x) => x.name ?? '?') });
  });
  await spy.subscribeAsync(`spBv1.0/${group}/#`, { qos: 1 });
  const publisher = new MqttPublisher({ url: broker.url, plant, clientId: `${prefix}-sim`, ...(broker.lastWriter ? { writer: broker.lastWriter } : {}) });
  try {
    await connector.start();
    assert.equal(connector.state, 'connected');
    await publisher.start();

    // Births: NBIRTH and DBIRTH announce the edge node's asset and carry current values.
    await sink.until(() => sink.devices.some((d) => d.asset === 'plc' && d.online), 'plc online after DBIRTH');
    await sink.until(() => sink.readingsSeen.filter((r) => r.tag === 'pump-speed').length >= 1, 'birth value of pump-speed');
    const birthReading = sink.readingsSeen.find((r) => r.tag === 'pump-speed')!;
    assert.equal(birthReading.value, 1);

    const T = Date.UTC(2024, 0, 1, 12, 0, 0, 250);
    plant.emit([
      { tag: 'level', value: 2.5, time: T },
      { tag: 'pump-speed', value: 1450.5, time: T },
      { tag: 'pump-run', value: 1, time: T },
      { tag: 'plc-temp', value: 31, time: T },
    ]);
    const at = new Date(T).toISOString();
    await sink.until(() => ['level', 'pump-speed', 'pump-run', 'plc-temp'].every((tag) => sink.readingsSeen.some((r) => r.tag === tag && r.time === at)), 'readings of the tick');
    const got = (tag: string) => sink.readingsSeen.find((r) => r.tag === tag && r.time === at)!;
    assert.deepEqual(got('level'), { tag: 'level', value: 2.5, time: at, source: `mqtt:${prefix}/tank/level` });
    assert.deepEqual(got('pump-speed'), { tag: 'pump-speed', value: 1450.5, time: at, source: `mqtt:spBv1.0/${group}/DDATA/${edge}/pumps` });
    assert.equal(got('pump-run').value, 1);
    assert.deepEqual(got('plc-temp'), { tag: 'plc-temp', value: 31, time: at, source: `mqtt:spBv1.0/${group}/NDATA/${edge}` });

    // Sparkplug framing on the wire: seq 0 NBIRTH with bdSeq, DBIRTH, then one DDATA for both device metrics.
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(seen[0]?.type, 'NBIRTH');
    assert.equal(seen[0]?.seq, 0);
    assert.ok(seen[0]?.metrics.includes('bdSeq'));
    assert.deepEqual(seen[1], { type: 'DBIRTH', seq: 1, metrics: ['Pump1/Speed', 'Pump1/RunCmd'] });
    const ddata = seen.filter((s) => s.type === 'DDATA');
    assert.equal(ddata.length, 1, 'one DDATA per device per tick');
    assert.deepEqual(ddata[0]!.metrics.sort(), ['Pump1/RunCmd', 'Pump1/Speed']);
    const seqs = seen.filter((s) => s.type !== 'NDEATH').map((s) => s.seq);
    assert.deepEqual(seqs, seqs.map((_, i) => i), 'seq counts up from the NBIRTH');

    // Writes from another client reach the plant (and the broker, when it can, says who wrote).
    const hmiId = `${prefix}-hmi`;
    const hmi = await mqtt.connectAsync(broker.url, { clientId: hmiId, clean: true });
    await hmi.publishAsync(`spBv1.0/${group}/DCMD/${edge}/pumps`, Buffer.from(encodeSparkplug({ timestamp: Date.now(), metrics: [{ name: 'Pump1/RunCmd', value: false }] })), { qos: 1 });
    await hmi.publishAsync(`${prefix}/tank/flow-sp/set`, '{"value": 12.5}', { qos: 1 });
    await hmi.endAsync();
    await sink.until(() => plant.writes.length >= 2, 'two writes at the plant');
    const host = broker.lastWriter ? hmiId : 'unknown';
    assert.deepEqual(
      plant.writes.map((w) => [w.tag, w.value, w.origin]),
      [
        ['pump-run', 0, { protocol: 'mqtt', host }],
        ['flow-sp', 12.5, { protocol: 'mqtt', host }],
      ],
    );
    if (broker.commands) {
      const c = broker.commands.find((x) => x.tag === 'pump-run');
      assert.ok(c, 'the broker reported the DCMD');
      assert.equal(c.from, hmiId);
      assert.equal(c.operation, 'write');
      assert.equal(c.protocol, 'mqtt');
      assert.equal(c.to, 'plc');
      assert.equal(c.value, false);
      assert.equal(c.address, `spBv1.0/${group}/DCMD/${edge}/pumps#Pump1/RunCmd`);
      assert.ok(broker.commands.some((x) => x.tag === 'flow-sp' && x.value === 12.5 && x.from === hmiId && x.address === `${prefix}/tank/flow-sp/set`));
    }

    // A crash: no DISCONNECT, so the broker publishes the Will (NDEATH with the NBIRTH's bdSeq).
    publisher.abort();
    await sink.until(() => sink.devices.some((d) => d.asset === 'plc' && !d.online), 'plc offline after the Will NDEATH');
    const c = connector.counters();
    assert.equal(c.births, 2);
    assert.equal(c.deaths, 1);
    assert.equal(c.staleDeaths, 0);
    assert.equal(c.malformed, 0);
    assert.equal(c.seqGaps, 0);
    assert.equal(c.acks, c.messages, 'every message was QoS 1 and is acked');
  } finally {
    publisher.abort();
    await connector.stop();
    await spy.endAsync();
    await dropSession(broker.url, `${prefix}-twin`);
  }
}
