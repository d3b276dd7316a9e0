import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Conduit, TwinEvent } from '../api/types';
import { commandInvolves, involvedAssets, primaryAsset, recentDriftAssets, type AssetLookup } from './drift-assets';
import { countByKind, DRIFT_LIMIT, groupDrift, mergeCommands, mergeDrift } from './drift';
import { driftOf } from './events';
import { flowDriftOverlay } from './flow-drift';

const drift = (seq: number, kind: string, subject: string | null, evidence: Record<string, unknown> = {}, time = '2026-01-01T00:10:00Z'): TwinEvent => ({
  seq, time, type: 'drift.detected', subject, data: { kind, message: `${kind} #${seq}`, evidence },
});

/** The value, asserted present. */
function must<T>(v: T | null | undefined): T {
  assert.ok(v !== null && v !== undefined);
  return v;
}

const lookup: AssetLookup = {
  isAsset: (id) => ['plc', 'ws', 'hmi'].includes(id),
  assetOfTag: (id) => (id === 'pump-run' ? 'plc' : undefined),
};

test('mergeDrift keeps drift only, newest first, drops repeated seqs and caps at DRIFT_LIMIT', () => {
  const reading: TwinEvent = { seq: 3, time: 't', type: 'tag.reading', subject: 'x', data: { value: 1, time: 't', quality: 'good', source: 's' } };
  const malformed: TwinEvent = { seq: 4, time: 't', type: 'drift.detected', subject: null, data: { message: 'no kind' } };
  let list = mergeDrift([], [drift(1, 'stale-tag', 'a'), reading, malformed, drift(2, 'out-of-range', 'b')]);
  assert.deepEqual(list.map((d) => d.seq), [2, 1]);
  // A replay of seq 2 with other content is not taken: the first copy stays.
  const again = mergeDrift(list, [drift(2, 'unauthorized-write', 'z')]);
  assert.equal(again, list, 'nothing new returns the same array');
  list = mergeDrift(list, [drift(5, 'flow-not-allowed', 'plc'), drift(2, 'unauthorized-write', 'z')]);
  assert.deepEqual(list.map((d) => [d.seq, d.kind]), [[5, 'flow-not-allowed'], [2, 'out-of-range'], [1, 'stale-tag']]);
  const many = Array.from({ length: DRIFT_LIMIT + 30 }, (_, i) => drift(i + 10, 'stale-tag', 't'));
  const capped = mergeDrift(list, many);
  assert.equal(capped.length, DRIFT_LIMIT);
  assert.equal(capped[0]?.seq, DRIFT_LIMIT + 39);
  assert.equal(capped.at(-1)?.seq, 40);
});

test('driftOf reads evidence defensively', () => {
  assert.deepEqual(driftOf({ ...drift(1, 'stale-tag', 'a'), data: { kind: 'stale-tag', evidence: [1, 2] } })?.evidence, {});
  assert.equal(driftOf({ ...drift(1, 'stale-tag', 'a'), data: { kind: 'stale-tag' } })?.message, '');
});

test('countByKind counts per kind, known kinds first in display order, then others by name', () => {
  const list = mergeDrift([], [
    drift(1, 'stale-tag', 'a'), drift(2, 'unauthorized-write', 'b'), drift(3, 'stale-tag', 'c'),
    drift(4, 'zz-new-kind', null), drift(5, 'aa-new-kind', null), drift(6, 'unauthorized-write', 'd'), drift(7, 'stale-tag', 'e'),
  ]);
  assert.deepEqual(countByKind(list), [['unauthorized-write', 2], ['stale-tag', 3], ['aa-new-kind', 1], ['zz-new-kind', 1]]);
  assert.deepEqual(countByKind([]), []);
});

