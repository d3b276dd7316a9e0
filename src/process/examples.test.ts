import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { checkModel, type TwinModel } from '../model/index.js';
import { nodeModelFiles } from '../cli/model-files.js';
import { PlantSimulator, type StepResult } from './plant/simulator.js';
import { loadScenario } from './scenario/parse.js';

const root = new URL('../../', import.meta.url).pathname;
async function example(path: string): Promise<TwinModel> {
  const { loaded, problems } = await checkModel(root + path, nodeModelFiles);
  if (!loaded) throw new Error(JSON.stringify(problems));
  return loaded.model;
}

const MODELS = ['examples/water-treatment/model.yaml', 'examples/hospital-icu/model.yaml', 'examples/service-chain', 'examples/skab-testbed/model.yaml'];

for (const path of MODELS) {
  test(`${path}: 10 simulated minutes, no NaN, every level within [0, height]`, async () => {
    const model = await example(path);
    const sim = new PlantSimulator(model, { seed: 1 });
    const tanks = sim.water.units.flatMap((u, i) => (u.kind === 'tank' ? [{ i, height: u.height }] : []));
    let samples = 0;
    for (let k = 0; k < 6000; k++) {
      const r = sim.step();
      for (const s of r.samples) assert.ok(Number.isFinite(s.value), `${s.tag} = ${s.value} at ${r.time}`);
      samples += r.samples.length;
      for (const { i, height } of tanks) {
        const level = sim.water.level(i);
        assert.ok(level >= 0 && level <= height, `${sim.water.units[i]!.id} at ${level} m`);
      }
    }
    for (const t of model.process.tags) assert.ok(Number.isFinite(sim.truth(t.id)), `${t.id}: ${sim.truth(t.id)}`);
    assert.ok(samples > 0);
  });
}

test('every quantity in the water, hospital and service-chain examples is simulated (no warnings)', async () => {
  for (const path of MODELS.slice(0, 3)) assert.deepEqual(new PlantSimulator(await example(path), { settle: 0 }).warnings, [], path);
  const skab = new PlantSimulator(await example(MODELS[3]!), { settle: 0 });
  assert.deepEqual(
    skab.warnings.map((w) => w.split(' ')[1]),
    ['"accelerometer1-rms"', '"accelerometer2-rms"', '"current"', '"temperature"', '"voltage"'],
    'vibration, electrical and motor-temperature tags report their nominal',
  );
  assert.equal(skab.truth('current'), 2.54);
});

test('the water-treatment plant simulates at least 100x real time', async () => {
  const sim = new PlantSimulator(await example(MODELS[0]!), { seed: 1 });
  const t0 = performance.now();
  sim.advance(600_000);
  const factor = 600 / ((performance.now() - t0) / 1000);
  assert.ok(factor >= 100, `${factor.toFixed(0)}x real time`);
});

/** Runs a scenario file to its end; returns the simulator and a probe of true values sampled every second. */
async function scenarioRun(file: string, modelPath: string, probe: string[]) {
  const model = await example(modelPath);
  const scenario = loadScenario(file, readFileSync(root + 'examples/scenarios/' + file, 'utf8'), model);
  const sim = new PlantSimulator(model, { seed: scenario.seed ?? 1, scenario });
  const series = new Map(probe.map((id) => [id, [] as number[]]));
  const steps: StepResult[] = [];
  sim.onStep((r) => {
    if ((r.time - sim.start) % 1000 === 0) {
      for (const id of probe) series.get(id)!.push(sim.truth(id)!);
      steps.push(r);
    }
  });
  sim.advance(scenario.duration * 1000);
  return { sim, scenario, series, steps };
}

test('every example scenario names tags and units its model has', async () => {
  const files = readdirSync(root + 'examples/scenarios').filter((f) => f.endsWith('.yaml'));
  assert.equal(files.length, 6);
  for (const f of files) {
    const model = await example(f.startsWith('infusion') ? MODELS[1]! : MODELS[0]!);
    assert.doesNotThrow(() => loadScenario(f, readFileSync(root + 'examples/scenarios/' + f, 'utf8'), model), f);
  }
});

test('chlorine-sensor-spoofing overdoses behind a normal-looking reading', async () => {
  const { sim, series } = await scenarioRun('chlorine-sensor-spoofing.yaml', MODELS[0]!, ['chlorine-residual']);
  const truth = series.get('chlorine-residual')!;
  assert.ok(Math.max(...truth.slice(0, 900)) < 1.2);
  assert.ok(truth[6299]! > 2.0, `true residual at the end of the attack ${truth[6299]}`);
  assert.ok(sim.counts.alarms > 0);
});

test('raw-tank-overflow overflows the raw tank while the level reads frozen', async () => {
  const { sim, steps } = await scenarioRun('raw-tank-overflow.yaml', MODELS[0]!, ['raw-tank-level']);
  assert.ok(sim.balance().spilled > 10, `spilled ${sim.balance().spilled} m³`);
  assert.equal(sim.truth('raw-tank-level'), 6);
  const frozen = new Set(steps.slice(301).flatMap((s) => s.samples.filter((x) => x.tag === 'raw-tank-level').map((x) => x.value)));
  assert.equal(frozen.size, 1);
  assert.deepEqual(steps[400]!.label.active, ['level-freeze', 'force-intake-pump', 'cut-works-flow']);
});

test('leak-fault and pump-wear-fault do what they say', async () => {
  const leak = await scenarioRun('leak-fault.yaml', MODELS[0]!, ['storage-tank-level']);
  const lvl = leak.series.get('storage-tank-level')!;
  assert.ok(lvl[600]! - lvl[7199]! > 0.5, `storage fell ${lvl[600]! - lvl[7199]!} m`);
  assert.equal(leak.steps[700]!.label.class, 'fault');
  const wear = await scenarioRun('pump-wear-fault.yaml', MODELS[0]!, ['distribution-flow', 'distribution-vfd-fault']);
  const q = wear.series.get('distribution-flow')!;
  assert.ok(q[10_000]! < 0.8 * q[500]!, `flow ${q[500]} -> ${q[10_000]}`);
  assert.equal(wear.series.get('distribution-vfd-fault')![10_799], 1);
});

test('message-loss-dos loses about 60 % of the intake PLC samples in its window only', async () => {
  const { steps, sim } = await scenarioRun('message-loss-dos.yaml', MODELS[0]!, []);
  const intake = new Set(sim.tags.filter((t) => t.asset === 'plc-intake').map((t) => t.id));
  let due = 0;
  let lost = 0;
  for (const s of steps) {
    const t = (s.time - sim.start) / 1000;
    const l = s.dropped.length;
    if (t < 300 || t >= 1500) assert.equal(l, 0);
    else {
      lost += l;
      due += l + s.samples.filter((x) => intake.has(x.tag)).length;
    }
  }
  assert.ok(Math.abs(lost / due - 0.6) < 0.05, `lost ${lost}/${due}`);
});

test('infusion-overdose drives propofol up and SpO2 down in bed 1 only', async () => {
  const { series, sim } = await scenarioRun('infusion-overdose.yaml', MODELS[1]!, ['bed1-drug-concentration', 'bed1-spo2', 'bed2-map']);
  assert.ok(Math.max(...series.get('bed1-drug-concentration')!) > 4, 'above the 4 mg/L high limit');
  assert.ok(Math.min(...series.get('bed1-spo2')!) < 88);
  assert.ok(series.get('bed1-drug-concentration')![1799]! < 2, 'recovers after the attack');
  assert.ok(sim.counts.writes >= 1200);
});
