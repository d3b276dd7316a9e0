import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlantSimulator, type StepResult, type WriteRecord } from './plant/simulator.js';
import { loadScenario } from './scenario/parse.js';
import { plantModel, tankLoop } from './testdata/models.js';

const model = await plantModel(
  tankLoop({ area: 10, level: 2 }).replace(
    "quantity: level, unit: m, range: { min: 0, max: 10 },",
    'quantity: level, unit: m, range: { min: 0, max: 10 }, noise: 0.01,',
  ) +
    `    - { id: sp, kind: setpoint, quantity: level, unit: m, range: { min: 0, max: 5 }, nominal: 3, asset: plc-1, writableBy: [hmi-1] }
`,
);

function scenario(injections: string, duration = 60) {
  return loadScenario('s.yaml', `scenario: 1\nname: t\nduration: ${duration}\ninjections:\n${injections}`, model);
}

interface Run {
  sim: PlantSimulator;
  steps: StepResult[];
  /** tag → time (s from start) → delivered value */
  values: Map<string, Map<number, number>>;
}

function run(injections: string | undefined, seconds: number, opts: { seed?: number } = {}): Run {
  const sim = new PlantSimulator(model, { seed: opts.seed ?? 5, settle: 0, ...(injections ? { scenario: scenario(injections, seconds) } : {}) });
  const steps: StepResult[] = [];
  const values = new Map<string, Map<number, number>>();
  sim.onStep((r) => steps.push(r));
  sim.onSamples((ss) => {
    for (const s of ss) {
      const m = values.get(s.tag) ?? new Map<number, number>();
      m.set((s.time - sim.start) / 1000, s.value);
      values.set(s.tag, m);
    }
  });
  sim.advance(seconds * 1000);
  return { sim, steps, values };
}

const level = (r: Run, t: number) => r.values.get('level')!.get(t);
const base = run(undefined, 2000);

test('every step is labelled with the injections active in [start, end), attack before fault', () => {
  const r = run(
    `  - { id: a, kind: sensor-bias, tag: level, start: 10, end: 20, params: { offset: 1 }, class: attack, technique: T0832 }
  - { id: b, kind: leak, unit: tank, start: 15, end: 30, params: { rate: 1 }, class: fault }
`,
    40,
  );
  for (const s of r.steps) {
    const t = (s.time - r.sim.start) / 1000;
    const a = t >= 10 && t < 20;
    const b = t >= 15 && t < 30;
    assert.deepEqual(s.label.active, [...(a ? ['a'] : []), ...(b ? ['b'] : [])], `at ${t} s`);
    assert.equal(s.label.class, a ? 'attack' : b ? 'fault' : '');
    assert.deepEqual(s.label.targets, [...(a ? ['level'] : []), ...(b ? ['tank'] : [])]);
  }
});

test('each kind of injection is labelled 1 exactly in [start, end), with its id, class and target', () => {
  const kinds: [string, string, string][] = [
    ['sensor-bias', 'tag: level', '{ offset: 1 }'],
    ['sensor-freeze', 'tag: level', '{}'],
    ['sensor-replay', 'tag: level', '{ from: 0, length: 5 }'],
    ['sensor-noise', 'tag: level', '{ std: 1 }'],
    ['setpoint-change', 'tag: sp', '{ value: 1 }'],
    ['unauthorized-write', 'tag: fill-run', '{ value: 0, host: 10.6.6.6 }'],
    ['actuator-sabotage', 'tag: drain-run', '{ value: 0 }'],
    ['message-loss', 'asset: plc-1', '{ probability: 1 }'],
    ['leak', 'unit: tank', '{ rate: 1 }'],
    ['pump-wear', 'unit: fill', '{ efficiency: 0.5 }'],
  ];
  kinds.forEach(([kind, target, params], k) => {
    const cls = k % 2 === 0 ? 'attack' : 'fault';
    const r = run(`  - { id: i${k}, kind: ${kind}, ${target}, start: 10, end: 20.5, params: ${params}, class: ${cls} }\n`, 30);
    for (const s of r.steps) {
      const t = s.time - r.sim.start;
      const on = t >= 10_000 && t < 20_500;
      assert.deepEqual(s.label, on ? { active: [`i${k}`], class: cls, targets: [target.split(': ')[1]] } : { active: [], class: '', targets: [] }, `${kind} at ${t} ms`);
    }
  });
});

