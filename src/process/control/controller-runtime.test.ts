import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlarmRecord } from './alarms.js';
import { PlantSimulator } from '../plant/simulator.js';
import { plantModel, tankLoop } from '../testdata/models.js';
import { onOffDecision } from './on-off.js';

test('on-off decides past its thresholds and holds in between', () => {
  const low = { onBelow: 2, offAbove: 4 };
  assert.equal(onOffDecision(low, 1.99), 1);
  assert.equal(onOffDecision(low, 2), undefined);
  assert.equal(onOffDecision(low, 3), undefined);
  assert.equal(onOffDecision(low, 4.01), 0);
  const high = { onAbove: 4, offBelow: 2 };
  assert.equal(onOffDecision(high, 4.01), 1);
  assert.equal(onOffDecision(high, 1.99), 0);
  assert.equal(onOffDecision(high, 3), undefined);
});

test('an on-off loop switches a pump at its hysteresis levels', async () => {
  // Fill 36 m³/h, drain 18: the level rises 1.8 m/h while filling and falls 1.8 m/h while not.
  const model = await plantModel(
    tankLoop({ area: 10, level: 2.5, fill: 36, drain: 18, fillRun: 0 }) +
      `  controllers:
    - id: ctl
      asset: plc-1
      scanCycleMs: 100
      logic:
        - { type: on-off, input: level, output: fill-run, onBelow: 2, offAbove: 4 }
`,
  );
  const sim = new PlantSimulator(model, { settle: 0 });
  const switches: { run: number; level: number }[] = [];
  let last = sim.truth('fill-run');
  for (let i = 0; i < 4 * 3600 * 10; i++) {
    const level = sim.truth('level')!;
    sim.step();
    const run = sim.truth('fill-run')!;
    if (run !== last) switches.push({ run, level });
    last = run;
  }
  assert.ok(switches.length >= 4, `switched ${switches.length} times`);
  // The level as the PLC read it at the scan that switched (it scans every 0.1 s, when the level moves 0.00005 m).
  for (const s of switches) {
    if (s.run === 1) assert.ok(s.level < 2 && s.level > 2 - 1e-4, `switched on at ${s.level}`);
    else assert.ok(s.level > 4 && s.level < 4 + 1e-4, `switched off at ${s.level}`);
  }
});

test('an interlock overrides the loop while its condition holds; alarms and limits raise records', async () => {
  const model = await plantModel(
    tankLoop({ area: 10, level: 3.9, fill: 36, drain: 18, fillRun: 1 }) +
      `  controllers:
    - id: ctl
      asset: plc-1
      scanCycleMs: 200
      logic:
        - { type: on-off, input: level, output: fill-run, onBelow: 4.2, offAbove: 4.9 }
        - { type: interlock, when: { tag: level, above: 4.3 }, force: { tag: fill-run, value: 0 } }
        - { type: alarm, when: { tag: level, above: 4.25 }, severity: critical, message: Tank nearly full }
`,
  );
  const sim = new PlantSimulator(model, { settle: 0 });
  const alarms: AlarmRecord[] = [];
  sim.onAlarm((a) => alarms.push(a));
  let max = 0;
  for (let i = 0; i < 2 * 3600 * 10; i++) {
    sim.step();
    max = Math.max(max, sim.truth('level')!);
  }
  // Without the interlock the loop would fill to 4.9 m; it stops each time at 4.3.
  assert.ok(max > 4.3 && max < 4.302, `highest level ${max}`);
  const kinds = alarms.map((a) => `${a.tag}:${a.kind}`);
  assert.ok(kinds.includes('level:high'), 'limit high (4) crossed');
  assert.ok(!kinds.includes('level:highHigh'), 'highHigh (4.5) never reached');
  const block = alarms.find((a) => a.kind === 'alarm');
  assert.ok(block);
  assert.equal(block.message, 'Tank nearly full');
  assert.equal(block.severity, 'critical');
  assert.equal(block.controller, 'ctl');
});