test('a finding resolves to its asset: the subject asset, the subject tag\'s asset, or the evidence target', () => {
  const d1 = must(driftOf(drift(1, 'flow-not-allowed', 'plc', { srcAsset: 'ws', dstAsset: 'plc' })));
  const d2 = must(driftOf(drift(2, 'unauthorized-write', 'pump-run', { fromAsset: 'hmi', to: 'plc' })));
  const d3 = must(driftOf(drift(3, 'unexpected-function', null, { to: 'plc' })));
  const d4 = must(driftOf(drift(4, 'unknown-device', '10.9.9.9', { address: '10.9.9.9' })));
  assert.equal(primaryAsset(d1, lookup), 'plc');
  assert.deepEqual(involvedAssets(d1, lookup), ['plc', 'ws']);
  assert.equal(primaryAsset(d2, lookup), 'plc');
  assert.deepEqual(involvedAssets(d2, lookup), ['plc', 'hmi']);
  assert.equal(primaryAsset(d3, lookup), 'plc');
  assert.equal(primaryAsset(d4, lookup), null);
  assert.deepEqual(involvedAssets(d4, lookup), []);
});

test('recentDriftAssets keeps assets of findings within the window only', () => {
  const now = Date.parse('2026-01-01T00:10:00Z');
  const list = mergeDrift([], [
    drift(1, 'stale-tag', 'pump-run', {}, '2026-01-01T00:04:00Z'),
    drift(2, 'flow-not-allowed', 'hmi', { srcAsset: 'ws', dstAsset: 'hmi' }, '2026-01-01T00:09:00Z'),
    drift(3, 'stale-tag', 'plc', {}, 'not a time'),
  ]);
  assert.deepEqual([...recentDriftAssets(list, now, lookup)].sort(), ['hmi', 'ws']);
  assert.deepEqual([...recentDriftAssets(list, now, lookup, 7 * 60_000)].sort(), ['hmi', 'plc', 'ws']);
});

test('commands merge by seq and belong to their target, sender and tag owner', () => {
  const cmd = (seq: number, data: Record<string, unknown>): TwinEvent => ({
    seq, time: 't', type: 'observation.command', subject: null,
    data: { protocol: 'modbus-tcp', operation: 'write', from: '10.0.0.5', fromAsset: null, toAsset: null, tag: null, authorized: false, ...data },
  });
  const list = mergeCommands([], [cmd(1, { tag: 'pump-run' }), cmd(2, { fromAsset: 'hmi', toAsset: 'plc', authorized: true }), cmd(2, {}), cmd(3, { authorized: 'yes' })]);
  assert.deepEqual(list.map((c) => c.seq), [2, 1]);
  const c2 = must(list[0]);
  const c1 = must(list[1]);
  assert.ok(commandInvolves(c1, 'plc', lookup));
  assert.ok(!commandInvolves(c1, 'hmi', lookup));
  assert.ok(commandInvolves(c2, 'hmi', lookup) && commandInvolves(c2, 'plc', lookup));
});

test('flowDriftOverlay counts forbidden flows on joining conduits and keeps paths with no conduit apart', () => {
  const conduits: Conduit[] = [{ id: 'c1', zones: ['ctl', 'sup'], via: [], flows: [] }];
  const flow = (seq: number, srcZone: string, dstZone: string) => drift(seq, 'flow-not-allowed', 'plc', { srcZone, dstZone });
  const list = mergeDrift([], [flow(1, 'sup', 'ctl'), flow(2, 'ctl', 'sup'), flow(3, 'ent', 'ctl'), flow(4, 'ent', 'ctl'), flow(5, 'ctl', 'ent'), flow(6, 'ctl', 'ctl'), drift(7, 'flow-not-allowed', 'plc'), drift(8, 'stale-tag', 'x', { srcZone: 'a', dstZone: 'b' })]);
  const o = flowDriftOverlay(list, conduits);
  assert.deepEqual([...o.conduits], [['c1', 2]]);
  assert.deepEqual(o.missing.map((m) => [m.srcZone, m.dstZone, m.count]).sort(), [['ctl', 'ent', 1], ['ent', 'ctl', 2]]);
});

test('groupDrift folds repeats of one kind and message under the newest, in newest-first order', () => {
  const same = (seq: number) => ({ ...drift(seq, 'unauthorized-write', 'pump-run'), data: { kind: 'unauthorized-write', message: 'write from historian', evidence: {} } });
  const list = mergeDrift([], [same(1), drift(2, 'stale-tag', 'a'), same(3), same(5)]);
  assert.deepEqual(groupDrift(list).map((g) => [g.latest.seq, g.count]), [[5, 3], [2, 1]]);
});
