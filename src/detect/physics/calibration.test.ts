import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DetectError } from '../errors.js';
import { calibratePhysics, CALIBRATION_MARGIN, priorThreshold, restorePhysicsCalibration } from './index.js';
import { judge, normal, scenarioFile, simulate, water } from './testdata/plant.js';

describe('physics calibration', () => {
  it('learns scales and thresholds from normal readings only, and round-trips through JSON', async () => {
    const model = await water();
    const { events } = simulate(model, normal(model, 3600), 101);
    const cal = calibratePhysics(model, events);
    assert.equal(cal.format, 1);
    assert.equal(cal.model, model.hash);
    // A pure function of the normal readings: the same readings, the same calibration.
    assert.deepEqual(calibratePhysics(model, events), cal);
    for (const [id, r] of Object.entries(cal.relations)) {
      assert.ok(r.blocks >= 20, `${id}: ${r.blocks} normal blocks`);
      assert.ok(r.scale >= 1, `${id}: the declared noise is a floor`);
      assert.ok(Math.abs(r.mean) < 1, `${id}: mean ${r.mean} (declared-noise units)`);
      const block = id.startsWith('run-feedback') ? 30 : 120;
      assert.equal(r.h, Math.max(priorThreshold(block), CALIBRATION_MARGIN * r.maxCusum), id);
    }
    const restored = restorePhysicsCalibration(JSON.parse(JSON.stringify(cal)));
    assert.deepEqual(restored, cal);
  });

  it('also takes plain samples', async () => {
    const model = await water();
    const { events } = simulate(model, normal(model, 1200), 102);
    const samples = events.flatMap((e) => (e.type === 'tag.reading' ? [{ tag: e.subject!, value: e.data.value, time: e.data.time }] : []));
    assert.deepEqual(calibratePhysics(model, samples), calibratePhysics(model, events));
  });

  it('stays quiet on unseen normal operation and still finds the leak with a calibration', async () => {
    const model = await water();
    const cal = calibratePhysics(model, simulate(model, normal(model, 3600), 103).events);
    assert.deepEqual(judge(model, simulate(model, normal(model, 2400), 104).events, cal).map((f) => f.message), []);
    const leak = judge(model, simulate(model, scenarioFile(model, 'leak-fault'), 3).events, cal);
    assert.equal(leak[0]?.evidence.hypothesis, 'process-change');
    assert.equal(leak[0]?.evidence.unit, 'storage-tank');
  });

  it('refuses a malformed calibration with the reason', () => {
    const good = { format: 1, model: 'x', k: 0.5, relations: { 'tank-balance:t': { blocks: 30, mean: 0, scale: 1.2, maxCusum: 3, h: 9.9 } } };
    assert.deepEqual(restorePhysicsCalibration(good), good);
    for (const [bad, where] of [
      [{ ...good, format: 2 }, /format/],
      [{ ...good, relations: { r: { ...good.relations['tank-balance:t'], scale: 0.5 } } }, /relations\.r\.scale/],
      [{ ...good, relations: { r: { ...good.relations['tank-balance:t'], h: -1 } } }, /relations\.r\.h/],
      [{ ...good, extra: true }, /root|extra|Unrecognized/],
      ['not an object', /root/],
    ] as const) {
      assert.throws(() => restorePhysicsCalibration(bad), (err: unknown) => err instanceof DetectError && err.code === 'bad-input' && where.test(err.message), JSON.stringify(bad));
    }
  });
});
