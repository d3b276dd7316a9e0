import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sparkplug from 'sparkplug-payload';
import { decodeJsonPayload, decodeJsonWrite, encodeJsonSample } from './json-codec.js';
import { decodeSparkplug, encodeSparkplug } from './sparkplug-codec.js';

const b = (s: string) => Buffer.from(s);

describe('JSON payloads', () => {
  it('round-trips a sample and accepts bare numbers and epoch-ms times', () => {
    const text = encodeJsonSample(2.5, Date.UTC(2024, 0, 1));
    assert.equal(text, '{"value":2.5,"time":"2024-01-01T00:00:00.000Z"}');
    assert.deepEqual(decodeJsonPayload(b(text)), { ok: true, value: 2.5, time: '2024-01-01T00:00:00.000Z' });
    assert.deepEqual(decodeJsonPayload(b('42.5')), { ok: true, value: 42.5 });
    assert.deepEqual(decodeJsonPayload(b('{"value": 1, "time": 1704067200000}')), { ok: true, value: 1, time: '2024-01-01T00:00:00.000Z' });
  });

  it('passes non-numbers through for the twin to reject, flags bad times, refuses garbage', () => {
    assert.deepEqual(decodeJsonPayload(b('{"value": "abc"}')), { ok: true, value: 'abc' });
    assert.deepEqual(decodeJsonPayload(b('{"value": 1, "time": "yesterday"}')), { ok: true, value: 1, badTime: true });
    assert.deepEqual(decodeJsonPayload(b('{"value": 1, "time": 1e300}')), { ok: true, value: 1, badTime: true });
    const bad = decodeJsonPayload(Buffer.from([0x7b, 0x00, 0xff, 0x0a]));
    assert.equal(bad.ok, false);
    assert.ok(!bad.ok && bad.reason === 'bad-json' && /^not JSON \(4 bytes\): \{\.\.\.$/.test(bad.text), JSON.stringify(bad));
    const huge = decodeJsonPayload(Buffer.alloc(70_000, 0x31), 64 * 1024);
    assert.ok(!huge.ok && huge.reason === 'payload-too-large' && huge.text.length < 120);
    assert.deepEqual(decodeJsonPayload(b('{"v": 1}')).ok, false);
  });

  it('reads writes as {"value": n}, a bare number or a boolean', () => {
    assert.equal(decodeJsonWrite(b('{"value": 12.5}')), 12.5);
    assert.equal(decodeJsonWrite(b('7')), 7);
    assert.equal(decodeJsonWrite(b('true')), 1);
    assert.equal(decodeJsonWrite(b('"7"')), undefined);
    assert.equal(decodeJsonWrite(b('{')), undefined);
  });
});

describe('Sparkplug B payloads', () => {
  it('round-trips metrics, and turns 64-bit values into numbers', () => {
    const p = encodeSparkplug({ timestamp: 1_700_000_000_123, seq: 7, metrics: [{ name: 'bdSeq', type: 'Int64', value: 3 }, { name: 'a', value: 1.5, timestamp: 5 }, { name: 'b', value: true }, { name: 'c', value: null }] });
    assert.deepEqual(decodeSparkplug(p), {
      timestamp: 1_700_000_000_123,
      seq: 7,
      metrics: [
        { name: 'bdSeq', type: 'Int64', value: 3 },
        { name: 'a', type: 'Double', value: 1.5, timestamp: 5 },
        { name: 'b', type: 'Boolean', value: true },
        { name: 'c', type: 'Double', value: null },
      ],
    });
  });

  it('keeps strings and marks opaque types; throws MqttError on bad protobuf', () => {
    const sp = sparkplug.get('spBv1.0')!;
    const p = sp.encodePayload({ metrics: [{ name: 's', type: 'String', value: 'x' }, { name: 'y', type: 'Bytes', value: new Uint8Array([1]) }, { alias: 4, type: 'UInt64', value: 9 }] });
    assert.deepEqual(decodeSparkplug(p).metrics, [
      { name: 's', type: 'String', value: 'x' },
      { name: 'y', type: 'Bytes', value: { opaque: 'Bytes' } },
      { alias: 4, type: 'UInt64', value: 9 },
    ]);
    assert.throws(() => decodeSparkplug(Buffer.from('hello')), { code: 'bad-payload' });
  });
});
