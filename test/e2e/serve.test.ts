import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli, startCli, stopCli } from '../helpers/cli.js';
import { storeFixtures } from '../helpers/stores.js';

const MODEL = 'examples/water-treatment/model.yaml';
const json = async (url: string, init?: RequestInit) => {
  const r = await fetch(url, init);
  return { status: r.status, body: (await r.json()) as Record<string, any> };
};
const push = (url: string, readings: unknown[]) =>
  json(`${url}/api/readings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ readings }) });

for (const make of storeFixtures()) {
  const fx = make();
  describe(`twinward serve on the ${fx.name} store`, () => {
    after(() => fx.cleanup());
    const args = ['serve', '--model', MODEL, '--port', '0', '--data', fx.dataDir, ...(fx.url ? ['--store', fx.url] : [])];

    it('serves the model, keeps a private key file, and survives kill -9 without losing acknowledged events', async () => {
      const first = await startCli(args);
      const node = await json(`${first.url}/api/node`);
      assert.equal(node.body.domain, 'riverside-water');
      const tags = (await json(`${first.url}/api/tags`)).body.items as { id: string; range: { min: number; max: number } }[];
      const readings = tags.slice(0, 5).map((t, i) => ({ tag: t.id, value: t.range.min + (t.range.max - t.range.min) * (0.1 + i / 10) }));
      const acked = await push(first.url, readings);
      assert.equal(acked.status, 200);
      assert.deepEqual(acked.body.rejected, []);
      const events = (await json(`${first.url}/api/events?after=0&limit=1000`)).body.items;
      assert.equal(await stopCli(first, 'SIGKILL'), null);

      const keyFile = join(fx.dataDir, 'node-key.pem');
      assert.equal(statSync(keyFile).mode & 0o777, 0o600);
      const secret = readFileSync(keyFile, 'utf8').split('\n')[1]!;
      assert.equal(first.output().includes(secret), false, 'the private key is never printed');

      const second = await startCli(args);
      const replayed = (await json(`${second.url}/api/events?after=0&limit=1000`)).body.items;
      assert.deepEqual(replayed.slice(0, events.length), events, 'every acknowledged event is still there, unchanged');
      // Detection appends its alerts after the readings commit, so some may land between the read above and the kill.
      const after = replayed.slice(events.length).map((e: { type: string }) => e.type);
      const restart = after.indexOf('node.started');
      assert.ok(restart >= 0, 'the restart is recorded');
      assert.deepEqual(after.slice(0, restart).filter((t: string) => t !== 'alert.raised' && t !== 'incident.opened'), [], 'only detection output precedes the restart');
      assert.equal(after.includes('model.loaded'), false, 'the unchanged model is not recorded again');
      for (const r of readings) {
        const tag = (await json(`${second.url}/api/tags/${r.tag}`)).body;
        assert.equal(tag.current.value, r.value, `${r.tag} is restored`);
      }
      assert.equal((await json(`${second.url}/api/node`)).body.identity.publicKey, node.body.identity.publicKey, 'same identity after restart');
      assert.equal(await stopCli(second), 0, 'SIGTERM stops cleanly');
    });
  });
}

describe('twinward serve with field connectors', () => {
  it('follows Zeek logs and subscribes to Mosquitto, and shows the drift they reveal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-field-'));
    const node = await startCli(['serve', '--model', MODEL, '--port', '0', '--data', dir, '--mqtt', 'mqtt://127.0.0.1:1883', '--mqtt-client-id', `tw-e2e-${process.pid}`,
      '--flows', 'src/sync/flows/testdata/conn.log', '--flows', 'src/sync/flows/testdata/modbus.log']);
    try {
      let kinds: string[] = [];
      for (let i = 0; i < 50 && !kinds.includes('unexpected-function'); i++) {
        await new Promise((r) => setTimeout(r, 200));
        kinds = ((await json(`${node.url}/api/events?type=drift.detected&limit=100`)).body.items as { data: { kind: string } }[]).map((e) => e.data.kind);
      }
      assert.ok(kinds.includes('flow-not-allowed'), 'the RDP flow from the corporate network into the control zone');
      assert.ok(kinds.includes('unexpected-function'), 'the Modbus function 90 (UMAS) from the engineering workstation');
      const connectors = (await json(`${node.url}/api/connectors`)).body.items as { name: string; state: string }[];
      assert.deepEqual(connectors.map((c) => c.name).sort(), ['flows:src/sync/flows/testdata/conn.log', 'flows:src/sync/flows/testdata/modbus.log', 'mqtt:127.0.0.1:1883']);
      assert.equal(connectors.find((c) => c.name.startsWith('mqtt'))?.state, 'connected');
    } finally {
      await stopCli(node);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a malformed --modbus target', () => {
    const r = runCli(['serve', '--model', MODEL, '--port', '0', '--data', mkdtempSync(join(tmpdir(), 'tw-')), '--modbus', 'plc-intake:502']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--modbus expects asset=host:port, got "plc-intake:502"/);
  });
});

describe('twinward serve refuses to start when', () => {
  it('(CLI clients) no node answers at --api', () => {
    const r = runCli(['tags', '--api', 'http://127.0.0.1:1']);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /cannot reach a Twinward node at http:\/\/127\.0\.0\.1:1/);
  });

  it('the model is invalid: every problem, exit 1', async () => {
    const r = runCli(['serve', '--model', 'test/e2e/fixtures/bad-model.yaml', '--port', '0', '--data', mkdtempSync(join(tmpdir(), 'tw-'))]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('test/e2e/fixtures/bad-model.yaml:')).length, 6);
    assert.match(r.stderr, /6 problems; fix the model and start again/);
  });

  it('the port is taken: a clear message, exit 3', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'tw-'));
    const r = runCli(['serve', '--model', MODEL, '--port', String(port), '--data', dir]);
    blocker.close();
    rmSync(dir, { recursive: true, force: true });
    assert.equal(r.code, 3);
    assert.match(r.stderr, new RegExp(`port ${port} on 127.0.0.1 is already in use; choose another with --port`));
  });

  it('the store URL is wrong', () => {
    const r = runCli(['serve', '--model', MODEL, '--store', 'mysql://root:hunter2@localhost/x', '--data', mkdtempSync(join(tmpdir(), 'tw-'))]);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /unknown store/);
    assert.equal(r.stderr.includes('hunter2'), false, 'credentials are not echoed');
  });

  it('--port is not a port', () => {
    const r = runCli(['serve', '--model', MODEL, '--port', 'eighty']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--port expects a whole number from 0 to 65535, got "eighty"/);
  });
});

describe('twinward demo', () => {
  it('runs the water-treatment plant simulator, synchronized over MQTT, Modbus and OPC UA, and reports a scenario attack as drift', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-demo-'));
    const ports = ['--mqtt-port', '0', '--modbus-port', String(25000 + (process.pid % 2000) * 3), '--opcua-port', String(30000 + (process.pid % 2000) * 3)];
    const demo = await startCli(['demo', '--port', '0', '--data', dir, '--speed', '30', '--scenario', 'examples/scenarios/raw-tank-overflow.yaml', ...ports]);
    try {
      assert.match(demo.output(), /MQTT\s+mqtt:\/\/127\.0\.0\.1:\d+ \(embedded broker; JSON and Sparkplug B\)/);
      assert.match(demo.output(), /scenario\s+Raw-water tank overflow/);
      const sources = new Set<string>();
      let drift: { data: { kind: string; message: string } }[] = [];
      for (let i = 0; i < 150 && (sources.size < 3 || drift.length === 0); i++) {
        await new Promise((r) => setTimeout(r, 200));
        const tags = (await json(`${demo.url}/api/tags`)).body.items as { current: { source: string } | null }[];
        for (const t of tags) if (t.current) sources.add(t.current.source.split(':')[0]!);
        drift = (await json(`${demo.url}/api/events?type=drift.detected&limit=100`)).body.items;
      }
      assert.deepEqual([...sources].filter((s) => ['mqtt', 'modbus', 'opcua'].includes(s)).sort(), ['modbus', 'mqtt', 'opcua'], 'readings arrive over all three protocols');
      const writes = drift.filter((d) => d.data.kind === 'unauthorized-write');
      assert.ok(writes.length > 0, `the scenario's unauthorized writes show up as drift; got ${JSON.stringify(drift.map((d) => d.data.kind))}`);
      let alerts: { data: { techniques: { id: string }[]; severity: string } }[] = [];
      for (let i = 0; i < 50 && alerts.length === 0; i++) {
        alerts = (await json(`${demo.url}/api/events?type=alert.raised&limit=100`)).body.items;
        if (alerts.length === 0) await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(alerts.some((a) => a.data.techniques.some((t) => t.id === 'T0855')), 'an alert names T0855 Unauthorized Command Message');
      const connectors = (await json(`${demo.url}/api/connectors`)).body.items as { name: string; state: string }[];
      assert.deepEqual(connectors.map((c) => c.state), connectors.map(() => 'connected'));
      assert.equal(connectors.length, 3);

      const tags = runCli(['tags', '--api', demo.url]);
      assert.equal(tags.code, 0, tags.stderr);
      assert.match(tags.stdout, /^tag\s+asset\s+value\s+quality\s+updated\n/);
      assert.match(tags.stdout, /\nraw-tank-level\s+plc-intake\s+[\d.]+ m\s+good\s+\d+s ago\n/);
      const events = runCli(['events', '--api', demo.url, '--type', 'node.started', '-n', '5']);
      assert.equal(events.code, 0, events.stderr);
      assert.match(events.stdout, /^\s+2  \S+  node\.started\s+-\s+domain riverside-water, model [0-9a-f]{12}, version \d/);
      const bad = runCli(['events', '--api', demo.url, '--type', 'nonsense']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /query\.type\[0\]: unexpected value "nonsense"/);
      const index = await fetch(`${demo.url}/`);
      assert.equal(index.status, 200);
      assert.match(await index.text(), /<div id="root">/);
    } finally {
      await stopCli(demo);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
