import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Alert, Incident, TwinEvent } from '../api/types';
import { linear, niceTicks, timeTicks } from '../chart/scale';
import { mergePoints, segments, timeDomain, valueDomain } from '../chart/series';
import { ALERT_LIMIT, alertOf, applyIncidentEvents, mergeAlerts, openAlertAssets, parseAlerts, techniqueUrl, visibleIncidents } from './alerts';
import { evidenceView } from './evidence';
import { emptyLive, liveReducer } from './live';

const T = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

const alertEvent = (seq: number, o: Partial<Alert> & { incident: string }, time = T(seq)): TwinEvent => ({
  seq, time, type: 'alert.raised', subject: o.tags?.[0] ?? null,
  data: {
    id: o.id ?? `alert-${seq}`, detectors: o.detectors ?? ['rule:safety-limit'], severity: o.severity ?? 'medium', score: 1, message: o.message ?? `alert ${seq}`,
    assets: o.assets ?? ['plc'], tags: o.tags ?? [], techniques: o.techniques ?? [], evidence: o.evidence ?? {}, cause: seq - 1, incident: o.incident,
  },
});
const opened = (seq: number, id: string, title: string): TwinEvent => ({ seq, time: T(seq), type: 'incident.opened', subject: 'plc', data: { id, title, assets: ['plc'], firstAlert: `alert-${seq - 1}` } });

test('alertOf reads alert.raised events defensively', () => {
  const a = alertOf(alertEvent(5, { incident: 'incident-5', severity: 'critical', techniques: [{ id: 'T0855', name: 'Unauthorized Command Message' }] }));
  assert.equal(a?.severity, 'critical');
  assert.deepEqual(a?.techniques, [{ id: 'T0855', name: 'Unauthorized Command Message' }]);
  assert.equal(alertOf({ seq: 6, time: T(6), type: 'alert.raised', subject: null, data: { id: 'x', severity: 'apocalyptic' } }), null);
  assert.equal(alertOf({ seq: 7, time: T(7), type: 'tag.reading', subject: 'x', data: {} }), null);
  const odd = alertOf({ seq: 8, time: T(8), type: 'alert.raised', subject: null, data: { id: 'y', severity: 'low', assets: 'plc', techniques: [{ name: 'no id' }, 'T1'], evidence: [1] } });
  assert.deepEqual([odd?.assets, odd?.techniques, odd?.evidence], [[], [], {}]);
  assert.deepEqual(parseAlerts([{ seq: 1, time: T(1), id: 'a', severity: 'high' }, { id: 'no seq', severity: 'high' }, null]).map((x) => x.id), ['a']);
});

test('mergeAlerts keeps alerts newest first, once each, capped', () => {
  let list = mergeAlerts([], [alertEvent(2, { incident: 'i' }), alertEvent(1, { incident: 'i' }), opened(3, 'i', 't')]);
  assert.deepEqual(list.map((a) => a.seq), [2, 1]);
  assert.equal(mergeAlerts(list, [alertEvent(2, { incident: 'i' })]), list, 'a replay changes nothing');
  list = mergeAlerts(list, Array.from({ length: ALERT_LIMIT + 5 }, (_, i) => alertEvent(i + 10, { incident: 'i' })));
  assert.equal(list.length, ALERT_LIMIT);
  assert.equal(list[0]?.seq, ALERT_LIMIT + 14);
});

test('applyIncidentEvents folds live alerts into the incidents as the node does, and ignores replays', () => {
  const fromApi: Incident = {
    id: 'incident-1', title: 'first', seq: 2, firstAlert: 'alert-1', lastAlert: 'alert-1', alerts: 1, severity: 'medium', assets: ['plc'],
    techniques: [], firstTime: T(1), lastTime: T(1), lastSeq: 1,
  };
  const events = [
    alertEvent(1, { incident: 'incident-1' }), // already counted by the API
    alertEvent(4, { incident: 'incident-1', severity: 'critical', assets: ['plc', 'hmi'], techniques: [{ id: 'T0855', name: 'Unauthorized Command Message' }] }),
    alertEvent(5, { incident: 'incident-5', severity: 'low', message: 'new one' }),
    opened(6, 'incident-5', 'new one, titled'),
  ];
  const list = applyIncidentEvents([fromApi], events);
  assert.deepEqual(list.map((i) => [i.id, i.alerts, i.severity, i.lastSeq]), [['incident-5', 1, 'low', 5], ['incident-1', 2, 'critical', 4]]);
  assert.deepEqual(list[1]?.assets, ['plc', 'hmi']);
  assert.deepEqual([list[1]?.firstTime, list[1]?.lastTime, list[1]?.lastAlert], [T(1), T(4), 'alert-4']);
  assert.equal(list[0]?.title, 'new one, titled');
  assert.equal(fromApi.alerts, 1, 'the input is not changed');
  assert.deepEqual(applyIncidentEvents(list, events), list, 'the same events again change nothing');
  assert.deepEqual(visibleIncidents(applyIncidentEvents([], [opened(9, 'incident-9', 'empty')])), []);
});

