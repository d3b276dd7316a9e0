import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { nodeModelFiles } from '../cli/model-files.js';
import { loadTechniques } from '../cli/techniques.js';
import { runScenario } from '../detect/eval/scenario-run.js';
import type { GroupModel } from '../detect/group-rule.js';
import { checkModel, memoryModelFiles, type LoadedModel } from '../model/index.js';
import { parseScenario } from '../process/index.js';
import { DetectorRepository, findGroup, groupModel, MIN_TRAIN_ROWS, rowsFromTable, trainGroup, trainOnSimulation, type UnsignedBundle } from './index.js';

const MODEL = 'examples/water-treatment/model.yaml';
let model: LoadedModel;
let bundles: Omit<UnsignedBundle, 'version'>[];
let groups: GroupModel[];

before(async () => {
  const r = await checkModel(MODEL, nodeModelFiles);
  model = r.loaded!;
  ({ bundles, groups } = await trainOnSimulation(model, { seconds: 10_800, seed: 9001 }));
});

function scenario(yaml: string) {
  const r = parseScenario('test.yaml', yaml, model.model);
  assert.ok(r.scenario, JSON.stringify(r.problems));
  return r.scenario;
}

describe('trained detection groups on the simulated water plant', () => {
  it('stay quiet on 2 h of normal operation they were not trained on (another seed)', () => {
    const r = runScenario(model, scenario('scenario: 1\nname: normal\nseed: 9002\nduration: 7200\ninjections: []\n'), loadTechniques(), { groups });
    const ensemble = r.alertEvents.filter((a) => a.type === 'alert.raised' && a.data.detectors[0]!.startsWith('ensemble:'));
    assert.deepEqual(ensemble.map((a) => a.type === 'alert.raised' && a.data.message), []);
  });

  it('name the spoofed chlorine analyser and impute its true value', () => {
    const r = runScenario(
      model,
      scenario('scenario: 1\nname: bias\nseed: 5\nduration: 1800\ninjections:\n  - { id: b, kind: sensor-bias, tag: chlorine-residual, start: 600, end: 1500, params: { offset: -0.5 }, class: attack }\n'),
      loadTechniques(),
      { groups },
    );
    const a = r.alertEvents.find((e) => e.type === 'alert.raised' && e.data.detectors[0] === 'ensemble:chlorination');
    assert.ok(a && a.type === 'alert.raised', 'the chlorination group alerts');
    assert.ok(Date.parse(a.time) - Date.parse('2025-01-01T00:10:00Z') <= 60_000, `within a minute of the attack, at ${a.time}`);
    assert.equal(a.data.tags[0], 'chlorine-residual');
    assert.deepEqual(a.data.detectors.slice(1).sort(), ['autoencoder', 'pca', 'regression']);
    const ev = a.data.evidence as { observed: Record<string, number>; expected: Record<string, number>; members: { name: string; score: number }[] };
    const truth = ev.observed['chlorine-residual']! + 0.5;
    assert.ok(Math.abs(ev.expected['chlorine-residual']! - truth) < 0.15, `imputed ${ev.expected['chlorine-residual']} vs true ≈ ${truth}`);
    assert.ok(ev.members.every((m) => m.score > 1));
  });
});

