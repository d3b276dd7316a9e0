import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { nodeModelFiles } from '../cli/model-files.js';
import { ManualClock } from '../common/clock.js';
import { loadOrCreateIdentity } from '../identity/index.js';
import { checkModel } from '../model/index.js';
import type { PostureSnapshot, RiskReport } from '../risk/index.js';
import { openStore } from '../store/index.js';
import { TwinNode } from '../twin/index.js';
import { buildApp, type App } from './index.js';
import { RiskMonitor } from './risk-monitor.js';
import { MAX_API_RUNS } from './schemas.js';

const water = fileURLToPath(new URL('../../examples/water-treatment/model.yaml', import.meta.url));

interface State { latest: RiskReport | null; history: PostureSnapshot[]; pending: boolean; observedFlows: number }

describe('risk per owner over HTTP (water-treatment example, in-process)', () => {
  let app: App;
  let node: TwinNode;
  let dir: string;
  /** The node's clock: the monitor stamps its changes with it. */
  const clock = new ManualClock('2030-05-01T12:00:00Z');
  /** What the app's logger wrote: the monitor logs there. */
  const logged: { msg: string; reason?: string }[] = [];
  const reassessed = () => logged.filter((l) => l.msg === 'risk reassessed').map((l) => l.reason);
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
    node = await TwinNode.open({ model: loaded!, store: await openStore(undefined, dir), version: 'test', clock });
    const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line) as (typeof logged)[number]) });
    app = await buildApp({ node, identity: loadOrCreateIdentity(dir), version: 'test', startedAt: new Date().toISOString(), risk: { delayMs: 10, assess: { runs: 300 } } }, { logger });
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
    assert.equal(s.history[0]!.time, '2030-05-01T12:00:00.000Z', "stamped by the node's clock");
    assert.deepEqual(reassessed(), ['model-loaded'], "logged by the app's logger");
  });

  it('records flows-observed when a flow outside the conduits widens reachability', async () => {
    // An office PC talking Modbus straight to the intake PLC: no conduit joins the enterprise and control zones.
    await node.observe([{ kind: 'flow', src: '10.50.10.101', dst: '10.10.10.11', dstPort: 502, protocol: 'modbus-tcp', transport: 'tcp', source: 'test' }]);
    await settle();
    const s = await state();
    assert.deepEqual(s.history.map((h) => h.reason), ['model-loaded', 'flows-observed']);
    assert.equal(s.history[1]!.detail, '1 flow outside the conduits: corp-ws-1 -> plc-intake modbus-tcp/502');
    assert.equal(s.observedFlows, 1);
    const posture = (i: number) => s.history[i]!.domains.find((d) => d.domain === 'riverside-water')!.posture;
    assert.ok(posture(1) < posture(0), `the office PC one hop from a PLC lowers the utility's posture: ${posture(0)} -> ${posture(1)}`);
    // The same flow again is not a change.
    await node.observe([{ kind: 'flow', src: '10.50.10.101', dst: '10.10.10.11', dstPort: 502, protocol: 'modbus-tcp', transport: 'tcp', source: 'test' }]);
    await settle();
    assert.equal((await state()).history.length, 2);
  });

  it('takes a flow differing only by port (a port scan) as the flow already seen: no reassessment, no snapshot', async () => {
    const before = reassessed().length;
    const scan = [503, 1502, 5020].map((dstPort) => ({ kind: 'flow' as const, src: '10.50.10.101', dst: '10.10.10.11', dstPort, protocol: 'modbus-tcp', transport: 'tcp' as const, source: 'test' }));
    await node.observe(scan.slice(0, 1));
    assert.equal((await state()).pending, false, 'nothing scheduled');
    await node.observe(scan.slice(1));
    assert.equal((await state()).pending, false, 'nothing scheduled');
    await settle();
    const s = await state();
    assert.equal(s.history.length, 2);
    assert.equal(s.observedFlows, 1, 'one flow per from, to and protocol');
    assert.equal(reassessed().length, before);
    const flows = (await inject('GET', '/api/events?type=observation.flow&limit=100')).json() as { items: { data: { dstPort: number; allowed: boolean } }[] };
    assert.deepEqual(flows.items.map((e) => e.data.dstPort).sort((a, b) => a - b), [502, 502, 503, 1502, 5020], 'each reached the event log as a flow outside the conduits');
    assert.ok(flows.items.every((e) => !e.data.allowed));
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
    // Runs capped like the other Monte Carlo routes; seeds within the 32 bits the generator keeps.
    for (const [body, field] of [[{ runs: MAX_API_RUNS + 1 }, 'body.runs'], [{ seed: -1 }, 'body.seed'], [{ seed: 2 ** 32 }, 'body.seed'], [{ seed: 1.5 }, 'body.seed']] as const) {
      const r = await inject('POST', '/api/risk', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.deepEqual((r.json() as { problems: { field: string }[] }).problems.map((p) => p.field), [field]);
    }
    const top = await inject('POST', '/api/risk', { runs: 50, seed: 2 ** 32 - 1, entries: ['internet'] });
    assert.equal(top.status, 200, top.text);
    assert.equal((top.json() as RiskReport).seed, 2 ** 32 - 1);
    const entry = await inject('POST', '/api/risk', { entries: ['internet', 'domain:nowhere'] });
    assert.equal(entry.status, 400);
    const body = entry.json() as { message: string; problems: { field: string; message: string }[] };
    assert.equal(body.problems[0]!.field, 'body.entries[1]');
    assert.match(body.message, /^body\.entries\[1\]: "domain:nowhere": no such entry point/);
  });

  it('the OpenAPI document describes both routes', async () => {
    const doc = (await inject('GET', '/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { properties: Record<string, { maximum?: number; minimum?: number; enum?: string[] }> }> } };
    assert.ok(doc.paths['/api/risk']?.get && doc.paths['/api/risk']?.post);
    // One cap and one seed range for every Monte Carlo request.
    const { RiskRequest, WhatIfRequest, SimulateRequest, PostureSnapshot } = doc.components.schemas;
    assert.equal(RiskRequest!.properties.runs!.maximum, MAX_API_RUNS);
    assert.equal(WhatIfRequest!.properties.runs!.maximum, MAX_API_RUNS);
    for (const body of [RiskRequest!, WhatIfRequest!, SimulateRequest!]) assert.deepEqual([body.properties.seed!.minimum, body.properties.seed!.maximum], [0, 0xffffffff]);
    assert.deepEqual(PostureSnapshot!.properties.reason!.enum, ['model-loaded', 'flows-observed']);
  });
});

describe('risk over HTTP with the background assessment off', () => {
  it('GET /api/risk answers 503 like the other absent services; POST /api/risk still assesses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinward-risk-off-'));
    const { loaded } = await checkModel(water, nodeModelFiles);
    const node = await TwinNode.open({ model: loaded!, store: await openStore(undefined, dir), version: 'test' });
    const app = await buildApp({ node, identity: loadOrCreateIdentity(dir), version: 'test', startedAt: new Date().toISOString(), risk: false });
    try {
      await app.ready();
      const get = await app.inject({ method: 'GET', url: '/api/risk' });
      assert.equal(get.statusCode, 503, get.body);
      assert.deepEqual(get.json(), { error: 'unavailable', message: 'this node runs no background risk assessment; POST /api/risk computes one' });
      const post = await app.inject({ method: 'POST', url: '/api/risk', payload: { runs: 50 } });
      assert.equal(post.statusCode, 200, post.body);
    } finally {
      await app.close();
      await node.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('risk monitor: cost', () => {
  it('cuts the runs of a background assessment to its budget, never below 50', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinward-risk-budget-'));
    const { loaded } = await checkModel(water, nodeModelFiles);
    const node = await TwinNode.open({ model: loaded!, store: await openStore(undefined, dir), version: 'test' });
    const monitor = new RiskMonitor(node, { delayMs: 1, budget: 1000 });
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    // The monitor's timer does not hold the process (unref'd, like the ledger's): the test holds it while it waits.
    const keepAlive = setInterval(() => undefined, 1000);
    try {
      const held = timers();
      monitor.start();
      assert.equal(monitor.pending, true);
      assert.equal(timers(), held, 'the pending assessment does not keep the process alive');
      await monitor.settled();
      assert.equal(monitor.history.latest!.runs, 50);
    } finally {
      clearInterval(keepAlive);
      monitor.stop();
      await node.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

});