test('the live state takes alerts and incidents from the snapshot and the stream', () => {
  const snap = {
    node: { domain: 'u', model: { name: 'm', hash: 'h' }, version: '0', startedAt: '', identity: { algorithm: 'ed25519', publicKey: '', publicKeyPem: '', keyId: 'k' }, store: { kind: 'embedded', location: '', seq: 0, committed: 0 } },
    zones: [], conduits: [], assets: [], services: [], tags: [], drift: [], commands: [],
    events: [alertEvent(3, { incident: 'incident-3' })],
    alerts: [alertOf(alertEvent(3, { incident: 'incident-3' }))!, alertOf(alertEvent(2, { incident: 'incident-2' }))!],
    incidents: [],
  };
  let s = liveReducer(emptyLive, { kind: 'snapshot', snapshot: snap });
  assert.deepEqual(s.alerts.map((a) => a.seq), [3, 2]);
  s = liveReducer(s, { kind: 'events', events: [alertEvent(7, { incident: 'incident-3', severity: 'high' })] });
  assert.deepEqual(s.alerts.map((a) => a.seq), [7, 3, 2]);
  assert.deepEqual(s.incidents.map((i) => [i.id, i.severity]), [['incident-3', 'high']]);
});

test('openAlertAssets marks assets with alerts in the window, with their count and highest severity', () => {
  const list = mergeAlerts([], [
    alertEvent(1, { incident: 'i', assets: ['old'] }, '2026-01-01T00:00:00Z'),
    alertEvent(2, { incident: 'i', assets: ['plc'], severity: 'critical' }, '2026-01-01T00:20:00Z'),
    alertEvent(3, { incident: 'i', assets: ['plc', 'hmi'], severity: 'medium' }, '2026-01-01T00:25:00Z'),
  ]);
  const open = openAlertAssets(list, Date.parse('2026-01-01T00:30:00Z'));
  assert.deepEqual([...open].sort(), [['hmi', { count: 1, severity: 'medium' }], ['plc', { count: 2, severity: 'critical' }]]);
});

test('techniqueUrl points at MITRE ATT&CK, sub-techniques as a path', () => {
  assert.equal(techniqueUrl('T0855'), 'https://attack.mitre.org/techniques/T0855/');
  assert.equal(techniqueUrl('T1078.001'), 'https://attack.mitre.org/techniques/T1078/001/');
});

test('evidenceView lays out observed vs expected for each detector kind', () => {
  const base = alertOf(alertEvent(1, { incident: 'i', tags: ['lvl'] }))!;
  const ensemble = evidenceView({
    ...base,
    evidence: {
      group: 'intake', observed: { flow: 400, lvl: 5.1 }, expected: { lvl: 3.52 }, window: { from: T(0), to: T(60), period: 5 },
      members: [{ name: 'pca', score: 3.2, alarm: true, blames: 'lvl' }, { name: 'ae', score: 0.4, alarm: false, blames: null }],
    },
  });
  assert.deepEqual(ensemble.comparison, [{ key: 'lvl', observed: '5.1', expected: '3.52', highlight: true }, { key: 'flow', observed: '400', expected: '—', highlight: false }]);
  assert.deepEqual(ensemble.window, { from: T(0), to: T(60), period: 5, seconds: null });
  assert.deepEqual(ensemble.members.map((m) => [m.name, m.score, m.alarm]), [['pca', '3.2×', true], ['ae', '0.4×', false]]);
  assert.deepEqual(ensemble.other, [['group', 'intake']]);

  const limit = evidenceView({ ...base, evidence: { value: 4.7, limit: 'highHigh', threshold: 4.5, reading: 12, source: 'mqtt' } });
  assert.deepEqual(limit.comparison, [{ key: 'lvl', observed: '4.7', expected: '< 4.5 (highHigh limit)', highlight: true }]);
  assert.deepEqual(limit.other, [['reading', '12'], ['source', 'mqtt']]);

  const write = evidenceView({ ...base, tags: [], evidence: { from: '10.10.30.10', fromAsset: 'historian', allowedWriters: ['hmi-1', 'ews'], value: 1 } });
  assert.deepEqual(write.comparison, [{ key: 'writer', observed: 'historian (10.10.30.10)', expected: 'one of hmi-1, ews', highlight: true }]);
  assert.deepEqual(write.other, [['fromAsset', 'historian'], ['value', '1']]);
});

test('chart helpers: scales, ticks, gaps and domains', () => {
  const x = linear(0, 10, 100, 200);
  assert.deepEqual([x(0), x(5), x(10)], [100, 150, 200]);
  assert.deepEqual(niceTicks(0.8, 5.4, 5), [1, 2, 3, 4, 5]);
  assert.deepEqual(niceTicks(0.13, 0.52, 4), [0.2, 0.3, 0.4, 0.5]);
  const { ticks, step } = timeTicks(Date.parse(T(3)), Date.parse(T(58)), 6);
  assert.equal(step, 10_000);
  assert.ok(ticks.every((t) => t % 10_000 === 0) && ticks.length === 5);

  const pts = [0, 1, 2, 3, 30, 31].map((s) => ({ t: s * 1000, v: s, q: 'good' as const }));
  assert.deepEqual(segments(pts, 1).map((seg) => seg.length), [4, 2], 'a 27 s hole in 1 s readings breaks the line');
  assert.deepEqual(valueDomain([{ t: 0, v: 3, q: 'good' }, { t: 1, v: 3.5, q: 'good' }], { low: 1.5, high: 4.8, highHigh: 5.4 }).map((v) => Number(v.toFixed(3))), [1.188, 5.712]);
  assert.deepEqual(timeDomain(pts, [40_000, -5_000]), [0, 40_000], 'a later alert stretches the axis, an earlier one does not');
  assert.equal(timeDomain([], [1]), null);
  const merged = mergePoints(pts, [{ t: 2000, v: 99, q: 'good' }, { t: 32_000, v: 32, q: 'bad' }], 5);
  assert.deepEqual(merged.map((p) => [p.t / 1000, p.v]), [[2, 2], [3, 3], [30, 30], [31, 31], [32, 32]]);
});
