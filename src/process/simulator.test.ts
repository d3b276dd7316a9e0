import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkModel, type TwinModel } from '../model/index.js';
import { nodeModelFiles } from '../cli/model-files.js';
import { CsvEncoder } from './plant/csv.js';
import { PlantSimulator, type SimulatorOptions } from './plant/simulator.js';
import { ProcessError } from './errors.js';
import { loadScenario } from './scenario/parse.js';

const root = new URL('../../', import.meta.url).pathname;
async function example(path: string): Promise<TwinModel> {
  const { loaded, problems } = await checkModel(root + path, nodeModelFiles);
  if (!loaded) throw new Error(JSON.stringify(problems));
  return loaded.model;
}
const water = await example('examples/water-treatment/model.yaml');
const dos = loadScenario('dos.yaml', readFileSync(root + 'examples/scenarios/message-loss-dos.yaml', 'utf8'), water);

function csv(options: SimulatorOptions, seconds: number): string {
  const sim = new PlantSimulator(water, options);
  const enc = new CsvEncoder(sim.tags, 1000);
  const lines = [enc.header];
  for (let i = 0; i < seconds * 10; i++) lines.push(...enc.add(sim.step()));
  lines.push(...enc.finish());
  return lines.join('\n');
}

test('the same seed and inputs give the same CSV, byte for byte; another seed does not', () => {
  const a = csv({ seed: 42, scenario: dos }, 400);
  const b = csv({ seed: 42, scenario: dos }, 400);
  const c = csv({ seed: 43, scenario: dos }, 400);
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.equal(a.split('\n').length, 401);
  assert.equal(a.split('\n')[0]!.split(',').length, 1 + water.process.tags.length + 4);
});

test('water in equals water stored plus water out over a water-treatment run', () => {
  const sim = new PlantSimulator(water, { seed: 1 });
  sim.advance(2 * 3600_000);
  const b = sim.balance();
  // Every term is a sum of flow·dt over 72 000 steps of ~400 m³/h (about 0.01 m³ each);
  // double rounding leaves ~1e-12 m³ per term, so 1e-6 m³ in ~2 000 m³ of throughput
  // catches any real leak in the bookkeeping while ignoring arithmetic.
  const lhs = b.initial + b.sourced;
  const rhs = b.stored + b.inTransit + b.delivered + b.leaked + b.spilled;
  assert.ok(Math.abs(lhs - rhs) < 1e-6, `in ${lhs} m³, accounted ${rhs} m³`);
  assert.ok(b.sourced > 500 && b.delivered > 500, `throughput ${b.sourced} in, ${b.delivered} out`);
});

test('a PID loop holds its setpoint: works flow on the inlet valve', () => {
  const sim = new PlantSimulator(water, { seed: 2 });
  let sum = 0;
  let n = 0;
  for (let i = 0; i < 6000; i++) {
    sim.step();
    if (i >= 3000) {
      sum += sim.truth('treatment-flow')!;
      n++;
    }
  }
  assert.ok(Math.abs(sum / n - 400) < 4, `mean works flow ${sum / n} m³/h for a 400 m³/h setpoint`);
});

test('options are checked', () => {
  assert.throws(() => new PlantSimulator(water, { dt: 0.00005 }), ProcessError);
  assert.throws(() => new PlantSimulator(water, { dt: 0.1005 }), /whole number of milliseconds/);
  assert.throws(() => new PlantSimulator(water, { settle: -1 }), /settle/);
  assert.throws(() => new PlantSimulator(water, { start: 'yesterday' }), /start/);
});

test('samples come at each tag period from the start, stamped with simulated time', () => {
  const sim = new PlantSimulator(water, { seed: 3, start: '2030-06-01T00:00:00Z' });
  const times = new Map<string, number[]>();
  sim.onSamples((ss) => {
    for (const s of ss) times.set(s.tag, [...(times.get(s.tag) ?? []), s.time - sim.start]);
  });
  sim.advance(20_000);
  assert.equal(sim.start, Date.UTC(2030, 5, 1));
  assert.deepEqual(times.get('raw-turbidity'), [0, 10_000]);
  assert.deepEqual(times.get('storage-tank-level'), [0, 2000, 4000, 6000, 8000, 10_000, 12_000, 14_000, 16_000, 18_000]);
  assert.equal(times.get('intake-flow')!.length, 20);
  assert.equal(typeof sim.value('raw-tank-level'), 'number');
  assert.equal(sim.value('treatment-flow-setpoint'), 400);
});
