import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../common/random.js';
import { autoencoderDetector, fitAutoencoder, restoreAutoencoder, AUTOENCODER_FORMAT, type AutoencoderOptions } from './autoencoder.js';
import { TrackedWindow } from './autoencoder-window.js';
import { encoderPreactivations, maskedReconstruction } from './neural/sensor-ae-net.js';
import { readyTf, tf } from './neural/tf-backend.js';
import { buildSensorAe, maskedInput } from './neural/train-masked-ae.js';
import type { FittedDetector } from './detector.js';
import { standardizeRow } from './standardize.js';

/**
 * A plant with two slow hidden causes (AR(1), correlation time ~30 rows)
 * seen by five sensors, each explained by the others up to small noise:
 * x0 = a, x1 = 2a + 10, x2 = a + b, x3 = b − 5, x4 = −a + 0.5b.
 * `truth` keeps the noiseless value of every sensor.
 */
function plant(n: number, seed: number): { rows: number[][]; truth: number[][] } {
  const r = new Random(seed);
  let a = 0;
  let b = 0;
  const rows: number[][] = [];
  const truth: number[][] = [];
  for (let i = 0; i < n + 100; i++) {
    a = 0.97 * a + 0.25 * r.gaussian();
    b = 0.97 * b + 0.25 * r.gaussian();
    const t = [a, 2 * a + 10, a + b, b - 5, -a + 0.5 * b];
    if (i < 100) continue; // burn-in: start in the stationary regime
    truth.push(t);
    rows.push(t.map((v) => v + 0.03 * r.gaussian()));
  }
  return { rows, truth };
}

// Short windows keep the file fast; the design is the same as the defaults.
const FAST: AutoencoderOptions = { window: 20, pool: 2, hidden: 16, code: 8 };
const alarmShare = (alarms: boolean[]) => alarms.filter(Boolean).length / alarms.length;

let shared: Promise<FittedDetector> | undefined;
/** One fit reused by the tests that only read it (each fit takes about a second). */
const fitted = () => (shared ??= Promise.resolve(autoencoderDetector(FAST)(plant(400, 1).rows)));

test('quiet on normal rows of the same plant', async () => {
  const d = await fitted();
  const s = d.score(plant(1500, 2).rows);
  assert.ok(alarmShare(s.alarms) < 0.05, `false-alarm share ${alarmShare(s.alarms)}`);
  assert.equal(s.scores.length, 1500);
  s.scores.forEach((v, i) => assert.equal(s.alarms[i], v > 1));
});

test('a biased sensor alarms, is named, and its true value is imputed', async () => {
  const d = await fitted();
  const { rows, truth } = plant(300, 3);
  const bias = 3; // about 1.6 standard deviations of sensor 1, 30x the noise of its relation to the others
  const spoofed = rows.map((r, i) => (i >= 100 && i < 200 ? r.map((v, j) => (j === 1 ? v + bias : v)) : r));
  const s = d.score(spoofed);
  const during = (xs: readonly unknown[]) => xs.slice(110, 200); // a few rows for the window to fill
  assert.ok(alarmShare(during(s.alarms) as boolean[]) > 0.9, `alarm share while spoofed ${alarmShare(during(s.alarms) as boolean[])}`);
  assert.ok(alarmShare(s.alarms.slice(0, 100)) < 0.05);
  const named = (during(s.top!) as (number | undefined)[]).filter((j) => j === 1).length;
  assert.ok(named / 90 > 0.9, `sensor 1 named on ${named} of 90 rows`);
  // Imputation: expected[1] follows the true value, not the spoofed one.
  let err = 0;
  for (let i = 110; i < 200; i++) err += Math.abs(s.expected![i]![1]! - truth[i]![1]!) / 90;
  assert.ok(err < 0.2 * bias, `mean |expected − true| = ${err}, the lie is off by ${bias}`);
});

test('a frozen sensor alarms and is named once the plant moves away from the frozen value', async () => {
  const d = await fitted();
  const { rows, truth } = plant(400, 4);
  const stuck = rows[99]![3]!;
  const frozen = rows.map((r, i) => (i >= 100 ? r.map((v, j) => (j === 3 ? stuck : v)) : r));
  const s = d.score(frozen);
  // Rows where the real value has left the frozen one by more than 1 (the sensor's std is about 0.8).
  const away = truth.flatMap((t, i) => (i >= 120 && Math.abs(t[3]! - stuck) > 1 ? [i] : []));
  assert.ok(away.length > 50, `the plant moved away on ${away.length} rows only`);
  const alarmed = away.filter((i) => s.alarms[i]);
  assert.ok(alarmed.length / away.length > 0.9, `alarms on ${alarmed.length} of ${away.length} rows`);
  assert.ok(alarmed.filter((i) => s.top![i] === 3).length / alarmed.length > 0.9);
});

test('streaming push gives the same verdicts as batch score', async () => {
  const d = await fitted();
  const rows = plant(200, 5).rows.map((r, i) => (i > 120 ? [r[0]!, r[1]! - 2, ...r.slice(2)] : r));
  const batch = d.score(rows);
  const sc = d.scorer();
  rows.forEach((r, i) => {
    const v = sc.push(r);
    assert.equal(v.score, batch.scores[i]);
    assert.equal(v.alarm, batch.alarms[i]);
    assert.equal(v.top, batch.top![i]);
    assert.deepEqual(v.expected, batch.expected![i]);
  });
});

