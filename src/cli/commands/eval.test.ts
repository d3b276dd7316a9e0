import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Output } from '../output.js';
import { evalCsvCommand, evalSkabCommand } from './eval.js';
import { captureOutput } from '../../../test/helpers/output.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const skab = join(root, '../shared/data/skab');

const capture = captureOutput;

test('eval skab scores the 34 labelled files and places the row in the leaderboard', async () => {
  const io = capture();
  assert.equal(await evalSkabCommand({ data: skab }, io), 0);
  const text = io.stdout.join('\n');
  assert.match(text, /34 files/);
  assert.match(text, /> Twinward pca +0\.\d\d/);
  assert.match(text, /Conv-AE +0\.78 +13\.55 +28\.02/);
  assert.match(text, /test rows 23801\)/); // 37,401 labelled rows minus 34 x 400 training rows
});

test('eval skab: unknown detector is a usage error, a wrong folder an input error', async () => {
  await assert.rejects(evalSkabCommand({ data: skab, detector: 'nope' }, capture()), { exitCode: 2 });
  await assert.rejects(evalSkabCommand({ data: join(skab, 'valve1') }, capture()), { exitCode: 1 });
});

test('eval csv on a generic file: scores, events, --out', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'twinward-eval-'));
  try {
    const lines = (n: number, shift: (i: number) => number, label: (i: number) => number) =>
      ['time,a,b,c,anomaly'].concat(
        Array.from({ length: n }, (_, i) => {
          const x = Math.sin(i / 7) + 0.01 * Math.cos(i * 13);
          return `${1_700_000_000 + i},${x.toFixed(5)},${(2 * x + shift(i) + 0.01 * Math.sin(i * 5)).toFixed(5)},${(Math.cos(i / 3) + 0.01 * Math.sin(i * 11)).toFixed(5)},${label(i)}`;
        }),
      );
    writeFileSync(join(dir, 'train.csv'), lines(300, () => 0, () => 0).join('\n'));
    const anomalous = (i: number) => (i >= 100 && i < 150 ? 1 : 0);
    writeFileSync(join(dir, 'test.csv'), lines(200, (i) => anomalous(i) * 3, anomalous).join('\n'));
    const io = capture();
    const out = join(dir, 'scores.csv');
    assert.equal(await evalCsvCommand({ train: join(dir, 'train.csv'), test: join(dir, 'test.csv'), label: 'anomaly', out }, io), 0);
    const text = io.stdout.join('\n');
    assert.match(text, /events: 1\/1 detected/);
    assert.match(text, /detected after 0 rows \/ 0 s/);
    assert.match(text, /MAR 0\.00 %/);
    const written = readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(written[0], 'time,score,alarm');
    assert.equal(written.length, 201);
    assert.match(written[101]!, /^2023-11-14T22:15:00\.000Z,[\d.e+]+,1$/);

    await assert.rejects(evalCsvCommand({ train: join(dir, 'train.csv'), test: join(dir, 'test.csv'), label: 'attack' }, capture()), (e: Error & { exitCode: number }) => {
      assert.equal(e.exitCode, 1);
      assert.match(e.message, /test\.csv:1: attack: missing label column/);
      return true;
    });
    writeFileSync(join(dir, 'bad.csv'), lines(20, () => 0, () => 0).join('\n').replace(/\n(1700000005),[^,]+,/, '\n$1,oops,'));
    await assert.rejects(evalCsvCommand({ train: join(dir, 'train.csv'), test: join(dir, 'bad.csv'), label: 'anomaly' }, capture()), (e: Error & { exitCode: number }) => {
      assert.equal(e.exitCode, 1);
      assert.match(e.message, /bad\.csv:7: a: not a number: "oops"/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
