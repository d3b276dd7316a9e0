import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeModelFiles } from '../cli/model-files.js';
import { checkModel, type TwinModel } from '../model/index.js';
import { plantModel } from '../process/testdata/models.js';
import { AttackError } from './errors.js';
import { formatDuration, physicalImpact, type ImpactRequest } from './impact.js';

const root = new URL('../../', import.meta.url).pathname;

let water: Promise<TwinModel> | undefined;
function waterModel(): Promise<TwinModel> {
  water ??= checkModel(root + 'examples/water-treatment/model.yaml', nodeModelFiles).then(({ loaded, problems }) => {
    if (!loaded) throw new Error(JSON.stringify(problems));
    return loaded.model;
  });
  return water;
}

/** The small plant's assets besides the PLC and the HMI (src/process/testdata/models.ts). */
const SIS_AND_HISTORIAN = `  - { id: sis-1, name: Safety controller, kind: safety-controller, domain: utility, zone: control, addresses: [{ ip: 10.0.1.20 }] }
  - { id: historian, name: Historian, kind: historian, domain: utility, zone: control, addresses: [{ ip: 10.0.3.10 }] }
`;

/**
 * A tank filled by a fixed-flow pump (36 m³/h) and emptied by another
 * (18 m³/h), both on plc-1, which also runs their on-off control and an
 * overflow interlock. Between the fill pump and the tank, a shut-off valve
 * on a separate safety controller (sis-1) with its own level transmitter
 * closes above 4.2 m. The tank has 2 m² and overflows at 5 m; the level's
 * limits are high 4 m and high-high 4.5 m.
 */
const SMALL = `  units:
    - { id: source, name: Source, kind: reservoir, level: 0 }
    - { id: fill, name: Fill pump, kind: pump, maxFlow: 36, inlets: [source], asset: plc-1 }
    - { id: shutoff, name: Shut-off valve, kind: valve, maxFlow: 100, travelTime: 2, inlets: [fill], asset: sis-1 }
    - { id: tank, name: Tank, kind: tank, area: 2, height: 5, initialLevel: 2, inlets: [shutoff], asset: plc-1 }
    - { id: drain, name: Drain pump, kind: pump, maxFlow: 18, inlets: [tank], asset: plc-1 }
    - { id: sink, name: Sink, kind: reservoir, inlets: [drain] }
  tags:
    - { id: level, kind: sensor, processUnit: tank, quantity: level, unit: m, range: { min: 0, max: 5 }, noise: 0.005, asset: plc-1, limits: { low: 1, high: 4, highHigh: 4.5 } }
    - { id: sis-level, kind: sensor, processUnit: tank, quantity: level, unit: m, range: { min: 0, max: 5 }, noise: 0.005, asset: sis-1 }
    - { id: fill-run, kind: actuator, processUnit: fill, quantity: run-command, unit: bool, range: { min: 0, max: 1 }, nominal: 1, asset: plc-1, writableBy: [hmi-1] }
    - { id: drain-run, kind: actuator, processUnit: drain, quantity: run-command, unit: bool, range: { min: 0, max: 1 }, nominal: 1, asset: plc-1, writableBy: [hmi-1] }
    - { id: shutoff-position, kind: actuator, processUnit: shutoff, quantity: valve-position, unit: "%", range: { min: 0, max: 100 }, nominal: 100, asset: sis-1 }
  controllers:
    - id: ctl-1
      asset: plc-1
      logic:
        - { type: on-off, input: level, output: fill-run, onBelow: 2, offAbove: 3 }
        - { type: interlock, when: { tag: level, above: 4.4 }, force: { tag: fill-run, value: 0 }, description: Overflow protection }
    - id: sis
      asset: sis-1
      logic:
        - { type: interlock, when: { tag: sis-level, above: 4.2 }, force: { tag: shutoff-position, value: 0 }, description: High level shut-off }
`;

let small: Promise<TwinModel> | undefined;
function smallModel(): Promise<TwinModel> {
  small ??= plantModel(SMALL, SIS_AND_HISTORIAN);
  return small;
}

function near(measured: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(measured - expected) <= tolerance * expected, `${what}: measured ${measured} s, hand calculation ${expected.toFixed(1)} s (tolerance ${tolerance * 100} %)`);
}

