import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pumpOperatingPoint, SHUTOFF_RATIO } from './pump.js';

test('pump curve: rated point at full speed, affinity laws, static lift, wear', () => {
  const rating = { maxFlow: 450, ratedHead: 60 };
  assert.deepEqual(pumpOperatingPoint(rating, 1, 0), { flow: 450, head: 60 });
  const half = pumpOperatingPoint(rating, 0.5, 0);
  assert.ok(Math.abs(half.flow - 225) < 1e-9 && Math.abs(half.head - 15) < 1e-9, 'Q ∝ n, H ∝ n²');
  const lifted = pumpOperatingPoint(rating, 1, 18);
  assert.ok(Math.abs(lifted.flow - 450 * Math.sqrt(1 - 18 / (SHUTOFF_RATIO * 60))) < 1e-9);
  const dead = pumpOperatingPoint(rating, 1, 80);
  assert.equal(dead.flow, 0, 'cannot lift above its shutoff head');
  assert.ok(Math.abs(dead.head - 72) < 1e-9, 'dead-heads at the shutoff head');
  const worn = pumpOperatingPoint(rating, 1, 0, 0.8);
  assert.ok(Math.abs(worn.flow - 360) < 1e-9 && Math.abs(worn.head - 60 * 0.64) < 1e-9);
  assert.deepEqual(pumpOperatingPoint({ maxFlow: 100 }, 0.7, 5), { flow: 70, head: 0 });
  assert.deepEqual(pumpOperatingPoint(rating, 0, 0), { flow: 0, head: 0 });
});
