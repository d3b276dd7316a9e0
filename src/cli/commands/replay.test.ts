import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../api/index.js';
import { loadOrCreateIdentity } from '../../identity/index.js';
import { checkModel } from '../../model/index.js';
import { openStore } from '../../store/index.js';
import { TwinNode } from '../../twin/index.js';
import { nodeModelFiles } from '../model-files.js';
import { ExitError, type Output } from '../output.js';
import { replayCommand } from './replay.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const model = join(root, 'examples/skab-testbed/model.yaml');
const valve = join(root, '../shared/data/skab/valve1/0.csv');

function capture(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), tty: false };
}

/** A real node for the SKAB testbed on the embedded store, listening on a free port. */
async function serveSkab() {
  const dataDir = mkdtempSync(join(tmpdir(), 'twinward-replay-'));
  const { loaded } = await checkModel(model, nodeModelFiles);
  const node = await TwinNode.open({ model: loaded!, store: await openStore(undefined, dataDir), version: 'test' });
  const app = await buildApp({ node, identity: loadOrCreateIdentity(dataDir), version: 'test', startedAt: new Date().toISOString() }, {});
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    node,
    url,
    async close() {
      await app.close();
      await node.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

test('replays a SKAB file into a running node through POST /api/readings', async () => {
  const served = await serveSkab();
  try {
    const io = capture();
    const code = await replayCommand({ model, data: valve, format: 'skab', speed: 'max', api: served.url, batch: 4000 }, io);
    assert.equal(code, 0, io.stderr.join('\n'));
    assert.deepEqual(io.stderr, []);
    assert.match(io.stdout[0]!, /^replayed 1147 rows \(9176 readings\) from .*valve1\/0\.csv in [\d.]+ s at full speed$/);
    assert.deepEqual(io.stdout.slice(1, 3), ['  0 bad cells, 0 rows skipped, 0 columns not in the model', '  ground truth: 401 anomalous rows, 4 changepoints']);
    // 9176 readings in batches of at most 4000 readings: 3 requests; the node kept every reading.
    assert.match(io.stdout[3]!, /^ {2}node: 3 requests, \d+ events recorded, 0 readings rejected, last seq \d+$/);
    const state = served.node.twin.state;
    assert.equal(state.counters.readings, 9176);
    assert.deepEqual(state.tags['volume-flow-rate-rms'], { value: 32.0015, time: '2020-03-09T10:34:32.000Z', quality: 'good', source: state.tags['volume-flow-rate-rms']!.source });
    assert.equal(state.tags.pressure!.value, 0.710565);
  } finally {
    await served.close();
  }
});

test('problems in the file are positioned; a bad header or model exits 1; a bad option exits 2', async () => {
  const io = capture();
  const bad = fileURLToPath(new URL('../../sync/replay/testdata/bad-cells.csv', import.meta.url));
  assert.equal(await replayCommand({ model, data: bad, speed: 0, api: 'http://127.0.0.1:1', dryRun: true }, io), 0);
  assert.deepEqual(io.stderr, [
    `replay:${bad}#level: column "level" maps to tag "level", which the model does not have; not replayed`,
    `${bad}:3: pressure: not a number: "NaN"`,
    `${bad}:5: time: not a time: "2026-01-31 25:00:03" (expected ISO 8601, YYYY-MM-DD HH:MM:SS or epoch seconds/ms)`,
    `${bad}:6: expected 3 fields, found 2`,
    `${bad}:8: time: time goes back: 2026-01-31T12:00:03.000Z is before 2026-01-31T12:00:05.000Z (line 7)`,
    `${bad}:9: time: no time`,
  ]);
  assert.match(io.stdout.join('\n'), /replayed 5 rows \(5 readings\)/);
  assert.match(io.stdout.join('\n'), /dry run: nothing sent/);

  const io2 = capture();
  assert.equal(await replayCommand({ model, data: valve, format: 'generic', timeColumn: 'when', api: 'http://127.0.0.1:1' }, io2), 1);
  assert.deepEqual(io2.stderr, [`${valve}:1: no time column (looked for when); name it with the time-column option`]);

  const io3 = capture();
  assert.equal(await replayCommand({ model: join(root, 'no/such/model.yaml'), data: valve, api: 'http://127.0.0.1:1' }, io3), 1);
  await assert.rejects(replayCommand({ model, data: valve, speed: 'fast', api: 'x' }, capture()), (e: ExitError) => e.exitCode === 2 && /--speed/.test(e.message));
  await assert.rejects(replayCommand({ model, data: valve, map: ['nope'], api: 'x' }, capture()), (e: ExitError) => e.exitCode === 2 && /--map: expected column=tag/.test(e.message));
});

test('a node that cannot be reached is one clear error', async () => {
  await assert.rejects(
    replayCommand({ model, data: valve, format: 'skab', speed: 0, api: 'http://127.0.0.1:1' }, capture()),
    (e: ExitError) => e instanceof ExitError && e.message.startsWith('cannot reach a Twinward node at http://127.0.0.1:1'),
  );
});
