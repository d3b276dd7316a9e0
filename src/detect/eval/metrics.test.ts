import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countConfusion, sumConfusion } from './confusion.js';
import { findEvents, scoreEvents } from './events.js';
import { skabScores } from './metrics.js';

test('confusion counts each row once, no point-adjust', () => {
  const labels = [0, 0, 1, 1, 1, 0, 1, 0] as const;
  const alarms = [true, false, false, true, false, false, false, true];
  assert.deepEqual(countConfusion([...labels], alarms), { tp: 1, fp: 2, tn: 2, fn: 3 });
});

test('SKAB formulas: F1 = TP/(TP+(FP+FN)/2), FAR and MAR in percent', () => {
  const s = skabScores({ tp: 6, fp: 2, tn: 8, fn: 4 });
  assert.equal(s.f1, 6 / 9); // 6 / (6 + 3)
  assert.equal(s.far, 20); // 2 / 10 * 100
  assert.equal(s.mar, 40); // 4 / 10 * 100
});

test('pooling sums counts before scoring (not a mean of per-file F1)', () => {
  const a = { tp: 1, fp: 0, tn: 0, fn: 0 }; // F1 1
  const b = { tp: 0, fp: 1, tn: 1, fn: 1 }; // F1 0
  const pooled = skabScores(sumConfusion([a, b]));
  assert.deepEqual(sumConfusion([a, b]), { tp: 1, fp: 1, tn: 1, fn: 1 });
  assert.equal(pooled.f1, 0.5);
  assert.equal(pooled.far, 50);
  assert.equal(pooled.mar, 50);
});

test('undefined ratios are NaN, and lengths must match', () => {
  assert.ok(Number.isNaN(skabScores({ tp: 0, fp: 0, tn: 0, fn: 0 }).f1));
  assert.throws(() => countConfusion([0, 1], [true]), { code: 'bad-input' });
});

test('events: runs of 1, detected by any alarm inside, delay in rows and seconds', () => {
  const labels = [0, 1, 1, 1, 0, 0, 1, 1, 0, 1] as const;
  const alarms = [true, false, false, true, false, true, false, false, false, true];
  const times = labels.map((_, i) => 1_000_000 + i * 2000); // one row every 2 s
  assert.deepEqual(findEvents([...labels]), [{ start: 1, end: 3 }, { start: 6, end: 7 }, { start: 9, end: 9 }]);
  assert.deepEqual(scoreEvents([...labels], alarms, times), [
    { start: 1, end: 3, detected: true, firstAlarm: 3, delayRows: 2, delaySeconds: 4 },
    { start: 6, end: 7, detected: false },
    { start: 9, end: 9, detected: true, firstAlarm: 9, delayRows: 0, delaySeconds: 0 },
  ]);
  assert.deepEqual(scoreEvents([1, 1], [false, true]), [{ start: 0, end: 1, detected: true, firstAlarm: 1, delayRows: 1 }]);
});
