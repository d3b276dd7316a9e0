import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { nodeModelFiles } from '../cli/model-files.js';
import { loadOrCreateIdentity } from '../identity/index.js';
import { checkModel, memoryModelFiles, type LoadedModel } from '../model/index.js';
import type { PostureSnapshot, RiskReport } from '../risk/index.js';
import { openStore } from '../store/index.js';
import { TwinNode } from '../twin/index.js';
import { buildApp, type App } from './index.js';
import { RiskMonitor } from './risk-monitor.js';

const water = fileURLToPath(new URL('../../examples/water-treatment/model.yaml', import.meta.url));

interface State { latest: RiskReport | null; history: PostureSnapshot[]; pending: boolean; observedFlows: number }

describe('risk per owner over HTTP (water-treatment example, in-process)', () => {
  let app: App;
  let node: TwinNode;
  let dir: string;
  const inject = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const r = await app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: r.statusCode, text: r.body, json: () => r.json() };
  };
  const state = async () => (await inject('GET', '/api/risk')).json() as State;
  const settle = async () => {
    for (let i = 0; i < 200 && (await state()).pending; i++) await new Promise((r) => setTimeout(r, 25));
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twinward-risk-api-'));
    const { loaded } = await checkModel(water, nodeModelFiles);
    node = await TwinNode.open({ model: loaded!, store: await openStore(undefined, dir), version: 'test' });
    app = await buildApp({ node, identity: loadOrCreateIdentity(dir), version: 'test', startedAt: new Date().toISOString(), risk: { delayMs: 10, assess: { runs: 300 } } });
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await node?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GET /api/risk answers the background assessment of the loaded model', async () => {
    await settle();
    const s = await state();
    assert.equal(s.pending, false);
    assert.equal(s.latest!.runs, 300);
    assert.deepEqual(s.history.map((h) => h.reason), ['model-loaded']);
    assert.deepEqual(new Set(s.latest!.domains.map((d) => d.domain)), new Set(['riverside-water', 'aquaflow-scada']));
    assert.deepEqual(s.history[0]!.domains.map((d) => d.posture), s.latest!.domains.map((d) => d.posture));
  });

  it('records flows-observed when a flow outside the conduits widens reachability', async () => {
    // An office PC talking Modbus straight to the intake PLC: no conduit joins the enterprise and control zones.
    await node.observe([{ kind: 'flow', src: '10.50.10.101', dst: '10.10.10.11', dstPort: 502, protocol: 'modbus-tcp', transport: 'tcp', source: 'test' }]);
    await settle();
    const s = await state();
    assert.deepEqual(s.history.map((h) => h.reason), ['model-loaded', 'flows-observed']);
    assert.equal(s.history[1]!.detail, '1 flow outside the conduits: corp-ws-1 -> plc-intake modbus-tcp/502');
    assert.equal(s.observedFlows, 1);
    // The same flow again is not a change.
    await node.observe([{ kind: 'flow', src: '10.50.10.101', dst: '10.10.10.11', dstPort: 502, protocol: 'modbus-tcp', transport: 'tcp', source: 'test' }]);
    await settle();
    assert.equal((await state()).history.length, 2);
  });

  it('POST /api/risk computes a fresh, seeded report', async () => {
    const a = await inject('POST', '/api/risk', { runs: 200, seed: 3, horizonHours: 168, entries: ['internet'] });
    assert.equal(a.status, 200, a.text);
    const report = a.json() as RiskReport;
    assert.deepEqual([report.runs, report.seed, report.horizonHours, report.entries], [200, 3, 168, ['internet']]);
    assert.ok(report.domains.every((d) => d.posture >= 0 && d.posture <= 100));
    assert.match(report.method, /loss units/);
    const b = await inject('POST', '/api/risk', { runs: 200, seed: 3, horizonHours: 168, entries: ['internet'] });
    assert.deepEqual(b.json(), report);
  });

  it('POST /api/risk refuses bad fields by name', async () => {
    const shape = await inject('POST', '/api/risk', { runs: 0, horizonHours: 'long', extra: 1 });
    assert.equal(shape.status, 400);
    const fields = (shape.json() as { problems: { field: string }[] }).problems.map((p) => p.field);
    assert.ok(fields.includes('body.runs') && fields.includes('body.horizonHours'), fields.join(', '));
    const entry = await inject('POST', '/api/risk', { entries: ['internet', 'domain:nowhere'] });
    assert.equal(entry.status, 400);
    const body = entry.json() as { message: string; problems: { field: string; message: string }[] };
    assert.equal(body.problems[0]!.field, 'body.entries[1]');
    assert.match(body.message, /^body\.entries\[1\]: "domain:nowhere": no such entry point/);
  });

  it('the OpenAPI document describes both routes', async () => {
    const doc = (await inject('GET', '/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    assert.ok(doc.paths['/api/risk']?.get && doc.paths['/api/risk']?.post);
  });
});

describe('risk monitor: model changes and cost', () => {
  it('cuts the runs of a background assessment to its budget, never below 50', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinward-risk-budget-'));
    const { loaded } = await checkModel(water, nodeModelFiles);
    const node = await TwinNode.open({ model: loaded!, store: await openStore(undefined, dir), version: 'test' });
    const monitor = new RiskMonitor(node, { delayMs: 1, budget: 1000 });
    try {
      monitor.start();
      assert.equal(monitor.pending, true);
      await monitor.settled();
      assert.equal(monitor.history.latest!.runs, 50);
    } finally {
      monitor.stop();
      await node.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });


  it('records vulnerability-added when the model in force gains a CVE, with a lower posture', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinward-risk-monitor-'));
    const text = readFileSync(water, 'utf8');
    const { loaded } = await checkModel(water, nodeModelFiles);
    // The billing server (enterprise) gets a remotely exploitable bug: the office is one step from the internet.
    const changed = text.replace(/(  - id: billing-server\n(?:    .*\n)*?    zone: enterprise\n)/, '$1    vulnerabilities: [{ cve: CVE-2024-9999, cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", exploited: true }]\n');
    assert.notEqual(changed, text);
    const next = (await checkModel('model.yaml', memoryModelFiles({ 'model.yaml': changed }))).loaded!;
    const node = await TwinNode.open({ model: loaded!, store: await openStore(undefined, dir), version: 'test' });
    let model: LoadedModel = loaded!;
    const monitor = new RiskMonitor(node, { delayMs: 5, assess: { runs: 300 }, model: () => model });
    try {
      monitor.start();
      await monitor.settled();
      model = next;
      monitor.checkModel();
      assert.equal(monitor.pending, true);
      await monitor.settled();
      const [first, second] = monitor.history.snapshots;
      assert.equal(second!.reason, 'vulnerability-added');
      assert.equal(second!.detail, '1 vulnerability added: CVE-2024-9999 on billing-server');
      const posture = (s: PostureSnapshot) => s.domains.find((d) => d.domain === 'riverside-water')!.posture;
      assert.ok(posture(second!) < posture(first!), `${posture(first!)} -> ${posture(second!)}`);
    } finally {
      monitor.stop();
      await node.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