test('water example: taking over plc-intake stops both intake pumps and drains the raw tank on the hand-calculated schedule', async () => {
  const model = await waterModel();
  const progress: [number, number][] = [];
  const t0 = performance.now();
  const r = physicalImpact(model, { assets: ['plc-intake'] }, (done, total) => progress.push([done, total]));
  const ms = performance.now() - t0;

  // Hand calculation, from examples/water-treatment/model.yaml:
  //  - raw-water-tank: area A = 120 m², initial level 3.5 m; lowLow 0.8 m, low 1.5 m.
  //  - two intake pumps, maxFlow 220 m³/h and ratedHead 25 m each, lift from the
  //    river (3.2 m) to the tank level L: Q = 220·√(1 − (L − 3.2)/(1.2·25)) per pump;
  //    at L = 3.5 m, 2 × 220 × √(1 − 0.3/30) = 437.8 m³/h.
  //  - outflow: the works flow PID holds the inlet valve at its 400 m³/h setpoint
  //    (a valve's flow does not depend on the tank level).
  //  Normal operation for 300 s: L rises (437.8 − 400)/120 = 0.315 m/h, to
  //    L0 = 3.5 + 0.315 × 300/3600 = 3.526 m at the takeover.
  //  Both pumps off: L falls 400/120 = 3.333 m/h; it reaches
  //    low 1.5 m after (3.526 − 1.5)/3.333 h = 0.6078 h = 2188 s,
  //    low-low 0.8 m after (3.526 − 0.8)/3.333 h = 0.8179 h = 2944 s.
  const l0 = 3.5 + ((2 * 220 * Math.sqrt(1 - 0.3 / 30) - 400) / 120) * (300 / 3600);
  const toLow = ((l0 - 1.5) / (400 / 120)) * 3600;
  const toLowLow = ((l0 - 0.8) / (400 / 120)) * 3600;

  assert.deepEqual(
    r.manipulation.writes.map((w) => [w.tag, w.value]),
    [['intake-pump-1-run', 0], ['intake-pump-2-run', 0]],
    'the worst manipulation is both pumps off (each alone drains too slowly to cross a trip limit within the hour)',
  );
  assert.equal(r.manipulation.tried.length, 4, 'frozen, pump 1 off, pump 2 off, both off (pump on = frozen, not rerun)');
  const low = r.timeline.find((c) => c.tag === 'raw-tank-level' && c.limit === 'low')!;
  near(low.at, toLow, 0.05, 'raw tank below its low alarm 1.5 m');

  // At 0.8 m the treatment PLC (not taken over) closes the inlet valve: its
  // interlock reads the level over the network with 0.01 m of noise, so it
  // trips a little early, then chatters around 0.8 m, throttling the drain.
  const drain = r.interlocks.find((i) => i.description === 'Do not drain the raw tank')!;
  assert.equal(drain.asset, 'plc-treatment');
  assert.equal(drain.disabled, false);
  assert.equal(drain.acted, true);
  near(drain.triggeredAt!, toLowLow, 0.05, 'the interlock on plc-treatment trips at low-low');
  // The run without that interlock crosses low-low on the pure drain schedule, and goes on towards empty.
  assert.equal(drain.effect, 'limited');
  const without = drain.withoutIt!.find((c) => c.tag === 'raw-tank-level' && c.limit === 'lowLow')!;
  near(without.at, toLowLow, 0.01, 'low-low without the interlock');
  assert.ok(without.reached < 0.3, `without the interlock the tank falls to ${without.reached} m`);

  // The first safety-limit crossing follows within seconds: with the works
  // flow under 20 m³/h, the no-flow interlock stops the alum, and the trickle
  // the chattering valve lets through leaves the filters unflocculated
  // (penetration 0.5: 12 NTU raw → 6 NTU). The raw tank itself passes 0.8 m
  // later, slowly, as the interlock throttles it.
  const f = r.firstUnsafe!;
  assert.deepEqual([f.tag, f.limit, f.severity], ['filtered-turbidity', 'highHigh', 'trip']);
  near(f.at, toLowLow, 0.05, 'first safety-limit crossing');
  const lowLow = r.timeline.find((c) => c.tag === 'raw-tank-level' && c.limit === 'lowLow')!;
  assert.ok(lowLow.at > drain.triggeredAt! && lowLow.reached > 0.75, `raw tank at ${lowLow.reached} m after ${lowLow.at} s`);

  // The intake interlocks ran on the PLC the attacker holds: disabled, none needed.
  const intake = r.interlocks.filter((i) => i.asset === 'plc-intake');
  assert.equal(intake.length, 5);
  assert.ok(intake.every((i) => i.disabled && !i.acted));
  assert.deepEqual(r.withoutAttack, [], 'the plant stays within its limits without the takeover');
  assert.match(r.summary, /^plc-intake taken over at 300 s \(attacker sets intake-pump-1-run = 0, intake-pump-2-run = 0\): filtered-turbidity passes its high-high limit 1 NTU after 49 min/);
  assert.match(r.summary, /the interlock on plc-treatment \(Do not drain the raw tank\) acted after 48 min \d+ s and limited the excursion/);

  assert.equal(r.dt, 0.1, 'the PID loops scan every 100 ms');
  const series = r.trend.series.find((s) => s.tag === 'raw-tank-level')!;
  assert.equal(r.trend.times.length, series.values.length);
  assert.ok(r.trend.times.length >= 200 && r.trend.times.length <= 400);
  assert.equal(series.limits.lowLow, 0.8);
  const total = progress[0]![1];
  assert.deepEqual(progress, Array.from({ length: total }, (_, k) => [k + 1, total]), 'one call per (possibly skipped) run');
  console.log(`water plc-intake impact: ${r.runs} runs in ${ms.toFixed(0)} ms; ${r.summary}`);
});