test('sensor-bias shifts the reported value by its offset, only while active', () => {
  const r = run(`  - { id: a, kind: sensor-bias, tag: level, start: 10, end: 20, params: { offset: 0.5 }, class: attack }\n`, 30);
  for (let t = 0; t < 30; t++) {
    const d = level(r, t)! - level(base, t)!;
    assert.ok(Math.abs(d - (t >= 10 && t < 20 ? 0.5 : 0)) < 1e-12, `at ${t} s: ${d}`);
  }
});

test('sensor-freeze holds the last value reported before it started', () => {
  const r = run(`  - { id: a, kind: sensor-freeze, tag: level, start: 10, end: 20, class: attack }\n`, 30);
  for (let t = 10; t < 20; t++) assert.equal(level(r, t), level(base, 9));
  assert.equal(level(r, 20), level(base, 20));
  assert.notEqual(level(base, 9), level(base, 15), 'the real value moved meanwhile');
});

test('sensor-replay repeats the values reported in its window, in a loop', () => {
  const r = run(`  - { id: a, kind: sensor-replay, tag: level, start: 10, end: 20, params: { from: 2, length: 3 }, class: attack }\n`, 30);
  for (let t = 10; t < 20; t++) assert.equal(level(r, t), level(base, 2 + ((t - 10) % 3)), `at ${t} s`);
  assert.equal(level(r, 20), level(base, 20));
});

test('sensor-noise adds noise of the given deviation', () => {
  const r = run(`  - { id: a, kind: sensor-noise, tag: level, start: 0, params: { std: 0.2 }, class: fault }\n`, 2000);
  const d = [...Array(2000).keys()].map((t) => level(r, t)! - level(base, t)!);
  const mean = d.reduce((s, x) => s + x, 0) / d.length;
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (d.length - 1));
  assert.ok(Math.abs(sd - 0.2) < 0.02 && Math.abs(mean) < 0.02, `sd ${sd}, mean ${mean}`);
});

test('message-loss drops samples at about its probability; dropped samples never arrive', () => {
  const r = run(`  - { id: a, kind: message-loss, tag: level, start: 0, params: { probability: 0.3 }, class: attack, technique: T0814 }\n`, 2000);
  const lost = r.steps.reduce((n, s) => n + s.dropped.filter((x) => x === 'level').length, 0);
  const got = r.values.get('level')!.size;
  assert.equal(lost + got, 2000);
  // Binomial(2000, 0.3): sd ≈ 0.010, so ±0.04 is four deviations.
  assert.ok(Math.abs(lost / 2000 - 0.3) < 0.04, `lost ${lost / 2000}`);
  for (const s of r.steps) for (const id of s.dropped) assert.ok(!s.samples.some((x) => x.tag === id));
  assert.equal(r.values.get('fill-flow')!.size, 2000, 'other tags are untouched');
});

test('setpoint-change sets the register at start and restores it at end', () => {
  const sim = new PlantSimulator(model, { settle: 0, scenario: scenario(`  - { id: a, kind: setpoint-change, tag: sp, start: 10, end: 20, params: { value: 4.5 }, class: attack }\n`) });
  sim.advance(10_000);
  assert.equal(sim.value('sp'), 3);
  sim.step();
  assert.equal(sim.value('sp'), 4.5);
  sim.advance(10_000);
  assert.equal(sim.value('sp'), 3);
});