test('save -> JSON -> restore scores identically, without TensorFlow', async () => {
  const d = await fitted();
  const saved = JSON.parse(JSON.stringify(d.save()));
  assert.equal(saved.kind, 'autoencoder');
  assert.equal(saved.format, AUTOENCODER_FORMAT);
  assert.equal(saved.columns, 5);
  const back = restoreAutoencoder(saved.state);
  const rows = plant(150, 6).rows;
  assert.deepEqual(back.score(rows), d.score(rows));
  assert.deepEqual(back.describe(), d.describe());
  assert.deepEqual(JSON.parse(JSON.stringify(back.save())), saved);
});

test('restore refuses a damaged state with bad-input', async () => {
  const state = JSON.parse(JSON.stringify((await fitted()).save().state));
  assert.throws(() => restoreAutoencoder(null), { code: 'bad-input' });
  assert.throws(() => restoreAutoencoder({ ...state, limit: -1 }), { code: 'bad-input' });
  assert.throws(() => restoreAutoencoder({ ...state, scale: [1, 2] }), { code: 'bad-input' });
  assert.throws(() => restoreAutoencoder({ ...state, net: { ...state.net, layers: [{ ...state.net.layers[0], w: 'AAAA' }, ...state.net.layers.slice(1)] } }), { code: 'bad-input', message: /weights/ });
  assert.throws(() => restoreAutoencoder({ ...state, net: { ...state.net, steps: 3 } }), { code: 'bad-input', message: /steps/ });
  assert.throws(() => restoreAutoencoder({ ...state, standardizer: { ...state.standardizer, kept: [0, 9] } }), { code: 'bad-input' });
});

test('thresholds come from training rows only; a seed replays the same fit', async () => {
  const train = plant(400, 1).rows;
  const d = await fitted();
  const before = d.describe();
  d.score(plant(300, 7).rows);
  d.score(plant(50, 8).rows.map((r) => r.map((v) => v * 100)));
  assert.deepEqual(d.describe(), before);
  // Same rows, same seed: the same network and limits, whatever was scored in between.
  const again = await autoencoderDetector(FAST)(train);
  assert.deepEqual(again.describe(), before);
  const rows = plant(100, 9).rows;
  assert.deepEqual(again.score(rows).scores, d.score(rows).scores);
  assert.ok(Number(before.limit) > 0 && Number(before.validationRows) === 100 && Number(before.fitRows) === 300);
});

test('the JavaScript forward pass computes what the TensorFlow graph computes', async () => {
  const fit = await fitAutoencoder(plant(200, 10).rows, { ...FAST, epochs: 3 });
  const { model } = fit;
  const { steps, width } = model.net;
  await readyTf();
  const { model: graph, dense } = buildSensorAe(steps, width, { hidden: FAST.hidden!, code: FAST.code!, activation: 'relu', seed: 1 });
  [model.net.encoder, model.net.bottleneck, model.net.expand, model.net.decoder].forEach((l, k) =>
    dense[k]!.setWeights([tf.tensor2d(Float32Array.from(l.w), [l.inSize, l.outSize]), tf.tensor1d(Float32Array.from(l.b))]),
  );
  const w = new TrackedWindow(fit.shape, width, fit.level);
  let window: Float64Array = new Float64Array(0);
  for (const r of plant(30, 11).rows) window = w.push(standardizeRow(model.standardizer, r));
  const pre = encoderPreactivations(model.net, window);
  for (let j = 0; j < width; j++) {
    const y = tf.tidy(() => (graph.predict(tf.tensor3d(maskedInput(window, steps, width, j), [1, steps, 2 * width])) as tf.Tensor).dataSync());
    const ours = maskedReconstruction(model.net, window, pre, j, steps);
    for (let t = 0; t < steps; t++) assert.ok(Math.abs(y[t * width + j]! - ours[t]!) < 1e-4, `sensor ${j} step ${t}: tf ${y[t * width + j]} vs ours ${ours[t]}`);
  }
  graph.dispose();
});

test('bad training data and options are refused with DetectError codes', async () => {
  const { rows } = plant(400, 12);
  await assert.rejects(async () => autoencoderDetector(FAST)(rows.slice(0, 30)), { code: 'too-few-rows', message: /30 rows, at least 80 needed/ });
  await assert.rejects(async () => autoencoderDetector()(rows.slice(0, 100)), { code: 'too-few-rows', message: /at least 120/ });
  const nan = rows.map((r, i) => (i === 57 ? [r[0]!, r[1]!, Number.NaN, r[3]!, r[4]!] : r));
  await assert.rejects(async () => autoencoderDetector(FAST)(nan), { code: 'bad-input', message: /row 57 column 2/ });
  const flat = rows.map((r) => [r[0]!, 1, 2, 3, 4]);
  await assert.rejects(async () => autoencoderDetector(FAST)(flat), { code: 'bad-input', message: /at least 2 columns that vary.*columns 1, 2, 3, 4/ });
  await assert.rejects(async () => autoencoderDetector(FAST)([...rows.slice(0, 99), [1, 2]]), { code: 'bad-input', message: /row 99 has 2 values/ });
  assert.throws(() => autoencoderDetector({ window: 60, pool: 7 }), { code: 'bad-option' });
  assert.throws(() => autoencoderDetector({ factor: 0 }), { code: 'bad-option' });
  assert.throws(() => autoencoderDetector({ validation: 1 }), { code: 'bad-option' });
  const d = await fitted();
  assert.throws(() => d.score([[1, 2, 3]]), { code: 'bad-input' });
  assert.throws(() => d.scorer().push([1, 2, 3, 4, Number.POSITIVE_INFINITY]), { code: 'bad-input' });
});
