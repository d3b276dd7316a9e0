import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import { Random } from '../../common/random.js';
import { MqttConnector } from './connector.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.js';
import { encodeSparkplug } from './sparkplug-codec.js';
import { runId, testTags } from './test-plant.js';
import { RecordingSink } from '../../../test/helpers/recording-sink.js';
import { SYSTEM_MOSQUITTO_URL } from './test-mosquitto.js';
import { dropSession } from './test-scenario.js';
import sparkplug from 'sparkplug-payload';

const sp = sparkplug.get('spBv1.0')!;

/** 10,000 hostile messages of every kind we could think of, on bound and unbound topics. */
function garbage(prefix: string, n: number): { topic: string; payload: Buffer }[] {
  const rng = new Random(42);
  const pick = (k: number) => Math.floor(rng.next() * k);
  const group = `g-${prefix}`;
  const edge = `plc-${prefix}`;
  const ddata = `spBv1.0/${group}/DDATA/${edge}/pumps`;
  const json = `${prefix}/tank/level`;
  const makers: (() => { topic: string; payload: Buffer })[] = [
    () => ({ topic: json, payload: randomBytes(pick(2048)) }),
    () => ({ topic: json, payload: Buffer.from('{"value": 1,,}') }),
    () => ({ topic: json, payload: Buffer.from(['{"value": "abc"}', '{"value": null}', '{"value": [1]}', '{"value": {"x":1}}', 'true', '"12"', '{"novalue": 1}', '{"value": 1, "time": "yesterday"}', '{"value": 1, "time": 1e300}', ''][pick(10)]!) }),
    () => ({ topic: json, payload: Buffer.alloc(64 * 1024 + pick(192 * 1024), 0x7b) }), // huge, up to 256 KB
    () => ({ topic: ddata, payload: randomBytes(pick(512)) }),
    () => ({ topic: ddata, payload: Buffer.from(sp.encodePayload({ timestamp: 1, seq: 0, metrics: [{ name: 'Pump1/Speed', type: 'String', value: 'fast' }] })) }),
    () => ({ topic: ddata, payload: Buffer.from(encodeSparkplug({ timestamp: 1, seq: 0, metrics: [{ name: `Unbound/${pick(5)}`, value: 3 }] })) }),
    () => ({ topic: ddata, payload: Buffer.from(sp.encodePayload({ timestamp: 1, seq: 0, metrics: [{ alias: 99, type: 'Double', value: 3 }] })) }),
    () => ({ topic: ddata, payload: Buffer.from(sp.encodePayload({ timestamp: 8.7e15, seq: 0, metrics: [{ name: 'Pump1/Speed', type: 'Double', value: 3 }] })) }),
    () => ({ topic: `spBv1.0/${group}/DDATA/${edge}/ghost-${pick(3)}`, payload: Buffer.from(encodeSparkplug({ timestamp: 1, metrics: [{ name: 'x', value: 1 }] })) }),
    () => ({ topic: `spBv1.0/${group}/NDEATH/${edge}`, payload: randomBytes(pick(64)) }),
    () => ({ topic: `spBv1.0/${group}/${['FOO', 'DDATA', 'NDATA'][pick(3)]}`, payload: randomBytes(8) }),
    () => ({ topic: `${prefix}/unbound/${pick(50)}`, payload: randomBytes(pick(100)) }),
  ];
  return Array.from({ length: n }, (_, i) => makers[i % makers.length]!());
}

async function flood(url: string, t: { diagnostic(s: string): void }) {
  const prefix = runId('flood');
  const tags = testTags(prefix);
  const sink = new RecordingSink();
  const connector = new MqttConnector({
    url,
    clientId: `${prefix}-twin`,
    tags,
    sink,
    topics: [`${prefix}/#`, `spBv1.0/g-${prefix}/#`],
  });
  await connector.start();
  const pub = await mqtt.connectAsync(url, { clientId: `${prefix}-pub` });
  const messages = garbage(prefix, 10_000);
  try {
    const t0 = performance.now();
    for (let i = 0; i < messages.length; i += 200) {
      await Promise.all(messages.slice(i, i + 200).map((m) => pub.publishAsync(m.topic, m.payload, { qos: 1 })));
    }
    await pub.publishAsync(`${prefix}/tank/level`, '{"value": 42, "time": "2024-02-02T00:00:00.000Z"}', { qos: 1 });
    await sink.until(() => sink.readingsSeen.some((r) => r.tag === 'level' && r.value === 42), 'the valid reading after the flood', 60_000);
    const c = connector.counters();
    t.diagnostic(`flood of ${messages.length} in ${Math.round(performance.now() - t0)} ms; counters ${JSON.stringify(c)}`);
    assert.equal(connector.state, 'connected');
    assert.equal(c.messages, messages.length + 1, 'every message was read');
    assert.equal(c.reconnects, 0);
    assert.ok(c.malformed! > 4000, `malformed counted (${c.malformed})`);
    assert.ok(c.unknown! > 1500, `unknown counted (${c.unknown})`);
    const bySource = new Map<string, number>();
    for (const u of sink.unknown) bySource.set(u.source, (bySource.get(u.source) ?? 0) + 1);
    assert.ok([...bySource.values()].every((n) => n === 1), 'each unknown source reported once per minute');
    assert.ok(bySource.size >= 50 && bySource.size < 100, `${bySource.size} distinct unknown sources`);
    for (const u of sink.unknown) assert.ok(u.detail.length < 200 && !/[\x00-\x1f]/.test(u.detail), 'details are short and printable');
    const rejected = sink.readingsSeen.filter((r) => typeof r.value !== 'number');
    assert.ok(rejected.length > 2000, 'undecodable payloads on bound topics reach the twin as non-number readings');
    for (const r of rejected) assert.ok(JSON.stringify(r.value).length < 200, 'and small ones');
    for (const r of sink.readingsSeen) if (r.time !== undefined) assert.ok(!Number.isNaN(new Date(r.time).getTime()), 'no invalid time reaches the twin');
  } finally {
    await pub.endAsync();
    await connector.stop();
    await dropSession(url, `${prefix}-twin`);
  }
}

describe('malformed-payload flood', () => {
  let broker: EmbeddedBroker;
  before(async () => {
    broker = await startEmbeddedBroker();
  });
  after(() => broker.close());

  it('10,000 garbage messages via aedes: connector keeps running, counts them, a valid reading still arrives', async (t) => {
    await flood(broker.url, t);
  });

  it('the same via system Mosquitto', async (t) => {
    await flood(SYSTEM_MOSQUITTO_URL, t);
  });
});
