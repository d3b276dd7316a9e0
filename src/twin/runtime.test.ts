import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseModel } from '../../test/helpers/models.js';
import { dependents, nodeKey, Twin, type NewEvent, type StoredEvent } from './index.js';

const now = new Date('2026-03-01T10:00:00Z');
const number = (events: NewEvent[], from: number): StoredEvent[] => events.map((e, i) => ({ ...e, seq: from + i }) as StoredEvent);

describe('twin runtime', () => {
  it('records the model and the start, once per model version', async () => {
    const twin = new Twin(await baseModel());
    const start = twin.decideStart('utility', '0.1.0', now);
    assert.deepEqual(start.map((e) => e.type), ['model.loaded', 'node.started']);
    number(start, 1).forEach((e) => twin.apply(e));
    assert.equal(twin.state.modelHash, twin.model.hash);
    assert.deepEqual(twin.decideStart('utility', '0.1.0', now).map((e) => e.type), ['node.started']);
  });

  it('turns a reading into a tag value and brings its asset online once', async () => {
    const twin = new Twin(await baseModel());
    const events = [
      ...twin.decideReading({ tag: 'raw-level', value: 2.4, source: 't' }, now),
    ];
    events.push(...twin.decideReading({ tag: 'pump-run', value: true, source: 't' }, now, events));
    assert.deepEqual(events.map((e) => `${e.type}:${e.subject}`), ['tag.reading:raw-level', 'asset.status:plc-1', 'tag.reading:pump-run']);
    number(events, 1).forEach((e) => twin.apply(e));
    assert.equal(twin.state.tags['raw-level']?.value, 2.4);
    assert.equal(twin.state.tags['pump-run']?.value, 1);
    assert.equal(twin.state.assets['plc-1']?.status, 'online');
    assert.equal(twin.decideReading({ tag: 'raw-level', value: 2.5, source: 't' }, now).length, 1);
  });

  it('keeps bad input as evidence instead of dropping it', async () => {
    const twin = new Twin(await baseModel());
    const [unknown] = twin.decideReading({ tag: 'ghost', value: 1, source: 'mqtt:x' }, now);
    assert.equal(unknown?.type, 'reading.rejected');
    assert.deepEqual(unknown?.data, { reason: 'unknown-tag', tag: 'ghost', value: 1, source: 'mqtt:x' });
    const [nan] = twin.decideReading({ tag: 'raw-level', value: 'NaN', source: 'x' }, now);
    assert.equal(nan?.type === 'reading.rejected' && nan.data.reason, 'not-a-number');
    const [huge] = twin.decideReading({ tag: 'raw-level', value: { a: 'x'.repeat(2000) }, source: 'x' }, now);
    assert.ok(huge?.type === 'reading.rejected' && String(huge.data.value).length < 600);
    const [out] = twin.decideReading({ tag: 'raw-level', value: 99, source: 'x' }, now);
    assert.equal(out?.type === 'tag.reading' && out.data.quality, 'bad');
  });

  it('refuses events out of order', async () => {
    const twin = new Twin(await baseModel());
    const [e] = number(twin.decideReading({ tag: 'raw-level', value: 1, source: 't' }, now), 2);
    assert.throws(() => twin.apply(e!), /gap/);
  });

  it('forgets state of tags and assets a new model version removed', async () => {
    const twin = new Twin(await baseModel());
    number(twin.decideReading({ tag: 'raw-level', value: 1, source: 't' }, now), 1).forEach((e) => twin.apply(e));
    const { BASE_MODEL_TEXT } = await import('../../test/helpers/models.js');
    const smaller = BASE_MODEL_TEXT.replace(/    - id: raw-level[\s\S]*?(?=    - id: pump-run)/, '').replace(/        - \{ type: on-off[^\n]*\n        - \{ type: interlock[^\n]*\n/, '        - { type: alarm, when: { tag: pump-run, above: 0.5 }, message: running }\n');
    const next = new Twin(await baseModel(smaller), twin.snapshot());
    assert.equal(next.state.tags['raw-level'], undefined);
    assert.equal(next.state.assets['plc-1']?.status, 'online');
  });

  it('builds the model graph: zones, conduits by initiator, service dependents', async () => {
    const twin = new Twin(await baseModel());
    const g = twin.graph;
    assert.ok(g.hasEdge(nodeKey('zone', 'supervisory'), nodeKey('zone', 'control')));
    assert.equal(g.hasEdge(nodeKey('zone', 'control'), nodeKey('zone', 'supervisory')), false, 'control never initiates');
    assert.deepEqual(dependents(g, 'water-supply'), ['monitoring']);
    assert.ok(g.hasEdge(nodeKey('domain', 'vendor'), nodeKey('asset', 'hmi-1')), 'vendor remote access reaches the HMI');
  });
});
