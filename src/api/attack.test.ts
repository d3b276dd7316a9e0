import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { nodeModelFiles } from '../cli/model-files.js';
import { loadTechniques } from '../cli/techniques.js';
import { loadOrCreateIdentity } from '../identity/index.js';
import { checkModel } from '../model/index.js';
import { openStore } from '../store/index.js';
import { TwinNode } from '../twin/index.js';
import { buildApp, type App } from './index.js';

const water = fileURLToPath(new URL('../../examples/water-treatment/model.yaml', import.meta.url));

interface Step { step: string; technique?: string; from?: string; to: string }
interface Path { entry: string; steps: Step[]; assets: string[]; probability: number; hours: number }
interface Report {
  model: string;
  entries: string[];
  goals: { goal: string; reachable: boolean; mostLikely: Path[]; cheapest: Path[] }[];
  chokePoints: { fact: string; cuts: string[] }[];
  hardening?: { changes: { kind: string; target: string; cost: number }[]; cost: number; optimal: boolean };
  techniques: Record<string, string>;
}

describe('attack analysis over HTTP (water-treatment example, in-process)', () => {
  let app: App;
  let node: TwinNode;
  let dir: string;
  const inject = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const r = await app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: r.statusCode, type: String(r.headers['content-type']), text: r.body, json: () => r.json() };
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twinward-attack-api-'));
    const { loaded } = await checkModel(water, nodeModelFiles);
    node = await TwinNode.open({ model: loaded!, store: await openStore(undefined, dir), version: 'test' });
    app = await buildApp({ node, identity: loadOrCreateIdentity(dir), version: 'test', startedAt: new Date().toISOString(), techniques: loadTechniques() });
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await node?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('POST /api/attack/paths answers the PathsReport of the loaded model, with technique names', async () => {
    const r = await inject('POST', '/api/attack/paths', { goals: ['unit:chlorine-dosing', 'unit:raw-water-main'], k: 2 });
    assert.equal(r.status, 200, r.text);
    const report = r.json() as Report;
    assert.equal(report.model, node.twin.model.model.name);
    assert.ok(report.entries.includes('domain:aquaflow-scada'), 'default entries include the other owner');
    const [chlorine, main] = report.goals;
    assert.equal(chlorine!.goal, 'unit:chlorine-dosing');
    assert.equal(chlorine!.reachable, true);
    assert.equal(chlorine!.mostLikely.length, 2);
    const best = chlorine!.mostLikely[0]!;
    assert.equal(best.entry, 'domain:aquaflow-scada');
    assert.deepEqual(best.assets, ['ews', 'plc-treatment']);
    assert.equal(report.techniques.T0822, 'External Remote Services');
    assert.ok(best.steps.every((s) => !s.technique || report.techniques[s.technique]), 'every technique on the paths is named');
    assert.deepEqual(main, { goal: 'unit:raw-water-main', facts: ['manipulates(raw-water-main)'], reachable: false, mostLikely: [], cheapest: [] });
    assert.ok(report.hardening && report.hardening.changes.length > 0 && report.hardening.cost > 0);
  });

  it('takes entries, k and harden: false; an empty body means the defaults', async () => {
    const r = await inject('POST', '/api/attack/paths', { entries: ['internet'], goals: ['data:pii'], k: 1, harden: false });
    assert.equal(r.status, 200, r.text);
    const report = r.json() as Report;
    assert.deepEqual(report.entries, ['internet']);
    assert.equal(report.goals[0]!.mostLikely[0]!.entry, 'internet');
    assert.equal(report.hardening, undefined);
    const all = await inject('POST', '/api/attack/paths', {});
    assert.equal(all.status, 200, all.text);
    assert.ok((all.json() as Report).goals.length > 10, 'every unit, critical service and personal data');
  });

  it('refuses an unknown goal or entry with 400 naming the field, and a bad k by the schema', async () => {
    const goal = await inject('POST', '/api/attack/paths', { goals: ['unit:chlorine-dosing', 'unit:nope'] });
    assert.equal(goal.status, 400);
    const body = goal.json();
    assert.equal(body.error, 'bad-request');
    assert.match(body.message, /^body\.goals\[1\] "unit:nope": no such goal in this model/);
    assert.deepEqual(body.problems.map((p: { field: string }) => p.field), ['body.goals[1]']);
    assert.match(body.problems[0].message, /^"unit:nope": no such goal/);
    const entry = await inject('POST', '/api/attack/paths', { entries: ['moon'] });
    assert.equal(entry.status, 400);
    assert.match(entry.json().message, /^body\.entries\[0\] "moon": no such entry point in this model \(one of internet, /);
    const k = await inject('POST', '/api/attack/paths', { k: 0 });
    assert.equal(k.status, 400);
    assert.equal(k.json().problems[0].field, 'body.k');
    const extra = await inject('POST', '/api/attack/paths', { goal: ['unit:river'] });
    assert.equal(extra.status, 400, 'an unknown field is refused, not ignored');
  });

  it('GET /api/attack/graph: JSON with holds, the reachable part only, or Graphviz DOT', async () => {
    const full = await inject('GET', '/api/attack/graph');
    assert.equal(full.status, 200, full.text);
    const g = full.json() as { nodes: { id: number; label: string; kind: string; holds: boolean }[]; edges: [number, number][] };
    assert.ok(g.nodes.some((n) => n.kind === 'entry' && n.label === 'internet' && n.holds));
    assert.ok(g.nodes.some((n) => !n.holds), 'the whole graph, not only what holds');
    const reach = (await inject('GET', '/api/attack/graph?reachableOnly=true')).json() as typeof g;
    assert.ok(reach.nodes.length > 0 && reach.nodes.length < g.nodes.length);
    assert.ok(reach.nodes.every((n) => n.holds));
    const ids = new Set(reach.nodes.map((n) => n.id));
    assert.ok(reach.edges.every(([a, b]) => ids.has(a) && ids.has(b)));
    const dot = await inject('GET', '/api/attack/graph?format=dot&reachableOnly=true&entries=internet');
    assert.equal(dot.status, 200);
    assert.match(dot.type, /^text\/vnd\.graphviz/);
    assert.ok(dot.text.startsWith('digraph attack {'), dot.text.slice(0, 40));
    const bad = await inject('GET', '/api/attack/graph?entries=internet,moon');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json().problems.map((p: { field: string }) => p.field), ['query.entries[1]']);
    assert.equal((await inject('GET', '/api/attack/graph?format=svg')).status, 400);
  });

  it('GET /api/attack/assets: the asset-level view, all of it or what the entries reach', async () => {
    const all = (await inject('GET', '/api/attack/assets')).json() as { items: { from: string; to: string; steps: { step: string; technique?: string }[] }[]; total: number };
    assert.equal(all.total, all.items.length);
    const vendor = all.items.find((e) => e.from === 'vendor-laptop' && e.to === 'ews');
    assert.ok(vendor, 'the vendor laptop can reach the engineering workstation');
    assert.ok(vendor.steps.some((s) => s.technique === 'T0822'));
    const internet = (await inject('GET', '/api/attack/assets?reachableOnly=true&entries=internet')).json() as typeof all;
    assert.ok(internet.total > 0 && internet.total < all.total);
  });
});
