import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connector, TwinEvent } from '../api/types';
import { applyConnectorEvents, applyPoll, compactName, healthOf, parseConnectors } from './connectors';
import { emptyLive, liveReducer } from './live';

const status = (seq: number, connector: string, state: string, time: string, detail: string | null = null): TwinEvent => ({
  seq, time, type: 'connector.status', subject: null, data: { connector, state, previous: null, detail },
});

const mqtt: Connector = { name: 'mqtt:a', state: 'connected', since: '2026-01-01T00:00:10Z', detail: 'session new', counters: { messages: 5 } };

test('connector.status events set state, since and detail, keep counters, and add new connectors in name order', () => {
  const list = applyConnectorEvents([mqtt], [
    status(1, 'mqtt:a', 'reconnecting', '2026-01-01T00:00:20Z', 'socket closed'),
    status(2, 'modbus:plc', 'starting', '2026-01-01T00:00:21Z'),
    { seq: 3, time: 't', type: 'connector.status', subject: null, data: { state: 'connected' } },
  ]);
  assert.deepEqual(list, [
    { name: 'modbus:plc', state: 'starting', since: '2026-01-01T00:00:21Z', detail: null, counters: {} },
    { name: 'mqtt:a', state: 'reconnecting', since: '2026-01-01T00:00:20Z', detail: 'socket closed', counters: { messages: 5 } },
  ]);
});

test('an event older than the state held is ignored; other event types leave the list as is', () => {
  const list = [mqtt];
  assert.equal(applyConnectorEvents(list, [status(1, 'mqtt:a', 'starting', '2026-01-01T00:00:01Z')])[0]?.state, 'connected');
  const reading: TwinEvent = { seq: 2, time: 't', type: 'tag.reading', subject: 'x', data: {} };
  assert.equal(applyConnectorEvents(list, [reading]), list);
});

test('a poll is authoritative for the set and counters, but a newer local state survives it', () => {
  const local = applyConnectorEvents([mqtt], [status(1, 'mqtt:a', 'reconnecting', '2026-01-01T00:00:30Z')]);
  const polled: Connector[] = [{ ...mqtt, counters: { messages: 9 } }, { name: 'opcua:b', state: 'error', since: null, detail: 'refused', counters: {} }];
  const merged = applyPoll(local, polled);
  assert.deepEqual(merged.map((c) => [c.name, c.state, c.counters.messages]), [['mqtt:a', 'reconnecting', 9], ['opcua:b', 'error', undefined]]);
  const later = applyPoll(merged, [{ ...mqtt, state: 'connected', since: '2026-01-01T00:00:40Z' }]);
  assert.deepEqual(later.map((c) => [c.name, c.state]), [['mqtt:a', 'connected']]);
});

test('parseConnectors drops malformed items and non-numeric counters', () => {
  const body = { items: [{ name: 'a', state: 'connected', since: 5, counters: { n: 1, bad: 'x', inf: null } }, { name: 3, state: 'x' }, null] };
  assert.deepEqual(parseConnectors(body), [{ name: 'a', state: 'connected', since: null, detail: null, counters: { n: 1 } }]);
  assert.deepEqual(parseConnectors({ nope: 1 }), []);
  assert.deepEqual(parseConnectors(null), []);
});

test('health: connected ok, reconnecting warn, everything else bad', () => {
  assert.deepEqual(['connected', 'reconnecting', 'disconnected', 'stopped', 'error', 'starting', 'unknown', 'new-state'].map(healthOf), ['ok', 'warn', 'bad', 'bad', 'bad', 'bad', 'bad', 'bad']);
});

test('the live state takes polls and events, and keeps connectors across a new snapshot', () => {
  let s = liveReducer(emptyLive, { kind: 'connectors', items: [mqtt] });
  s = liveReducer(s, { kind: 'events', events: [status(7, 'mqtt:a', 'disconnected', '2026-01-01T00:01:00Z', 'broker gone')] });
  assert.equal(s.connectors[0]?.state, 'disconnected');
  assert.equal(s.feed[0]?.seq, 7);
  const snap = {
    node: { domain: 'u', model: { name: 'm', hash: 'h' }, version: '0', startedAt: '', identity: { algorithm: 'ed25519', publicKey: '', publicKeyPem: '', keyId: 'k' }, store: { kind: 'embedded', location: '', seq: 0, committed: 0 } },
    zones: [], conduits: [], assets: [], services: [], tags: [], events: [], drift: [], commands: [], alerts: [], incidents: [],
  };
  s = liveReducer(s, { kind: 'snapshot', snapshot: snap });
  assert.equal(s.connectors[0]?.state, 'disconnected');
});

test('compactName keeps the kind and port of kind:host:port names, and other names whole', () => {
  assert.equal(compactName('mqtt:127.0.0.1:34455'), 'mqtt:…:34455');
  assert.equal(compactName('modbus:plc-distribution'), 'modbus:plc-distribution');
  assert.equal(compactName('a:b:c'), 'a:b:c');
  assert.equal(compactName('replay'), 'replay');
});
