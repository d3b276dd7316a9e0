import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sparkplug from 'sparkplug-payload';
import { buildMqttBindings } from './bindings.js';
import { MessageInterpreter } from './interpret.js';
import { encodeSparkplug, type MetricOut } from './sparkplug-codec.js';
import { testTags } from './test-plant.js';

const sp = sparkplug.get('spBv1.0')!;
const T = Date.UTC(2024, 0, 1);
const iso = new Date(T).toISOString();
const ddata = 'spBv1.0/g-p/DDATA/plc-p/pumps';
const pl = (seq: number | undefined, metrics: MetricOut[], timestamp = T) => Buffer.from(encodeSparkplug({ timestamp, ...(seq === undefined ? {} : { seq }), metrics }));
const fresh = () => new MessageInterpreter(buildMqttBindings(testTags('p')));

describe('MessageInterpreter', () => {
  it('JSON: a reading per bound topic, time from the payload', () => {
    const i = fresh().interpret('p/tank/level', Buffer.from(`{"value": 2, "time": "${iso}"}`));
    assert.deepEqual(i, { kind: 'data', readings: [{ tag: 'level', value: 2, time: iso, source: 'mqtt:p/tank/level' }], unknown: [], malformed: 0, seqGap: false });
  });

  it('JSON: garbage and non-numbers travel as non-number readings and count as malformed', () => {
    const bad = fresh().interpret('p/tank/level', Buffer.from('{oops'));
    assert.equal(bad.kind, 'malformed');
    assert.equal(bad.malformed, 1);
    assert.equal(typeof bad.readings[0]!.value, 'string');
    const str = fresh().interpret('p/tank/level', Buffer.from('{"value": "high"}'));
    assert.deepEqual([str.kind, str.malformed, str.readings[0]!.value], ['malformed', 1, 'high']);
    const badTime = fresh().interpret('p/tank/level', Buffer.from('{"value": 3, "time": "soon"}'));
    assert.deepEqual([badTime.kind, badTime.malformed, badTime.readings[0]], ['data', 1, { tag: 'level', value: 3, source: 'mqtt:p/tank/level' }]);
  });

  it('unknown topics, JSON writes and Sparkplug commands are told apart', () => {
    const x = fresh();
    assert.deepEqual(x.interpret('p/other', Buffer.from('1')).unknown, [{ source: 'mqtt:p/other', detail: 'topic bound to no tag (1 bytes)' }]);
    assert.equal(x.interpret('p/tank/flow-sp/set', Buffer.from('1')).kind, 'command');
    assert.equal(x.interpret('spBv1.0/g-p/DCMD/plc-p/pumps', Buffer.from('')).kind, 'command');
    assert.equal(x.interpret('spBv1.0/STATE/host', Buffer.from('{"online":true}')).kind, 'state');
    assert.deepEqual(x.interpret('spBv1.0/g-p/DDATA/plc-p/ghost', pl(0, [])).unknown[0]!.detail, 'Sparkplug B device bound to no tag (DDATA)');
    assert.equal(x.interpret('spBv1.0/g-p/BAD', Buffer.from('')).unknown[0]!.detail, 'not a valid Sparkplug B topic');
  });

  it('births bring assets online with their values; aliases from the birth resolve later data', () => {
    const x = fresh();
    const nb = x.interpret('spBv1.0/g-p/NBIRTH/plc-p', pl(0, [{ name: 'bdSeq', type: 'Int64', value: 4 }, { name: 'Node Control/Rebirth', value: false }, { name: 'Cabinet/Temp', value: 30 }]));
    assert.equal(nb.kind, 'birth');
    assert.deepEqual(nb.status, { assets: ['plc'], online: true, reason: 'Sparkplug B NBIRTH of g-p/plc-p' });
    assert.deepEqual(nb.readings, [{ tag: 'plc-temp', value: 30, time: iso, source: 'mqtt:spBv1.0/g-p/NBIRTH/plc-p' }]);
    assert.deepEqual(nb.unknown, [], 'protocol metrics are not unknown');
    const db = x.interpret('spBv1.0/g-p/DBIRTH/plc-p/pumps', Buffer.from(sp.encodePayload({ timestamp: T, seq: 1, metrics: [{ name: 'Pump1/Speed', alias: 7, type: 'Double', value: 1 }] })));
    assert.deepEqual([db.kind, db.status?.online, db.readings.length], ['birth', true, 1]);
    const dd = x.interpret(ddata, Buffer.from(sp.encodePayload({ timestamp: T, seq: 2, metrics: [{ alias: 7, type: 'Double', value: 99, timestamp: T + 5 }, { alias: 8, type: 'Double', value: 1 }] })));
    assert.deepEqual(dd.readings, [{ tag: 'pump-speed', value: 99, time: new Date(T + 5).toISOString(), source: `mqtt:${ddata}` }]);
    assert.equal(dd.unknown.length, 1);
    assert.equal(dd.seqGap, false);
  });

  it('deaths: NDEATH takes every asset of the node offline, unless its bdSeq is not the current birth', () => {
    const x = fresh();
    x.interpret('spBv1.0/g-p/NBIRTH/plc-p', pl(0, [{ name: 'bdSeq', type: 'Int64', value: 5 }]));
    const stale = x.interpret('spBv1.0/g-p/NDEATH/plc-p', pl(undefined, [{ name: 'bdSeq', type: 'Int64', value: 4 }]));
    assert.equal(stale.kind, 'stale-death');
    assert.equal(stale.status, undefined);
    const noBd = x.interpret('spBv1.0/g-p/NDEATH/plc-p', pl(undefined, []));
    assert.deepEqual([noBd.kind, noBd.status], ['malformed', undefined]);
    const d = x.interpret('spBv1.0/g-p/NDEATH/plc-p', pl(undefined, [{ name: 'bdSeq', type: 'Int64', value: 5 }]));
    assert.deepEqual([d.kind, d.status], ['death', { assets: ['plc'], online: false, reason: 'Sparkplug B NDEATH of g-p/plc-p' }]);
    const dd = x.interpret('spBv1.0/g-p/DDEATH/plc-p/pumps', pl(3, []));
    assert.deepEqual([dd.kind, dd.status?.online, dd.status?.assets], ['death', false, ['plc']]);
  });

  it('counts seq gaps (0-255 wrapping) without dropping data', () => {
    const x = fresh();
    x.interpret('spBv1.0/g-p/NBIRTH/plc-p', pl(254, [{ name: 'bdSeq', type: 'Int64', value: 0 }]));
    assert.equal(x.interpret(ddata, pl(255, [{ name: 'Pump1/Speed', value: 1 }])).seqGap, false);
    assert.equal(x.interpret(ddata, pl(0, [{ name: 'Pump1/Speed', value: 1 }])).seqGap, false);
    const gap = x.interpret(ddata, pl(5, [{ name: 'Pump1/Speed', value: 2 }]));
    assert.deepEqual([gap.seqGap, gap.readings.length], [true, 1]);
  });

  it('Sparkplug garbage is malformed, reported as an unknown source with a printable detail', () => {
    const x = fresh();
    const i = x.interpret(ddata, Buffer.from([0x0f, 0xff, 0x00, 0x01]));
    assert.equal(i.kind, 'malformed');
    assert.match(i.unknown[0]!.detail, /^not a Sparkplug B payload \(4 bytes\): \.\.\.\.$/);
    const s = x.interpret(ddata, Buffer.from(sp.encodePayload({ seq: 0, metrics: [{ name: 'Pump1/Speed', type: 'String', value: 'fast' }, { name: 'bad\u0000name', type: 'Double', value: 1 }] })));
    assert.deepEqual(s.readings, [{ tag: 'pump-speed', value: 'fast', source: `mqtt:${ddata}` }]);
    assert.equal(s.malformed, 1);
    assert.equal(s.unknown[0]!.source, `mqtt:${ddata}#bad?name`);
    const huge = new MessageInterpreter(buildMqttBindings(testTags('p')), { maxPayloadBytes: 10 }).interpret(ddata, Buffer.alloc(11));
    assert.match(huge.unknown[0]!.detail, /^payload over 10 bytes/);
  });
});
