import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { nodeModelFiles } from '../cli/model-files.js';
import { loadOrCreateIdentity } from '../identity/index.js';
import { checkModel } from '../model/index.js';
import { openStore } from '../store/index.js';
import { TwinNode } from '../twin/index.js';
import { buildApp, type App } from './index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const water = join(root, 'examples/water-treatment/model.yaml');

interface Report {
  name: string;
  changes: { summary: string; owner?: string }[];
  summary: { goals: number; before: number; after: number };
  goals: { goal: string; change: string; before: { reachable: boolean; probability?: number }; after: { reachable: boolean; probability?: number }; gone: { steps: string[] }[] }[];
  owners: { domain: string; goals: { before: number; after: number }; risk?: { expectedLoss: { before: number; after: number } } }[];
  hardening: { before?: { changes: { kind: string; target: string }[] }; after?: { changes: unknown[] } };
}

describe('POST /api/attack/whatif (water-treatment example, in-process)', () => {
  let app: App;
  let node: TwinNode;
  let dir: string;
  const post = async (payload: unknown) => {
    const r = await app.inject({ method: 'POST', url: '/api/attack/whatif', payload: payload as object });
    return { status: r.statusCode, text: r.body, json: () => r.json() };
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twinward-whatif-api-'));
    const { loaded } = await checkModel(water, nodeModelFiles);
    node = await TwinNode.open({ model: loaded!, store: await openStore(undefined, dir), version: 'test' });
    app = await buildApp({ node, identity: loadOrCreateIdentity(dir), version: 'test', startedAt: new Date().toISOString(), risk: false });
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await node?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the WhatIfReport of a change set object, and leaves the node\'s model as it was', async () => {
    const model = node.twin.model.model;
    const copy = structuredClone(model);
    const r = await post({ changeSet: { whatif: 1, name: 'vendor MFA', changes: [{ addMfa: { account: 'aquaflow-support' } }, { removeTrust: 'aquaflow-remote-access' }] }, goals: ['unit:river'], risk: true, runs: 200 });
    assert.equal(r.status, 200, r.text);
    const report = r.json() as Report;
    assert.equal(report.name, 'vendor MFA');
    assert.deepEqual(report.changes.map((c) => c.owner), ['aquaflow-scada', 'aquaflow-scada']);
    const river = report.goals[0]!;
    assert.equal(river.goal, 'unit:river');
    assert.ok(river.after.probability! < river.before.probability!, JSON.stringify(river));
    assert.ok(river.gone.some((p) => p.steps.some((s) => s.startsWith('useTrust(aquaflow-remote-access'))));
    assert.ok(report.owners.find((o) => o.domain === 'riverside-water')!.risk, 'risk per owner when asked for');
    assert.equal(node.twin.model.model, model, 'the model in force is the same object');
    assert.deepEqual(model, copy, 'and unchanged');
  });

  it('takes the hardening plan of /api/attack/paths back as `changes`, and YAML text as `changeSet`', async () => {
    const paths = await app.inject({ method: 'POST', url: '/api/attack/paths', payload: { goals: ['unit:river', 'unit:clear-well'] } });
    const plan = (paths.json() as Report['hardening']['before'] & { hardening: { changes: { kind: string; target: string; cost: number; removes: string }[] } }).hardening;
    const r = await post({ changes: plan.changes, goals: ['unit:river', 'unit:clear-well'] });
    assert.equal(r.status, 200, r.text);
    const report = r.json() as Report;
    assert.deepEqual(report.summary, { goals: 2, before: 2, after: 0 }, 'the plan cuts every goal it was made for');
    assert.deepEqual(report.hardening.after?.changes, []);

    const text = readFileSync(join(root, 'examples/water-treatment/changes/new-cve.yaml'), 'utf8');
    const y = await post({ changeSet: text, goals: ['unit:river'] });
    assert.equal(y.status, 200, y.text);
    assert.equal((y.json() as Report).goals[0]!.change, 'more likely');
  });

  it('answers 400 naming the field: a malformed change, a reference the model lacks, a broken fork, a bad goal', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ changeSet: { whatif: 1, name: 'x', changes: [{ patch: { asset: 'plc-intake', cve: 'CVE-2099-10001' } }] } }, 'body.changeSet.changes[0].patch.cve', /plc-intake has no vulnerability CVE-2099-10001 \(it has: CVE-2022-1161, CVE-2021-22681\)/],
      [{ changeSet: { whatif: 1, name: 'x', changes: [{ pach: {} }] } }, 'body.changeSet.changes[0].pach', /unknown change "pach"/],
      [{ changeSet: { whatif: 2, name: 'x', changes: [] } }, 'body.changeSet.whatif', /expected 1/],
      [{ changes: [{ kind: 'close-flow', target: 'nope' }] }, 'body.changes[0].target', /a close-flow target is <conduit>#<n>/],
      [{ changes: [{ removeAsset: 'plc-intake' }] }, 'body.changes[0].removeAsset', /the changed model is invalid: process\./],
      [{ changeSet: 'whatif: 1\nname: x\nchanges:\n  - removeTrust: nope\n' }, 'body.changeSet.changes[0].removeTrust', /^body\.changeSet\.changes\[0\]\.removeTrust \(line 4, column 18\): no trust relation "nope"/],
      [{ changes: [{ addMfa: { account: 'aquaflow-support' } }], goals: ['unit:nope'] }, 'body.goals[0]', /^body\.goals\[0\] "unit:nope": no such goal/],
      [{ goals: ['unit:river'] }, 'body.changeSet', /give changeSet/],
      [{ changes: [] }, 'body.changes', /at least one change/],
      [{ changes: [{ removeTrust: 'aquaflow-remote-access' }], runs: 0 }, 'body.runs', /./],
      [{ changes: [{ removeTrust: 'aquaflow-remote-access' }], runs: 20_001 }, 'body.runs', /./],
      // The seed reaches the plant simulator, which takes 32 bits: a larger one is the request's fault, not a 500.
      [{ changes: [{ removeTrust: 'aquaflow-remote-access' }], impact: true, seed: 2 ** 32 }, 'body.seed', /./],
      [{ changes: [{ removeTrust: 'aquaflow-remote-access' }], seed: -1 }, 'body.seed', /./],
    ];
    for (const [body, field, message] of cases) {
      const r = await post(body);
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
      const err = r.json() as { error: string; message: string; problems: { field: string; message: string }[] };
      assert.equal(err.error, 'bad-request');
      assert.equal(err.problems[0]!.field, field, r.text);
      assert.match(err.message, message, r.text);
    }
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
    assert.ok(doc.paths['/api/attack/whatif']);
  });
});
