import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlantSimulator } from '../plant/simulator.js';
import { plantModel } from '../testdata/models.js';
import { moveValve, RANGEABILITY, valveFlowFraction } from './valve.js';

test('a valve strokes at 100 % per travelTime, no faster', () => {
  let p = 0;
  for (let i = 0; i < 150; i++) p = moveValve(p, 100, 30, 0.1);
  assert.ok(Math.abs(p - 50) < 1e-9, `after 15 s of a 30 s stroke: ${p}`);
  for (let i = 0; i < 150; i++) p = moveValve(p, 100, 30, 0.1);
  assert.ok(Math.abs(p - 100) < 1e-9);
  assert.equal(moveValve(p, 100, 30, 0.1), 100, 'stays at its target');
  assert.equal(moveValve(20, 70, 0, 0.1), 70, 'travelTime 0 moves at once');
  assert.equal(moveValve(20, 150, 0, 0.1), 100, 'targets are clamped to 0..100');
});

test('characteristics map opening to flow fraction', () => {
  assert.equal(valveFlowFraction('linear', 40), 0.4);
  assert.equal(valveFlowFraction('quick-opening', 25), 0.5);
  assert.equal(valveFlowFraction('equal-percentage', 0), 0);
  assert.equal(valveFlowFraction('equal-percentage', 100), 1);
  assert.ok(Math.abs(valveFlowFraction('equal-percentage', 50) - (Math.sqrt(RANGEABILITY) - 1) / (RANGEABILITY - 1)) < 1e-12);
  // Equal steps of opening multiply the flow by the same factor (for openings well above 0).
  const r1 = valveFlowFraction('equal-percentage', 80) / valveFlowFraction('equal-percentage', 70);
  const r2 = valveFlowFraction('equal-percentage', 90) / valveFlowFraction('equal-percentage', 80);
  assert.ok(Math.abs(r1 - r2) < 0.02);
});

test('a commanded valve takes travelTime to change the flow through it', async () => {
  const model = await plantModel(`
  units:
    - { id: tank, name: Tank, kind: tank, area: 1000, height: 10, initialLevel: 5 }
    - { id: v, name: Valve, kind: valve, maxFlow: 100, travelTime: 20, characteristic: linear, inlets: [tank], asset: plc-1 }
    - { id: out, name: Out, kind: reservoir, inlets: [v] }
  tags:
    - { id: pos, kind: actuator, processUnit: v, quantity: valve-position, unit: "%", range: { min: 0, max: 100 }, nominal: 0, asset: plc-1, writableBy: [hmi-1] }
    - { id: q, kind: sensor, processUnit: v, quantity: flow, unit: m3/h, range: { min: 0, max: 200 }, asset: plc-1 }
    - { id: opening, kind: status, processUnit: v, quantity: position, unit: "%", range: { min: 0, max: 100 }, asset: plc-1 }
`);
  const sim = new PlantSimulator(model, { settle: 0 });
  sim.step();
  assert.equal(sim.truth('q'), 0);
  assert.deepEqual(sim.write('pos', 100, { protocol: 'modbus-tcp', host: '10.0.2.10' }), { ok: true });
  sim.advance(10_000);
  assert.ok(Math.abs(sim.truth('opening')! - 50) < 0.5 + 1e-9, `opening after 10 s: ${sim.truth('opening')}`);
  assert.ok(Math.abs(sim.truth('q')! - 50) < 0.5 + 1e-9);
  sim.advance(15_000);
  assert.equal(sim.truth('opening'), 100);
  assert.equal(sim.truth('q'), 100);
});