test('water example: the raw tank overflows on the hand-calculated schedule when the attacker also holds the works inlet valve shut', async () => {
  const model = await waterModel();
  const r = physicalImpact(model, { assets: ['plc-intake', 'plc-treatment'], manipulation: [{ tag: 'inlet-valve-position', value: 0 }] });
  // Hand calculation: the intake pumps stay on (frozen at 1), the inlet valve
  // closes (100 %/30 s from ~89 %, so the outflow is gone within ~10 s), and
  // the tank fills with the two pumps' flow, which falls as the lift grows:
  //   A·dL/dt = 440·√u,  u = 1 − (L − 3.2)/30
  //   t = (A·2·30/440)·(√u0 − √u1) h = 16.36 h × (√0.98913 − √0.92667)
  //     = 16.36 × (0.99455 − 0.96264) = 0.5222 h = 1880 s from L0 = 3.526 m to 5.4 m.
  const u = (l: number) => Math.sqrt(1 - (l - 3.2) / 30);
  const l0 = 3.5 + ((2 * 220 * u(3.5) - 400) / 120) * (300 / 3600);
  const expected = ((120 * 2 * 30) / 440) * (u(l0) - u(5.4)) * 3600;
  const f = r.firstUnsafe!;
  assert.deepEqual([f.tag, f.limit, f.threshold], ['raw-tank-level', 'highHigh', 5.4]);
  near(f.at, expected, 0.05, 'raw tank above high-high');
  assert.equal(f.reached, 6, 'it overflows at its 6 m height');
  const overflow = r.interlocks.filter((i) => i.description === 'Overflow protection (high-high)');
  assert.equal(overflow.length, 2);
  for (const i of overflow) {
    assert.equal(i.disabled, true);
    assert.equal(i.acted, false);
    near(i.triggeredAt!, expected, 0.05, 'the disabled overflow interlock would have tripped');
  }
  assert.equal(r.manipulation.mode, 'explicit');
  assert.equal(r.commanded.find((c) => c.tag === 'intake-pump-1-run')!.atTakeover, 1);
  assert.match(r.summary, /the interlock on plc-intake \(Overflow protection \(high-high\)\) was disabled by the attacker; it would have acted after 3\d min/);
});

