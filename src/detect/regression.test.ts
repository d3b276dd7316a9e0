import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../common/random.js';
import { regressionDetector } from './regression.js';

function plant(n: number, seed: number): number[][] {
  const r = new Random(seed);
  return Array.from({ length: n }, () => {
    const a = r.next() * 2 - 1;
    return [a + 0.05 * r.next(), 2 * a + 0.05 * r.next(), 3 * a + 0.05 * r.next()];
  });
}

test('regression residuals: quiet on normal rows, alarm and name a spoofed sensor; limit from training only', () => {
  const fitted = regressionDetector()(plant(400, 1));
  const before = fitted.describe();
  const normal = fitted.score(plant(1000, 2));
  assert.ok(normal.alarms.filter(Boolean).length / 1000 < 0.05);
  const spoofed = fitted.score(plant(20, 3).map((r) => [r[0]!, r[1]!, r[2]! - 0.5]));
  assert.ok(spoofed.alarms.every(Boolean));
  assert.ok(spoofed.top!.every((j) => j === 2));
  assert.deepEqual(fitted.describe(), before);
});

test('regression refuses too few rows', () => {
  assert.throws(() => regressionDetector()(plant(5, 4)), { code: 'too-few-rows' });
});