test('unauthorized-write goes through the write path from its host and is recorded as such', () => {
  const inj = `  - { id: w, kind: unauthorized-write, tag: fill-run, start: 10, params: { value: 0, host: 10.6.6.6, every: 5 }, class: attack, technique: T0855 }\n`;
  const sim = new PlantSimulator(model, { settle: 0, scenario: scenario(inj) });
  const writes: WriteRecord[] = [];
  sim.onWrite((w) => writes.push(w));
  sim.advance(30_000);
  assert.deepEqual(
    writes.map((w) => [(w.time - sim.start) / 1000, w.tag, w.value, w.origin.host, w.origin.protocol, w.authorized, w.injection]),
    [10, 15, 20, 25].map((t) => [t, 'fill-run', 0, '10.6.6.6', 'modbus-tcp', false, 'w']),
  );
  assert.equal(sim.truth('fill-flow'), 0, 'the pump stopped');
  assert.ok(sim.write('fill-run', 1, { protocol: 'modbus-tcp', host: '10.0.2.10' }).ok);
  assert.equal(writes.at(-1)!.authorized, true, "the HMI's address is in writableBy");
  assert.deepEqual(sim.write('level', 1, { protocol: 'mqtt', host: 'x' }), { ok: false, reason: 'read-only' });
  assert.deepEqual(sim.write('fill-run', 2, { protocol: 'mqtt', host: 'x' }), { ok: false, reason: 'out-of-range' });
  assert.deepEqual(sim.write('nope', 1, { protocol: 'mqtt', host: 'x' }), { ok: false, reason: 'unknown-tag' });
  assert.deepEqual(sim.write('fill-run', Number.NaN, { protocol: 'mqtt', host: 'x' }), { ok: false, reason: 'not-a-number' });

  const sent: unknown[] = [];
  const routed = new PlantSimulator(model, { settle: 0, scenario: scenario(inj), sendWrite: (w) => sent.push(w) });
  routed.advance(11_000);
  assert.deepEqual(sent, [{ tag: 'fill-run', value: 0, origin: { protocol: 'modbus-tcp', host: '10.6.6.6' }, injection: 'w' }]);
  assert.equal(routed.value('fill-run'), 1, 'with sendWrite the simulator leaves the write to the protocol path');
});

test('actuator-sabotage holds the unit at its value whatever the command', () => {
  const r = run(`  - { id: s, kind: actuator-sabotage, tag: drain-run, start: 0, params: { value: 0 }, class: attack }\n`, 100);
  assert.equal(r.sim.value('drain-run'), 1, 'the command register still says run');
  // No drain: the level rises 36 m³/h instead of 18 m³/h net.
  const expected = 2 + (36 * 100) / 3600 / 10;
  assert.ok(Math.abs(r.sim.truth('level')! - expected) < 1e-9);
});

test('a leak lowers the level against a run without it by exactly the water lost', () => {
  const r = run(`  - { id: l, kind: leak, unit: tank, start: 50, end: 150, params: { rate: 3.6 }, class: fault }\n`, 200);
  const b = run(undefined, 200);
  assert.ok(Math.abs(b.sim.truth('level')! - r.sim.truth('level')! - (3.6 * 100) / 3600 / 10) < 1e-9);
  assert.ok(Math.abs(r.sim.balance().leaked - 0.1) < 1e-9);
});

test('pump-wear cuts the flow to its efficiency, or by its rate per hour', () => {
  const fixed = run(`  - { id: p, kind: pump-wear, unit: fill, start: 10, params: { efficiency: 0.5 }, class: fault }\n`, 20);
  assert.equal(fixed.sim.truth('fill-flow'), 18);
  const wearing = run(`  - { id: p, kind: pump-wear, unit: fill, start: 0, params: { rate: 0.5 }, class: fault }\n`, 3600);
  // Efficiency 1 − 0.5·(3599.9 s / 3600 s) in the last step.
  assert.ok(Math.abs(wearing.sim.truth('fill-flow')! - 36 * (1 - 0.5 * (3599.9 / 3600))) < 1e-9);
});
