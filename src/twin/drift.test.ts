import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { baseModel } from '../../test/helpers/models.js';
import { Twin, type NewEvent, type StoredEvent } from './index.js';

const t0 = new Date('2026-03-01T10:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
let twin: Twin;
/** Applies decided events, as the node would after deciding them. */
const commit = (events: NewEvent[]) => {
  events.forEach((e) => twin.apply({ ...e, seq: twin.seq + 1 } as StoredEvent));
  return events;
};
const kinds = (events: NewEvent[]) => events.map((e) => (e.type === 'drift.detected' ? `drift:${e.data.kind}` : e.type));

describe('drift', () => {
  beforeEach(async () => {
    twin = new Twin(await baseModel());
  });

  it('allows flows a conduit allows, from its initiator zone', () => {
    const [flow] = commit(twin.decideObservation({ kind: 'flow', src: '10.0.2.10', dst: '10.0.1.10', dstPort: 502, transport: 'tcp', source: 't' }, t0));
    assert.equal(flow?.type === 'observation.flow' && flow.data.allowed, true);
    assert.equal(flow?.type === 'observation.flow' && flow.data.conduit, 'sup-ctl');
    assert.equal(flow?.subject, 'plc-1');
  });

  it('flags a flow against the conduit direction or on a port it does not allow', () => {
    const back = commit(twin.decideObservation({ kind: 'flow', src: '10.0.1.10', dst: '10.0.2.10', dstPort: 502, transport: 'tcp', source: 't' }, t0));
    assert.deepEqual(kinds(back), ['observation.flow', 'drift:flow-not-allowed']);
    const rdp = commit(twin.decideObservation({ kind: 'flow', src: '10.0.2.10', dst: '10.0.1.10', dstPort: 3389, protocol: 'rdp', source: 'zeek' }, t0));
    assert.deepEqual(kinds(rdp), ['observation.flow', 'drift:flow-not-allowed']);
    const drift = rdp[1]!;
    assert.equal(drift.type === 'drift.detected' && drift.data.message, 'hmi-1 (supervisory) -> plc-1 (control) rdp/3389: conduit sup-ctl does not allow rdp/3389 initiated from zone supervisory');
  });

  it('reports an unknown host once', () => {
    const first = commit(twin.decideObservation({ kind: 'flow', src: '203.0.113.7', dst: '10.0.1.10', dstPort: 502, source: 't' }, t0));
    assert.deepEqual(kinds(first), ['observation.flow', 'drift:unknown-device']);
    const again = commit(twin.decideObservation({ kind: 'flow', src: '203.0.113.7', dst: '10.0.1.10', dstPort: 502, source: 't' }, t0));
    assert.deepEqual(kinds(again), ['observation.flow']);
  });

  it('flags a write from a host the model does not allow to write', () => {
    const ok = commit(twin.decideObservation({ kind: 'command', protocol: 'modbus-tcp', operation: 'write', functionCode: 5, from: '10.0.2.10', to: '10.0.1.10', tag: 'pump-run', value: 1, source: 't' }, t0));
    assert.deepEqual(kinds(ok), ['observation.command']);
    assert.equal(ok[0]?.type === 'observation.command' && ok[0].data.fromAsset, 'hmi-1');
    const bad = commit(twin.decideObservation({ kind: 'command', protocol: 'modbus-tcp', operation: 'write', functionCode: 5, from: '::ffff:10.0.1.10', to: 'plc-1', tag: 'pump-run', value: 1, source: 't' }, t0));
    assert.deepEqual(kinds(bad), ['observation.command', 'drift:unauthorized-write']);
    const d = bad[1]!;
    assert.equal(d.type === 'drift.detected' && d.data.message, 'modbus-tcp write to tag pump-run on plc-1 from plc-1 (::ffff:10.0.1.10); allowed writers: hmi-1');
    const unbound = commit(twin.decideObservation({ kind: 'command', protocol: 'modbus-tcp', operation: 'write', functionCode: 6, from: '10.0.2.10', to: 'plc-1', address: 'holding:99', value: 7, source: 't' }, t0));
    assert.deepEqual(kinds(unbound), ['observation.command', 'drift:unauthorized-write']);
  });

  it('flags Modbus functions a PLC is not expected to serve', () => {
    const umas = commit(twin.decideObservation({ kind: 'command', protocol: 'modbus-tcp', operation: 'other', functionCode: 90, from: '10.0.2.10', to: 'plc-1', source: 't' }, t0));
    assert.deepEqual(kinds(umas), ['observation.command', 'drift:unexpected-function']);
    const read = commit(twin.decideObservation({ kind: 'command', protocol: 'modbus-tcp', operation: 'read', functionCode: 3, from: '10.0.2.10', to: 'plc-1', source: 't' }, t0));
    assert.deepEqual(kinds(read), ['observation.command']);
  });

  it('marks tags stale after three sample periods and the asset lost, once, until readings return', () => {
    commit(twin.decideReading({ tag: 'raw-level', value: 2, time: t0, source: 't' }, t0));
    assert.deepEqual(twin.decideStale(at(2.9)), []);
    const stale = commit(twin.decideStale(at(3.5)));
    assert.deepEqual(kinds(stale), ['drift:stale-tag', 'asset.status']);
    assert.equal(twin.state.assets['plc-1']?.status, 'lost');
    assert.deepEqual(twin.decideStale(at(10)), [], 'reported once');
    const back = commit(twin.decideReading({ tag: 'raw-level', value: 2, time: at(11), source: 't' }, at(11)));
    assert.deepEqual(kinds(back), ['tag.reading', 'asset.status']);
    assert.equal(twin.state.assets['plc-1']?.status, 'online');
    assert.equal(twin.state.stale['raw-level'], undefined);
  });

  it('reports a value outside the instrument range once per excursion', () => {
    assert.deepEqual(kinds(commit(twin.decideReading({ tag: 'raw-level', value: 9, source: 't' }, t0))), ['tag.reading', 'drift:out-of-range', 'asset.status']);
    assert.deepEqual(kinds(commit(twin.decideReading({ tag: 'raw-level', value: 10, source: 't' }, t0))), ['tag.reading']);
    commit(twin.decideReading({ tag: 'raw-level', value: 3, source: 't' }, t0));
    assert.deepEqual(kinds(commit(twin.decideReading({ tag: 'raw-level', value: -1, source: 't' }, t0))), ['tag.reading', 'drift:out-of-range']);
  });

  it('records unknown sources, device and connector status only on change', () => {
    assert.deepEqual(kinds(commit(twin.decideUnknownSource('mqtt:plant/x', 'no tag bound', t0))), ['drift:unknown-source']);
    assert.deepEqual(twin.decideUnknownSource('mqtt:plant/x', 'no tag bound', t0), []);
    assert.deepEqual(kinds(commit(twin.decideDeviceStatus('plc-1', false, 'NDEATH', t0))), ['asset.status']);
    assert.equal(twin.state.assets['plc-1']?.status, 'offline');
    assert.deepEqual(twin.decideDeviceStatus('plc-1', false, 'NDEATH', t0), []);
    assert.deepEqual(twin.decideDeviceStatus('ghost', true, 'x', t0), []);
    assert.deepEqual(kinds(commit(twin.decideConnectorStatus('mqtt:a', 'connected', undefined, t0))), ['connector.status']);
    assert.deepEqual(twin.decideConnectorStatus('mqtt:a', 'connected', undefined, t0), []);
    assert.equal(twin.state.connectors['mqtt:a']?.state, 'connected');
  });
});
