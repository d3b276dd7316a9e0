import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkModel } from '../../model/index.js';
import { nodeModelFiles } from '../../cli/model-files.js';
import { Twin } from '../../twin/index.js';
import type { CsvRow } from './csv-source.js';
import { RecordingSink } from '../../../test/helpers/recording-sink.js';
import { ReplayConnector } from './replay-connector.js';
import type { ReplayError } from './replay-error.js';
import { readSkabLabels } from './skab-labels.js';

// The shared reference data, found from the repository root as ../shared/data (see its README).
const skab = (f: string) => fileURLToPath(new URL(`../../../../shared/data/skab/${f}`, import.meta.url));
const modelPath = fileURLToPath(new URL('../../../examples/skab-testbed/model.yaml', import.meta.url));

/** An independent oracle: the file split by hand, without the replay's parser. */
function naive(path: string) {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  return { columns: head!.split(';'), rows: lines.map((l) => l.split(';')) };
}

async function loadTwin(): Promise<Twin> {
  const { loaded, problems } = await checkModel(modelPath, nodeModelFiles);
  assert.deepEqual(problems, []);
  return new Twin(loaded!);
}

test('valve1/0.csv replays against the skab-testbed model: every row, value, time and label', async () => {
  const twin = await loadTwin();
  const path = skab('valve1/0.csv');
  const expected = naive(path);
  const sink = new RecordingSink();
  const seen: CsvRow[] = [];
  const problems: ReplayError[] = [];
  const real = new ReplayConnector(sink, {
    file: path,
    format: 'skab',
    speed: Infinity,
    knownTags: twin.tags.keys(),
    onRow: (r) => seen.push(r),
    onProblem: (p) => problems.push(p),
  });
  await real.start();
  const counters = await real.done();

  assert.equal(expected.rows.length, 1147);
  assert.deepEqual(problems, []);
  assert.deepEqual(counters, { rows: 1147, readings: 1147 * 8, badCells: 0, skipped: 0, unknownColumns: 0, batches: 10 });
  const readings = sink.readingsSeen;
  assert.deepEqual(readings.slice(0, 8).map((r) => [r.tag, r.value, r.time]), [
    ['accelerometer1-rms', 0.0265878, '2020-03-09T10:14:33.000Z'],
    ['accelerometer2-rms', 0.0401113, '2020-03-09T10:14:33.000Z'],
    ['current', 1.3302, '2020-03-09T10:14:33.000Z'],
    ['pressure', 0.054711, '2020-03-09T10:14:33.000Z'],
    ['temperature', 79.3366, '2020-03-09T10:14:33.000Z'],
    ['thermocouple', 26.0199, '2020-03-09T10:14:33.000Z'],
    ['voltage', 233.062, '2020-03-09T10:14:33.000Z'],
    ['volume-flow-rate-rms', 32, '2020-03-09T10:14:33.000Z'],
  ]);
  assert.deepEqual(readings.slice(-8).map((r) => [r.tag, r.value, r.time]), [
    ['accelerometer1-rms', 0.0270941, '2020-03-09T10:34:32.000Z'],
    ['accelerometer2-rms', 0.0399194, '2020-03-09T10:34:32.000Z'],
    ['current', 1.23944, '2020-03-09T10:34:32.000Z'],
    ['pressure', 0.710565, '2020-03-09T10:34:32.000Z'],
    ['temperature', 75.7143, '2020-03-09T10:34:32.000Z'],
    ['thermocouple', 25.8384, '2020-03-09T10:34:32.000Z'],
    ['voltage', 228.665, '2020-03-09T10:34:32.000Z'],
    ['volume-flow-rate-rms', 32.0015, '2020-03-09T10:34:32.000Z'],
  ]);

  // Every value and recorded time, against the hand-split file (times read as UTC).
  expected.rows.forEach((cells, i) => {
    const batch = readings.slice(i * 8, i * 8 + 8);
    assert.equal(batch[0]!.time, `${cells[0]!.replace(' ', 'T')}.000Z`);
    assert.deepEqual(batch.map((r) => r.value), cells.slice(1, 9).map(Number));
  });

  // Ground truth: kept aside per row, equal to the file's label columns.
  const anomaly = expected.rows.map((r) => Number(r[9]));
  const changepoint = expected.rows.map((r) => Number(r[10]));
  assert.deepEqual(seen.map((r) => r.labels!.anomaly), anomaly);
  assert.deepEqual(seen.map((r) => r.labels!.changepoint), changepoint);
  assert.equal(anomaly.filter((a) => a === 1).length, 401);
  const labels = await readSkabLabels(path);
  assert.equal(labels.length, 1147);
  assert.deepEqual(labels[0], { line: 2, time: '2020-03-09T10:14:33.000Z', anomaly: 0, changepoint: 0 });
  assert.deepEqual(labels.map((l) => l.anomaly), anomaly);
  assert.deepEqual(labels.map((l) => l.time), readings.filter((_, i) => i % 8 === 0).map((r) => r.time));

  // The model's ranges admit every reading: the twin keeps them all with quality good.
  const now = new Date('2026-01-01T00:00:00Z');
  const qualities = new Set(readings.flatMap((r) => twin.decideReading(r, now).filter((e) => e.type === 'tag.reading').map((e) => e.data.quality)));
  assert.deepEqual([...qualities], ['good']);
});

test('every SKAB file stays inside the model ranges', async () => {
  const twin = await loadTwin();
  const files = ['anomaly-free', 'valve1', 'valve2', 'other'].flatMap((d) => readdirSync(skab(d)).map((f) => `${d}/${f}`));
  assert.equal(files.length, 35);
  for (const f of files) {
    const sink = new RecordingSink();
    const c = new ReplayConnector(sink, { file: skab(f), format: 'skab', speed: 0, knownTags: twin.tags.keys() });
    await c.start();
    const counters = await c.done();
    assert.equal(counters.rows, naive(skab(f)).rows.length, f);
    const now = new Date();
    const bad = sink.readingsSeen.filter((r) => {
      const judged = twin.decideReading(r, now).filter((e) => e.type === 'tag.reading' || e.type === 'reading.rejected');
      return judged.length !== 1 || judged[0]!.type !== 'tag.reading' || judged[0]!.data.quality !== 'good';
    });
    assert.deepEqual(bad, [], f);
  }
});

test('labels of the anomaly-free file: none, said clearly', async () => {
  await assert.rejects(readSkabLabels(skab('anomaly-free/anomaly-free.csv'), { file: 'anomaly-free.csv' }), (e: ReplayError) =>
    e.code === 'no-labels' && e.message === 'anomaly-free.csv:1: no anomaly and changepoint columns: not a labelled SKAB file');
});