test('an interlock on another, uncontrolled asset stops the excursion the attacker starts', async () => {
  const model = await smallModel();
  const r = physicalImpact(model, { assets: ['plc-1'], takeoverAt: 60, horizon: 900 });
  // Normal operation: fill 36, drain 18 m³/h into 2 m²: +9 m/h, 2 → 2.15 m in 60 s.
  // Worst: drain stopped (fill stays on, as frozen): +18 m/h = 5 mm/s, so
  // high 4 m after 1.85/18 h = 370 s, and the safety controller's 4.2 m
  // trip after 2.05/18 h = 410 s; without it high-high 4.5 m after 470 s.
  assert.deepEqual(r.manipulation.writes.map((w) => [w.tag, w.value]), [['drain-run', 0]]);
  assert.equal(r.firstUnsafe, undefined, 'the level never reaches high-high');
  const high = r.timeline.find((c) => c.tag === 'level' && c.limit === 'high')!;
  near(high.at, 370, 0.05, 'level above high');
  assert.ok(high.reached < 4.3, `level held at ${high.reached} m`);
  const [own, sis] = [r.interlocks.find((i) => i.controller === 'ctl-1')!, r.interlocks.find((i) => i.controller === 'sis')!];
  assert.deepEqual([own.disabled, own.acted, own.triggeredAt], [true, false, undefined]);
  assert.deepEqual([sis.asset, sis.disabled, sis.overridden, sis.acted, sis.effect], ['sis-1', false, false, true, 'prevented']);
  near(sis.triggeredAt!, 410, 0.05, 'safety controller trips');
  const prevented = sis.withoutIt!.find((c) => c.tag === 'level' && c.limit === 'highHigh')!;
  near(prevented.at, 470, 0.05, 'high-high without the safety controller');
  assert.equal(prevented.reached, 5, 'and then it overflows');
  assert.match(r.summary, /no safety limit crossed within 15 min .*the interlock on sis-1 \(High level shut-off\) acted after 6 min \d+ s and prevented a trip: without it level would pass high-high after 7 min/);
  assert.equal(r.dt, 1, 'no PID: one-second steps');
});

test('a fixed seed gives the same report; writes through an HMI are network writes', async () => {
  const model = await smallModel();
  const req: ImpactRequest = { assets: ['plc-1'], takeoverAt: 30, horizon: 600, seed: 7 };
  assert.deepEqual(physicalImpact(model, req), physicalImpact(model, req));
  const hmi = physicalImpact(model, { assets: ['hmi-1'], takeoverAt: 30, horizon: 600, manipulation: [{ tag: 'fill-run', value: 1 }] });
  assert.deepEqual(
    hmi.commanded.map((c) => [c.tag, c.via]),
    [['fill-run', 'network'], ['drain-run', 'network']],
  );
  // plc-1's on-off rung stops the fill pump at 3 m whatever the HMI writes: no excursion.
  assert.equal(hmi.firstUnsafe, undefined);
  assert.equal(hmi.interlocks.every((i) => !i.disabled), true);
});

test('bad requests name the field', async () => {
  const model = await smallModel();
  const cases: [unknown, string][] = [
    [{ assets: [] }, 'assets'],
    [{ assets: ['plc-9'] }, 'assets[0]'],
    [{ assets: ['plc-1', 'historian'] }, 'assets[1]'],
    [{ assets: ['plc-1'], horizon: 0 }, 'horizon'],
    [{ assets: ['plc-1'], horizon: -60 }, 'horizon'],
    [{ assets: ['plc-1'], horizon: Number.NaN }, 'horizon'],
    [{ assets: ['plc-1'], horizon: 1e9 }, 'horizon'],
    [{ assets: ['plc-1'], takeoverAt: -1 }, 'takeoverAt'],
    [{ assets: ['plc-1'], seed: 1.5 }, 'seed'],
    [{ assets: ['plc-1'], manipulation: [] }, 'manipulation'],
    [{ assets: ['plc-1'], manipulation: [{ tag: 'shutoff-position', value: 0 }] }, 'manipulation[0].tag'],
    [{ assets: ['plc-1'], manipulation: [{ tag: 'fill-run', value: 2 }] }, 'manipulation[0].value'],
    [{ assets: ['plc-1'], manipulation: [{ tag: 'fill-run', value: 1 }, { tag: 'fill-run', value: 0 }] }, 'manipulation[1].tag'],
  ];
  for (const [req, field] of cases) {
    assert.throws(
      () => physicalImpact(model, req as ImpactRequest),
      (err: unknown) => err instanceof AttackError && err.code === 'invalid-request' && err.message.startsWith(`${field}: `),
      `${JSON.stringify(req)} → ${field}`,
    );
  }
  assert.throws(() => physicalImpact(model, { assets: ['historian'] }), /historian" writes no tag/);
});

test('durations read as people say them', () => {
  assert.deepEqual([0.4, 12, 250, 3600, 3725.4].map(formatDuration), ['0.4 s', '12 s', '4 min 10 s', '1 h', '1 h 2 min 5 s']);
});
