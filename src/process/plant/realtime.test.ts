import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plantModel, tankLoop } from '../testdata/models.js';
import { runRealtime } from './realtime.js';
import { PlantSimulator } from './simulator.js';

const model = await plantModel(tankLoop());

test('runRealtime paces steps against the wall clock and stops at `until`', async () => {
  const sim = new PlantSimulator(model, { settle: 0 });
  let steps = 0;
  const t0 = performance.now();
  const run = runRealtime(sim, { speed: 100, until: sim.start + 5000, tickMs: 5, onStep: () => steps++ });
  await run.done;
  const wall = performance.now() - t0;
  assert.equal(sim.time, sim.start + 5000);
  assert.equal(steps, 50);
  assert.ok(wall >= 45, `5 simulated seconds at 100x took ${wall} ms`);
});

test('stop() ends a run early; a throwing listener rejects it', async () => {
  const sim = new PlantSimulator(model, { settle: 0 });
  const run = runRealtime(sim, { speed: 1, tickMs: 5 });
  run.stop();
  await run.done;
  assert.ok(sim.time < sim.start + 1000);
  const failing = runRealtime(sim, { speed: 1000, tickMs: 5, onStep: () => { throw new Error('sink full'); } });
  await assert.rejects(failing.done, /sink full/);
  assert.throws(() => runRealtime(sim, { speed: 0 }), RangeError);
});
