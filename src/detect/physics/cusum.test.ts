import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../../common/random.js';
import { clampedMean, robustNoise } from './clamp.js';
import { Cusum, cusumArl, cusumThreshold } from './cusum.js';
import { priorThreshold } from './thresholds.js';

describe('CUSUM', () => {
  it('sets h from the wanted in-control run length (Siegmund)', () => {
    // Textbook value: k = 0.5, h = 5 gives an ARL of about 930 samples (Montgomery, table 9.3: 938).
    assert.ok(Math.abs(cusumArl(0.5, 5) - 938) < 10, String(cusumArl(0.5, 5)));
    const h = cusumThreshold(0.5, 10_000);
    assert.ok(Math.abs(cusumArl(0.5, h) - 20_000) < 1, 'each side gets twice the two-sided ARL');
    assert.ok(priorThreshold(120) > 9.5 && priorThreshold(120) < 10.2, String(priorThreshold(120)));
    assert.ok(priorThreshold(30) > priorThreshold(120), 'shorter blocks, more of them per hour, higher h');
  });

  it('alarms on a mean shift, on the right side, with the onset at the shift', () => {
    const c = new Cusum(0.5, 5);
    const rng = new Random(4);
    for (let i = 0; i < 200; i++) assert.equal(c.update(0.3 * rng.gaussian(), i), undefined);
    let alarm;
    for (let i = 200; i < 220 && !alarm; i++) alarm = c.update(-2 + 0.3 * rng.gaussian(), i);
    assert.ok(alarm);
    assert.equal(alarm.side, 'low');
    assert.ok(alarm.onset >= 199 && alarm.onset <= 201, `onset ${alarm.onset}`);
    assert.equal(c.statistic, 0, 'restarts after an alarm');
  });

  it('stays quiet on in-control residuals for far longer than a day of blocks', () => {
    const c = new Cusum(0.5, priorThreshold(120));
    const rng = new Random(11);
    for (let i = 0; i < 20_000; i++) assert.equal(c.update(rng.gaussian(), i), undefined, `block ${i}`);
  });

  it('ignores non-finite residuals', () => {
    const c = new Cusum(0.5, 1);
    assert.equal(c.update(NaN, 0), undefined);
    assert.equal(c.statistic, 0);
  });
});

describe('instrument statistics', () => {
  it('expects a saturating transmitter to read above zero at zero flow', () => {
    assert.ok(Math.abs(clampedMean(0, 4, 0, 900) - 4 / Math.sqrt(2 * Math.PI)) < 1e-6);
    assert.ok(Math.abs(clampedMean(400, 4, 0, 900) - 400) < 1e-9, 'far from the ends nothing changes');
    assert.equal(clampedMean(-5, 0, 0, 10), 0);
  });

  it('estimates noise from successive differences, unmoved by one step', () => {
    const rng = new Random(2);
    const xs = Array.from({ length: 400 }, (_, i) => 2 * rng.gaussian() + (i >= 200 ? 500 : 0));
    const diffs = xs.slice(1).map((x, i) => x - xs[i]!);
    const s = robustNoise(diffs);
    assert.ok(s > 1.7 && s < 2.3, String(s));
    assert.ok(Number.isNaN(robustNoise([])));
  });
});
