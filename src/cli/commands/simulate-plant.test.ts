import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitError, type Output } from '../output.js';
import { simulatePlantCommand } from './simulate-plant.js';
import { captureOutput } from '../../../test/helpers/output.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const water = join(root, 'examples/water-treatment/model.yaml');

const capture = captureOutput;

test('simulate-plant writes a labelled CSV and a summary', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'twinward-sim-'));
  try {
    const io = capture();
    const csv = join(dir, 'run.csv');
    const code = await simulatePlantCommand({ model: water, scenario: join(root, 'examples/scenarios/message-loss-dos.yaml'), duration: 400, csv, interval: 2 }, io);
    assert.equal(code, 0, io.stderr.join('\n'));
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 201);
    assert.match(lines[0]!, /^time,river-level,.*,label,class,injections,target$/);
    assert.match(lines[151]!, /^2025-01-01T00:05:00.000Z,.*,1,attack,intake-dos,plc-intake$/);
    assert.match(lines[150]!, /^2025-01-01T00:04:58.000Z,.*,0,,,$/);
    assert.match(lines[1]!, /,0,,,$/);
    const summary = io.stderr.join('\n');
    assert.match(summary, /simulated 400 s in 4000 steps of 0\.1 s; wall time .* s \(.*x real time\)/);
    assert.match(summary, /CSV: 200 rows every 2 s/);
    assert.match(summary, /intake-dos: message-loss attack on plc-intake 300-1500 s \(T0814\)/);
    assert.deepEqual(io.stdout, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--csv - streams to stdout; without a scenario nothing is labelled', async () => {
  const io = capture();
  assert.equal(await simulatePlantCommand({ model: join(root, 'examples/hospital-icu/model.yaml'), duration: 5, csv: '-', seed: 3 }, io), 0);
  assert.equal(io.stdout.length, 6);
  assert.ok(io.stdout.slice(1).every((l) => l.endsWith(',0,,,')));
});

test('scenario problems are printed positioned and exit 1; bad options exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'twinward-sim-'));
  try {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'scenario: 1\nname: x\nduration: 60\ninjections:\n  - { id: a, kind: leak, unit: river, start: 1, params: { rate: 1 }, class: fault }\n');
    const io = capture();
    assert.equal(await simulatePlantCommand({ model: water, scenario: bad }, io), 1);
    assert.equal(io.stderr[0], `${bad}:5:32 injections[0].unit: unit "river" is a reservoir; a leak injection needs a tank or pipe`);
    await assert.rejects(simulatePlantCommand({ model: water, duration: -1 }, capture()), (e: unknown) => e instanceof ExitError && e.exitCode === 2);
    await assert.rejects(simulatePlantCommand({ model: water, interval: 0.05 }, capture()), (e: unknown) => e instanceof ExitError && e.exitCode === 2);
    const io2 = capture();
    assert.equal(await simulatePlantCommand({ model: join(dir, 'missing.yaml') }, io2), 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