describe('training data and the versioned repository', () => {
  it('refuses too few rows and constant data, naming the group and the source', async () => {
    const g = findGroup(model, 'chlorination');
    const times = Array.from({ length: 50 }, (_, i) => Date.parse('2026-01-01T00:00:00Z') + i * 5000);
    const short = rowsFromTable(model, g, { rows: times.map(() => [5, 1, 400, 3]), times }, 'short.csv');
    await assert.rejects(trainGroup(model, g, short), (err: Error & { code?: string }) => err.code === 'too-few-rows' && /group "chlorination" from short\.csv: \d+ usable rows/.test(err.message) && err.message.includes(`at least ${MIN_TRAIN_ROWS}`));
    const longTimes = Array.from({ length: 400 }, (_, i) => Date.parse('2026-01-01T00:00:00Z') + i * 5000);
    const flat = rowsFromTable(model, g, { rows: longTimes.map(() => [5, 1, 400, 3]), times: longTimes }, 'flat.csv');
    await assert.rejects(trainGroup(model, g, flat), (err: Error & { code?: string }) => err.code === 'bad-data' && /flat\.csv, detector pca: .*vary/.test(err.message));
  });

  it('leaves rows labelled anomalous out of training', () => {
    const g = findGroup(model, 'chlorination');
    const times = Array.from({ length: 10 }, (_, i) => Date.parse('2026-01-01T00:00:00Z') + i * 5000);
    const r = rowsFromTable(model, g, { rows: times.map((_, i) => [5, i, 400, 3]), times, labels: times.map((_, i) => (i === 4 ? 1 : 0)) }, 'x.csv');
    assert.ok(r.rows.every((row) => row[1] !== 4), 'the labelled row never becomes a training row');
    assert.ok(r.skipped >= 1);
  });

  it('saves versions, activates only the first unless asked, refuses a tampered file, and a bundle from another model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-repo-'));
    const repo = new DetectorRepository(dir);
    const b = bundles.find((x) => x.group === 'chlorination')!;
    const first = repo.save(b);
    assert.equal(first.bundle.version, 1);
    assert.equal(first.activated, true);
    const second = repo.save(b);
    assert.equal(second.bundle.version, 2);
    assert.equal(second.activated, false, 'retraining does not replace the model in use');
    assert.deepEqual(repo.active(), { chlorination: 1 });
    assert.deepEqual(repo.list().map((s) => [s.version, s.active]), [[1, true], [2, false]]);
    repo.activate('chlorination', 2);
    assert.deepEqual(repo.active(), { chlorination: 2 });
    assert.throws(() => repo.activate('chlorination', 7), /no version 7 of detection group "chlorination" \(saved: v1, v2\)/);

    const file = join(dir, 'detectors', 'chlorination', 'v0001.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.members[0].saved.state.t2Limit *= 10; // a loosened threshold
    writeFileSync(file, JSON.stringify(doc));
    assert.throws(() => repo.load('chlorination', 1), (err: Error & { code?: string }) => err.code === 'corrupt' && /does not match its sha256/.test(err.message));
    writeFileSync(file, '{"twinward": "detector-bundle"');
    assert.throws(() => repo.load('chlorination', 1), /not JSON/);

    const restored = await groupModel(model, repo.load('chlorination', 2));
    assert.deepEqual(restored.tags, b.tags);
    // The same group over other tags: the saved columns no longer mean the same thing.
    const text = readFileSync(MODEL, 'utf8').replace('tags: [chlorine-dosing-rate, chlorine-residual, treatment-flow, clear-well-level]', 'tags: [chlorine-dosing-rate, chlorine-residual, clear-well-level]');
    const other = (await checkModel('model.yaml', memoryModelFiles({ 'model.yaml': text }))).loaded!;
    await assert.rejects(groupModel(other, repo.load('chlorination', 2)), /was trained on .* but the model's group now has .*; retrain it/);
  });

  it('a restored bundle scores exactly like the fit it was saved from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-repo-'));
    const repo = new DetectorRepository(dir);
    const b = bundles.find((x) => x.group === 'intake')!;
    const { bundle } = repo.save(b);
    const restored = await groupModel(model, repo.load('intake', bundle.version));
    const original = groups.find((g) => g.group === 'intake')!;
    const rows = [[400, 2.3, 3.5, 390, 85], [420, 2.5, 3.4, 400, 80], [300, 2.0, 3.6, 410, 90]];
    for (const [k, m] of original.members.entries()) assert.deepEqual(restored.members[k]!.detector.score(rows), m.detector.score(rows));
  });
});
