import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli, startCli, stopCli } from '../helpers/cli.js';

const MODEL = 'examples/water-treatment/model.yaml';
const NOT_FEATURES = 'label,class,injections,target';

describe('twinward train and detectors: the model lifecycle, end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tw-train-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const normal = join(dir, 'normal.csv');
  const attack = join(dir, 'attack.csv');
  const dataDir = join(dir, 'node');

  it('trains from a CSV, keeps the active version on retraining, activates on request', () => {
    assert.equal(runCli(['simulate-plant', '-m', MODEL, '-d', '3600', '--seed', '3', '--csv', normal]).code, 0);
    const csvDir = join(dir, 'csv-node');
    const first = runCli(['train', '-m', MODEL, '--data', normal, '--data-dir', csvDir]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /chlorination: trained pca \+ regression \+ autoencoder on 720 rows \(4 tags, every 5 s/);
    assert.match(first.stdout, /saved as v1, active/);
    const again = runCli(['train', '-m', MODEL, '--data', normal, '--data-dir', csvDir, '--group', 'chlorination']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /saved as v2; v1 stays active \(run: twinward detectors activate chlorination 2/);
    const list = JSON.parse(runCli(['detectors', 'list', '--data-dir', csvDir, '--json']).stdout) as { group: string; version: number; active: boolean }[];
    assert.deepEqual(list.filter((b) => b.group === 'chlorination').map((b) => [b.version, b.active]), [[1, true], [2, false]]);
    assert.equal(runCli(['detectors', 'activate', 'chlorination', 'v2', '--data-dir', csvDir]).code, 0);
    const after2 = JSON.parse(runCli(['detectors', '--data-dir', csvDir, '--json']).stdout) as { group: string; version: number; active: boolean }[];
    assert.deepEqual(after2.filter((b) => b.group === 'chlorination').map((b) => [b.version, b.active]), [[1, false], [2, true]]);
  });

  it('refuses bad training data with where and what', () => {
    const short = join(dir, 'short.csv');
    writeFileSync(short, readFileSync(normal, 'utf8').split('\n').slice(0, 61).join('\n'));
    const r = runCli(['train', '-m', MODEL, '--data', short, '--data-dir', join(dir, 'x'), '--group', 'intake']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /group "intake" from .*short\.csv: \d+ usable rows .*at least 120 needed/);
    const missing = join(dir, 'missing.csv');
    writeFileSync(missing, 'time,raw-tank-level\n2026-01-01T00:00:00Z,3\n');
    const m = runCli(['train', '-m', MODEL, '--data', missing, '--data-dir', join(dir, 'x'), '--group', 'intake']);
    assert.equal(m.code, 1);
    assert.match(m.stderr, /missing\.csv:1.*missing columns intake-flow, intake-discharge-pressure/);
    const unknown = runCli(['train', '-m', MODEL, '--data', normal, '--data-dir', join(dir, 'x'), '--group', 'nope']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no detection group "nope"; it has: intake, chlorination, distribution/);
  });

  it("trains from a running node's own store, and the restarted node alerts on a spoofed sensor with the trained ensemble", async () => {
    const args = ['serve', '--model', MODEL, '--port', '0', '--data', dataDir];
    const first = await startCli(args);
    try {
      const replay = runCli(['replay', '-m', MODEL, '--data', normal, '--speed', 'max', '--api', first.url, '--exclude', NOT_FEATURES]);
      assert.equal(replay.code, 0, replay.stderr);
      // The node keeps running (and holds its store) while training reads beside it.
      const train = runCli(['train', '-m', MODEL, '--data', 'store', '--data-dir', dataDir]);
      assert.equal(train.code, 0, train.stderr);
      assert.match(train.stdout, /intake: trained pca \+ regression on 3\d{3} rows .* from store:embedded/);

      // The API: saved but not running until activated; training from the API does not replace the running version.
      const get = async () => ((await (await fetch(`${first.url}/api/detectors`)).json()) as { groups: { id: string; running: { version: number; members: { name: string; fit: Record<string, number> }[] } | null; problem: string | null; versions: { version: number; active: boolean }[] }[] }).groups;
      const post = (path: string, body: unknown) => fetch(`${first.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      let chl = (await get()).find((g) => g.id === 'chlorination')!;
      assert.equal(chl.running, null);
      assert.match(chl.problem!, /not trained yet/);
      assert.deepEqual(chl.versions.map((v) => [v.version, v.active]), [[1, true]]);
      assert.equal((await post('/api/detectors/chlorination/activate', { version: 1 })).status, 200);
      chl = (await get()).find((g) => g.id === 'chlorination')!;
      assert.equal(chl.running?.version, 1);
      assert.ok(chl.running!.members.find((m) => m.name === 'pca')!.fit.t2Limit! > 0);
      const trained = await post('/api/detectors/chlorination/train', {});
      assert.equal(trained.status, 200);
      assert.deepEqual(await trained.json(), { group: 'chlorination', version: 2, activated: false, rows: 720 });
      assert.equal((await get()).find((g) => g.id === 'chlorination')!.running?.version, 1, 'v2 saved, v1 still runs');
      const missing = await post('/api/detectors/nope/train', {});
      assert.equal(missing.status, 404);
      assert.match(((await missing.json()) as { message: string }).message, /no detection group "nope"/);
      const bad = await post('/api/detectors/chlorination/activate', { version: 'two' });
      assert.equal(bad.status, 400);
      assert.equal((await post('/api/detectors/chlorination/activate', { version: 9 })).status, 404);
    } finally {
      await stopCli(first);
    }
    assert.equal(runCli(['simulate-plant', '-m', MODEL, '-s', 'examples/scenarios/chlorine-sensor-spoofing.yaml', '-d', '1200', '--csv', attack]).code, 0);
    const second = await startCli(args);
    try {
      assert.match(second.output(), /"group":"chlorination","version":1,"msg":"detection group loaded"/);
      assert.equal(runCli(['replay', '-m', MODEL, '--data', attack, '--speed', 'max', '--api', second.url, '--exclude', NOT_FEATURES]).code, 0);
      const r = await fetch(`${second.url}/api/events?type=alert.raised&limit=500`);
      const alerts = ((await r.json()) as { items: { time: string; data: { detectors: string[]; tags: string[]; evidence: Record<string, any> } }[] }).items;
      const ensemble = alerts.filter((a) => a.data.detectors[0] === 'ensemble:chlorination');
      assert.equal(ensemble.length, 1, JSON.stringify(alerts.map((a) => [a.time, a.data.detectors])));
      const a = ensemble[0]!;
      assert.equal(a.data.tags[0], 'chlorine-residual');
      assert.ok(Date.parse(a.time) - Date.parse('2025-01-01T00:15:00Z') <= 60_000, `alerted at ${a.time}, the spoofing starts at 00:15:00`);
      assert.ok(a.data.evidence.expected['chlorine-residual'] > 0.6, 'the imputed residual is near the true ~1 mg/L, not the spoofed value');
      const early = alerts.filter((x) => Date.parse(x.time) < Date.parse('2025-01-01T00:15:00Z'));
      assert.deepEqual(early.map((x) => x.data.detectors), [], 'no alert before the attack');
    } finally {
      await stopCli(second);
    }
  });
});
