import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlantSimulator } from '../plant/simulator.js';
import { plantModel, tankLoop } from '../testdata/models.js';
import { integrateTank, tankAvailable } from './tank.js';

test('a tank fed 36 m³/h and drained 18 m³/h rises (36−18)·t/A, to 1e-9 of the analytic level', async () => {
  const sim = new PlantSimulator(await plantModel(tankLoop({ area: 10, level: 2 })), { settle: 0 });
  sim.advance(100_000);
  assert.ok(Math.abs(sim.truth('level')! - (2 + ((36 - 18) * 100) / 3600 / 10)) < 1e-9);
  sim.advance(500_000);
  assert.ok(Math.abs(sim.truth('level')! - (2 + ((36 - 18) * 600) / 3600 / 10)) < 1e-9);
  const b = sim.balance();
  assert.ok(Math.abs(b.sourced - 6) < 1e-9, `sourced ${b.sourced}`);
  assert.ok(Math.abs(b.delivered - 3) < 1e-9, `delivered ${b.delivered}`);
});

test('a draining tank stops at 0 and never delivers more than it held', async () => {
  // 1 m³ at 18 m³/h lasts 200 s; nothing flows in.
  const sim = new PlantSimulator(await plantModel(tankLoop({ area: 10, level: 0.1, fillRun: 0 })), { settle: 0 });
  sim.advance(100_000);
  assert.ok(Math.abs(sim.truth('level')! - 0.05) < 1e-9);
  sim.advance(200_000);
  assert.equal(sim.truth('level'), 0);
  assert.ok(Math.abs(sim.balance().delivered - 1) < 1e-9);
  assert.equal(sim.water.flow(sim.water.topo.index.get('drain')!), 0, 'a pump on an empty tank moves nothing');
});

test('a full tank spills what it cannot hold', async () => {
  const sim = new PlantSimulator(await plantModel(tankLoop({ area: 10, height: 5, level: 4.99, drainRun: 0 })), { settle: 0 });
  sim.advance(60_000);
  assert.equal(sim.truth('level'), 5);
  const b = sim.balance();
  // 36 m³/h for 60 s is 0.6 m³; 0.1 m³ filled the last centimetre.
  assert.ok(Math.abs(b.spilled - 0.5) < 1e-9, `spilled ${b.spilled}`);
  assert.ok(Math.abs(b.initial + b.sourced - b.stored - b.spilled) < 1e-9);
});

test('integrateTank and tankAvailable are the balance in m³ and m³/h', () => {
  assert.deepEqual(integrateTank({ area: 2, height: 1 }, 1, 36, 0, 100), { volume: 2, spilled: 0 });
  assert.equal(integrateTank({ area: 2, height: 1 }, 1, 72, 0, 100).spilled, 1);
  assert.equal(tankAvailable(1, 0, 3600), 1);
});
