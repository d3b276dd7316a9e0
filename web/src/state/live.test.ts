import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Snapshot } from '../api/client';
import type { TwinEvent } from '../api/types';
import { summarize } from './events';
import { FEED_LIMIT, mergeFeed } from './feed';
import { emptyLive, liveReducer } from './live';

const reading = (seq: number, tag: string, value: number, time: string): TwinEvent => ({
  seq, time, type: 'tag.reading', subject: tag, data: { value, time, quality: 'good', source: 'test' },
});

const snapshot = (events: TwinEvent[]): Snapshot => ({
  node: { domain: 'u', model: { name: 'm', hash: 'h' }, version: '0', startedAt: '', identity: { algorithm: 'ed25519', publicKey: '', publicKeyPem: '', keyId: 'k' }, store: { kind: 'embedded', location: '', seq: 0, committed: 0 } },
  zones: [],
  conduits: [],
  assets: [{ id: 'plc', name: 'PLC', kind: 'plc', domain: 'u', zone: 'ctl', addresses: [], vulnerabilities: [], criticality: 'high', dataClasses: [], state: { status: 'unknown', since: null, lastSeen: null }, services: [], tags: ['lvl'] }],
  services: [],
  tags: [{ id: 'lvl', kind: 'sensor', quantity: 'level', unit: 'm', range: { min: 0, max: 5 }, samplePeriod: 1, asset: 'plc', current: { value: 2, time: '2026-01-01T00:00:02Z', quality: 'good', source: 'test' } }],
  events,
  drift: [],
  commands: [],
  alerts: [],
  incidents: [],
});

test('mergeFeed keeps newest first, drops repeated seqs and caps the rows', () => {
  const feed = mergeFeed([], [reading(2, 'a', 1, 't'), reading(1, 'a', 1, 't')]);
  assert.deepEqual(mergeFeed(feed, [reading(3, 'a', 1, 't'), reading(2, 'a', 9, 't')]).map((e) => e.seq), [3, 2, 1]);
  const many = Array.from({ length: FEED_LIMIT + 20 }, (_, i) => reading(i + 1, 'a', i, 't'));
  const capped = mergeFeed([], many);
  assert.equal(capped.length, FEED_LIMIT);
  assert.equal(capped[0]?.seq, FEED_LIMIT + 20);
});

test('snapshot seeds sparklines from older readings; replays neither move current back nor duplicate points', () => {
  let s = liveReducer(emptyLive, { kind: 'snapshot', snapshot: snapshot([reading(1, 'lvl', 1, '2026-01-01T00:00:01Z')]) });
  assert.deepEqual(s.tags.lvl?.history, [1, 2]);
  s = liveReducer(s, { kind: 'events', events: [reading(2, 'lvl', 2, '2026-01-01T00:00:02Z'), reading(3, 'lvl', 3, '2026-01-01T00:00:03Z')] });
  assert.deepEqual(s.tags.lvl?.history, [1, 2, 3]);
  assert.equal(s.tags.lvl?.current?.value, 3);
  assert.deepEqual(s.feed.map((e) => e.seq), [3, 2, 1]);
});

test('asset.status events update the asset and read as "previous -> status (reason)"', () => {
  const e: TwinEvent = { seq: 5, time: '2026-01-01T00:00:05Z', type: 'asset.status', subject: 'plc', data: { status: 'lost', previous: 'online', reason: 'no readings for 30 s' } };
  const s = liveReducer(liveReducer(emptyLive, { kind: 'snapshot', snapshot: snapshot([]) }), { kind: 'events', events: [e] });
  assert.equal(s.assets.plc?.status, 'lost');
  assert.equal(summarize(e), 'online -> lost (no readings for 30 s)');
  assert.equal(summarize(reading(6, 'lvl', 2.5, 't'), () => 'm'), '2.5 m good');
});
