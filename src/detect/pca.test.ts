import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../common/random.js';
import { fitPcaModel, pcaStatistics } from './pca-model.js';
import { fitPca, pcaDetector, scorePca } from './pca.js';
import { rollingMedian } from './smoothing.js';
import { fitStandardizer } from './standardize.js';
import { empiricalLimit } from './thresholds.js';

/** Three correlated sensors (b ≈ 2a, c ≈ a + b) plus noise: one latent factor. */
function plant(n: number, seed: number): number[][] {
  const r = new Random(seed);
  const rnd = () => r.next();
  return Array.from({ length: n }, () => {
    const a = rnd() * 2 - 1;
    return [a + 0.05 * (rnd() - 0.5), 2 * a + 0.05 * (rnd() - 0.5), 3 * a + 0.05 * (rnd() - 0.5), 10 + 0.1 * (rnd() - 0.5)];
  });
}

test('standardizer leaves out columns constant in training', () => {
  const s = fitStandardizer([[1, 5, 2], [3, 5, 2], [5, 5, 2.000001]]);
  assert.deepEqual(s.kept, [0, 2]);
  assert.equal(s.mean[0], 3);
  assert.equal(s.std[0], 2);
});

test('PCA keeps the fewest components reaching the explained variance, T² and Q as defined', () => {
  const m = fitPcaModel(plant(400, 1), 0.9);
  // Columns 0..2 share one factor (3 of 4 standardised units of variance); column 3 is independent noise.
  assert.equal(m.lambdas.length, 2);
  assert.ok(m.explained >= 0.9);
  const s = pcaStatistics(m, [0, 0, 0, 10]);
  assert.ok(s.t2 < 1 && s.q < 1);
  // Breaking the correlation (b no longer 2a) shows in Q, and column 1 or its partners carry it.
  const broken = pcaStatistics(m, [0.5, -1, 1.5, 10]);
  assert.ok(broken.q > 100 * s.q);
  assert.equal(broken.contributions.reduce((x, y) => x + y, 0).toFixed(9), broken.q.toFixed(9));
  assert.equal(broken.contributions.indexOf(Math.max(...broken.contributions)), 1);
});

test('empirical limit is the type-7 quantile times the factor', () => {
  const xs = Array.from({ length: 101 }, (_, i) => i); // 0..100
  assert.equal(empiricalLimit(xs, 0.01), 99);
  assert.equal(empiricalLimit(xs, 0.05, 2), 190);
  assert.throws(() => empiricalLimit(xs, 0), { code: 'bad-option' });
});

test('thresholds depend on training rows only: any test data leaves them unchanged', () => {
  const train = plant(400, 2);
  const factory = pcaDetector();
  const a = factory(train);
  const before = a.describe();
  a.score(plant(300, 3));
  a.score(plant(50, 4).map((r) => r.map((v) => v * 100)));
  assert.deepEqual(a.describe(), before);
  // A second fit on the same rows gives the same limits whatever was scored in between (no hidden state).
  assert.deepEqual(factory(train).describe(), before);
  const fit = fitPca(train);
  assert.equal(fitPca(train).t2Limit, fit.t2Limit);
});

test('scores: normal rows rarely alarm, a broken correlation alarms and names the sensor', () => {
  const fit = fitPca(plant(400, 5), { alpha: 0.01 });
  const normal = scorePca(fit, plant(1000, 6));
  const rate = normal.alarms.filter(Boolean).length / 1000;
  assert.ok(rate < 0.05, `false alarm rate ${rate}`);
  const attacked = plant(20, 7).map((r) => [r[0]!, r[1]! + 1, r[2]!, r[3]!]); // sensor 1 spoofed by +1
  const s = scorePca(fit, attacked);
  assert.ok(s.alarms.every(Boolean));
  assert.ok(s.top!.every((j) => j === 1));
  assert.equal(s.scores[0], Math.max(s.t2[0]! / fit.t2Limit, s.q[0]! / fit.qLimit));
});

test('in-sample calibration gives lower limits than out-of-sample ones', () => {
  const train = plant(400, 8);
  const inSample = fitPca(train, { calibration: 'in-sample' });
  const cv = fitPca(train, { calibration: 'blocked-cv' });
  assert.ok(cv.qLimit >= inSample.qLimit * 0.95);
});

test('rolling median is causal and ignores single spikes', () => {
  assert.deepEqual(rollingMedian([0, 5, 0, 0, 2, 2, 2], 3), [0, 2.5, 0, 0, 0, 2, 2]);
  assert.deepEqual(rollingMedian([1, 2], 1), [1, 2]);
});

test('bad inputs are refused with DetectError codes', () => {
  assert.throws(() => fitPca([[1, 2]]), { code: 'too-few-rows' });
  assert.throws(() => fitPca([[1, 2], [1, 2], [1, 2], [1, 2]]), { code: 'bad-input' });
  assert.throws(() => fitPca([[1, 2], [2, Number.NaN], [3, 1]]), { code: 'bad-input' });
  const fit = fitPca(plant(100, 9));
  assert.throws(() => scorePca(fit, [[1, 2, 3]]), { code: 'bad-input' });
  assert.throws(() => fitPca(plant(100, 9), { smoothing: 0 }), { code: 'bad-option' });
});
