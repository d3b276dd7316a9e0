import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlantSimulator } from '../plant/simulator.js';
import { plantModel } from '../testdata/models.js';
import { advanceConcentration, steadyConcentration } from './pharmacokinetics.js';
import { DRUG_EFFECTS, hill } from './vitals.js';

const ICU = `
  units:
    - { id: pump, name: Syringe pump, kind: infusion-pump, drug: propofol, concentration: 10, maxRate: 999, volume: 500, asset: plc-1 }
    - { id: patient, name: Patient, kind: patient, weightKg: 80, distributionVolume: 20, clearance: 108, baselineHeartRate: 78, baselineMeanPressure: 85, inlets: [pump] }
  tags:
    - { id: rate, kind: actuator, processUnit: pump, quantity: infusion-rate, unit: mL/h, range: { min: 0, max: 999 }, nominal: 16, asset: plc-1, writableBy: [hmi-1] }
    - { id: conc, kind: sensor, processUnit: patient, quantity: drug-concentration, unit: mg/L, range: { min: 0, max: 100 }, asset: plc-1 }
    - { id: map, kind: sensor, processUnit: patient, quantity: mean-arterial-pressure, unit: mmHg, range: { min: 0, max: 300 }, asset: plc-1 }
    - { id: spo2, kind: sensor, processUnit: patient, quantity: spo2, unit: "%", range: { min: 0, max: 100 }, asset: plc-1 }
    - { id: left, kind: sensor, processUnit: pump, quantity: volume, unit: mL, range: { min: 0, max: 500 }, asset: plc-1 }
`;

test('plasma concentration follows the one-compartment solution to its steady state rate·conc/CL', async () => {
  const sim = new PlantSimulator(await plantModel(ICU), { settle: 0 });
  const c0 = (16 * 10) / 108;
  assert.ok(Math.abs(sim.truth('conc')! - c0) < 1e-12, 'starts at the steady state of its nominal rate');
  assert.ok(sim.write('rate', 30, { protocol: 'mqtt', host: 'hmi-1' }).ok);
  sim.advance(600_000);
  const css = (30 * 10) / 108;
  const k = 108 / 20;
  const analytic = css + (c0 - css) * Math.exp(-k * (600 / 3600));
  assert.ok(Math.abs(sim.truth('conc')! - analytic) < 1e-9, `${sim.truth('conc')} vs ${analytic}`);
  sim.advance(3 * 3600_000);
  // 3 h more is 16 time constants V/CL: what is left of the approach is e^-16 ≈ 1e-7 of it.
  assert.ok(Math.abs(sim.truth('conc')! - css) < 1e-6);
  assert.equal(steadyConcentration({ volume: 20, clearance: 108 }, 300), css);
  // 30 mL/h for 3 h 10 min from 500 mL.
  assert.ok(Math.abs(sim.truth('left')! - (500 - 30 * (190 / 60))) < 1e-6);
});

test('more propofol lowers blood pressure and, past respiratory depression, SpO2', async () => {
  const sim = new PlantSimulator(await plantModel(ICU), { settle: 0 });
  const map0 = sim.truth('map')!;
  assert.equal(sim.truth('spo2'), 97);
  sim.write('rate', 80, { protocol: 'mqtt', host: 'hmi-1' });
  sim.advance(1800_000);
  assert.ok(sim.truth('map')! < map0 - 5, `MAP ${map0} -> ${sim.truth('map')}`);
  assert.ok(sim.truth('spo2')! < 90, `SpO2 ${sim.truth('spo2')}`);
  assert.ok(hill(DRUG_EFFECTS.propofol!.map, 4) === -12.5, 'half of Emax at EC50');
});

test('advanceConcentration is exact for any step', () => {
  const c = { volume: 9, clearance: 150 };
  const one = advanceConcentration(c, 0, 0.43, 1);
  let many = 0;
  for (let i = 0; i < 36000; i++) many = advanceConcentration(c, many, 0.43, 1 / 36000);
  assert.ok(Math.abs(one - many) < 1e-12);
});
