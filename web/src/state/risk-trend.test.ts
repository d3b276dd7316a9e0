import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PostureSnapshot } from '../api/types';
import { postureBand, postureSeries, stepPath } from './risk-trend';

const snap = (time: string, reason: PostureSnapshot['reason'], domains: [string, number][]): PostureSnapshot => ({
  time, reason, detail: reason, totalExpectedLoss: 0, domains: domains.map(([domain, posture]) => ({ domain, posture, expectedLoss: 100 - posture })),
});

test('posture series: one per owner, in time order, a late domain starting at its first snapshot', () => {
  const series = postureSeries([
    snap('2025-01-01T00:02:00Z', 'flows-observed', [['utility', 60], ['hospital', 85]]),
    snap('2025-01-01T00:00:00Z', 'model-loaded', [['utility', 70]]),
    snap('not a time', 'flows-observed', [['utility', 1]]),
  ]);
  assert.deepEqual(series.map((s) => s.domain), ['hospital', 'utility']);
  assert.deepEqual(series[1]!.points.map((p) => [p.posture, p.reason]), [[70, 'model-loaded'], [60, 'flows-observed']]);
  assert.deepEqual(series[0]!.points.map((p) => p.t), [Date.parse('2025-01-01T00:02:00Z')]);
});

test('a step path holds each posture until the next change, then to the end', () => {
  const id = (v: number) => v;
  assert.equal(stepPath([{ t: 0, posture: 70 }, { t: 10, posture: 60 }], id, id, 15), 'M0.0,70.0H10.0V60.0H15.0');
  assert.equal(stepPath([{ t: 5, posture: 50 }], id, id, 3), 'M5.0,50.0');
  assert.equal(stepPath([], id, id, 3), '');
  assert.deepEqual([postureBand(80), postureBand(79.9), postureBand(50), postureBand(10)], ['good', 'watch', 'watch', 'poor']);
});
