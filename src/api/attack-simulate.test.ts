import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { nodeModelFiles } from '../cli/model-files.js';
import { loadOrCreateIdentity } from '../identity/index.js';
import { checkModel } from '../model/index.js';
import { openStore } from '../store/index.js';
import { TwinNode } from '../twin/index.js';
import { AttackError } from '../attack/index.js';
import { buildApp, type App } from './index.js';
import { ApiError } from './errors.js';
import { scenarioRequestError } from './routes/attack-simulate.js';

const water = fileURLToPath(new URL('../../examples/water-treatment/model.yaml', import.meta.url));

interface Dist { probability: number; p50?: number; cdf: number[] }
interface Result {
  scenario: string;
  kind: string;
  campaign: { runs: number; seed: number; times: number[]; goals: { goal: string; reached: Dist }[]; assets: { asset: string }[] };
  spread?: { times: number[]; mean: number[]; p90: number[]; hosts: number };
  services?: { service: string; domain: string; outage: Dist; throughDependency: number }[];
  sweep?: { asset: string; newGoals: string[]; likelihoodGain: number }[];
  impact?: { takeovers: { asset: string; probability: number }[]; simulated: { asset: string; sentence: string; report: { firstUnsafe?: { tag: string }; trend: { series: unknown[] }; summary: string } }[]; summary: string };
}
interface Listed { file: string; name: string; kind: string; scenario: Record<string, unknown> }

describe('attack scenario simulation over HTTP (water-treatment example, in-process)', () => {
  let app: App;
  let node: TwinNode;
  let dir: string;
  const post = async (payload: unknown) => {
    const r = await app.inject({ method: 'POST', url: '/api/attack/simulate', payload: payload as object });
    return { status: r.statusCode, text: r.body, json: () => r.json() };
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'twinward-simulate-api-'));
    const { loaded } = await checkModel(water, nodeModelFiles);
    node = await TwinNode.open({ model: loaded!, store: await openStore(undefined, dir), version: 'test' });
    app = await buildApp({ node, identity: loadOrCreateIdentity(dir), version: 'test', startedAt: new Date().toISOString() });
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await node?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GET /api/attack/scenarios lists the four example scenarios beside the model, as objects', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/attack/scenarios' });
    assert.equal(r.statusCode, 200, r.body);
    const { items, total } = r.json() as { items: Listed[]; total: number };
    assert.equal(total, 4);
    assert.deepEqual(items.map((x) => x.kind).sort(), ['apt', 'ransomware', 'supply-chain', 'zero-day']);
    const apt = items.find((x) => x.file === 'apt-vendor-access.yaml')!;
    assert.equal(apt.scenario.kind, 'apt');
    assert.deepEqual(apt.scenario.impact, { horizonSeconds: 3600 });
  });

  it('simulates a scenario object with runs and seed overrides: goal curves at the time marks, reproducible', async () => {
    const listed = (await app.inject({ method: 'GET', url: '/api/attack/scenarios' })).json() as { items: Listed[] };
    const supply = listed.items.find((x) => x.kind === 'supply-chain')!.scenario;
    const r = await post({ scenario: supply, runs: 300, seed: 11 });
    assert.equal(r.status, 200, r.text);
    const res = r.json() as Result;
    assert.equal(res.kind, 'supply-chain');
    assert.equal(res.campaign.runs, 300);
    assert.equal(res.campaign.seed, 11);
    for (const g of res.campaign.goals) {
      assert.equal(g.reached.cdf.length, res.campaign.times.length);
      assert.ok(g.reached.cdf.every((v, i) => i === 0 || v >= g.reached.cdf[i - 1]!), 'a CDF never falls');
      assert.equal(g.reached.cdf.at(-1), g.reached.probability);
    }
    assert.deepEqual((await post({ scenario: supply, runs: 300, seed: 11 })).json(), res, 'the same seed gives the same result');
  });

  it('simulates a shipped file: ransomware spread and services down through dependencies', async () => {
    const r = await post({ file: 'ransomware-phishing.yaml', runs: 300 });
    assert.equal(r.status, 200, r.text);
    const res = r.json() as Result;
    assert.equal(res.spread!.mean.length, res.campaign.times.length);
    assert.ok(res.spread!.mean.every((v, i) => i === 0 || v >= res.spread!.mean[i - 1]!), 'encrypted hosts never decrease');
    assert.ok(res.services!.some((x) => x.throughDependency > 0 && x.domain === 'aquaflow-scada'), "the vendor's remote support falls with the utility's VPN");
    const sweep = (await post({ file: 'zero-day-sweep.yaml', runs: 100 })).json() as Result;
    assert.ok(sweep.sweep && sweep.sweep.length > 10, 'one row per component');
  });

  it('runs the physical impact of the most often taken controller (apt example)', async () => {
    const r = await post({ file: 'apt-vendor-access.yaml', runs: 300 });
    assert.equal(r.status, 200, r.text);
    const impact = (r.json() as Result).impact!;
    assert.ok(impact.takeovers.length >= 1 && impact.takeovers.every((t) => t.probability >= 0.1));
    const first = impact.simulated[0]!;
    assert.equal(first.asset, impact.takeovers[0]!.asset);
    assert.match(first.sentence, /^plc-\w+ is taken in [\d.]+% of runs \(median [\d.]+ h\); then (\S+ passes its [\w-]+ limit .+ after .+|no safety limit is crossed within .+)\.$/);
    assert.ok(first.report.trend.series.length > 0, 'a trend to plot');
    assert.equal(impact.summary, first.sentence);
  });

  it('refuses a bad scenario with 400 naming the field', async () => {
    const stages = await post({ scenario: { attack: 1, name: 'x', kind: 'apt', stages: [] } });
    assert.equal(stages.status, 400);
    assert.equal(stages.json().problems[0].field, 'body.scenario.stages');
    assert.match(stages.json().message, /^body\.scenario\.stages: /);
    const kind = await post({ scenario: { attack: 1, name: 'x', kind: 'worm' } });
    assert.equal(kind.status, 400);
    assert.equal(kind.json().problems[0].field, 'body.scenario.kind');
    const asset = await post({ scenario: { attack: 1, name: 'x', kind: 'zero-day', asset: 'nope', runs: 10 } });
    assert.equal(asset.status, 400);
    assert.equal(asset.json().message, 'body.scenario: asset "nope": no such asset in the model');
    assert.equal(asset.json().problems[0].field, 'body.scenario.asset');
    const entry = await post({ scenario: { attack: 1, name: 'x', kind: 'ransomware', entries: ['mars'], runs: 10 } });
    assert.equal(entry.status, 400);
    assert.match(entry.json().message, /entries\[0\] "mars": no such entry point/);
    const both = await post({ file: 'apt-vendor-access.yaml', scenario: { attack: 1 } });
    assert.equal(both.status, 400);
    assert.equal(both.json().problems[0].field, 'body');
    const file = await post({ file: 'nope.yaml' });
    assert.equal(file.status, 400);
    assert.match(file.json().message, /^body\.file: no scenario "nope\.yaml" beside the model \(one of .*apt-vendor-access\.yaml/);
    const path = await post({ file: '../model.yaml' });
    assert.equal(path.status, 400, 'only a file name, never a path');
    assert.equal(path.json().problems[0].field, 'body.file');
    const goal = await post({ scenario: { attack: 1, name: 'x', kind: 'apt', stages: [{ tactic: 'impact', techniques: ['T0831'] }], goals: ['unit:nope'], runs: 10 } });
    assert.equal(goal.status, 400, goal.text);
    assert.equal(goal.json().problems[0].field, 'body.scenario.goals[0]');
    const supplier = await post({ scenario: { attack: 1, name: 'x', kind: 'supply-chain', supplier: 'nobody', runs: 10 } });
    assert.equal(supplier.status, 400, supplier.text);
    assert.equal(supplier.json().problems[0].field, 'body.scenario.supplier');
    for (const seed of [-1, 2 ** 32, 0.5]) {
      const r = await post({ file: 'zero-day-sweep.yaml', runs: 10, seed });
      assert.equal(r.status, 400, `seed ${seed}: ${r.text}`);
      assert.equal(r.json().problems[0].field, 'body.seed');
    }
  });

  it('takes only the names the scenario gives for the request\'s fault; a refusal of our own making is a server fault', () => {
    const ours = [
      new AttackError('invalid-scenario', 'the takeover injections were refused: injections.0.params.value: expected a number'),
      new AttackError('invalid-scenario', 'the simulator refused the takeover injections: bad'),
      new AttackError('invalid-request', 'writes[0].tag: "x" is not a tag the controlled assets write'),
      new AttackError('invalid-model', 'the simulator refused the model: bad'),
      new Error('asset "x": not an AttackError'),
    ];
    for (const err of ours) assert.equal(scenarioRequestError(err, 'body.scenario'), undefined, err.message);
    const theirs: [AttackError, string][] = [
      [new AttackError('invalid-scenario', 'asset "nope": no such asset in the model'), 'body.scenario.asset'],
      [new AttackError('invalid-scenario', 'supplier "x": no such domain in the model'), 'body.scenario.supplier'],
      [new AttackError('invalid-request', 'entries[1] "mars": no such entry point in this model'), 'body.scenario.entries[1]'],
      [new AttackError('invalid-scenario', 'entries[0] "supply-chain:x": ransomware starts from internet, ...'), 'body.scenario.entries[0]'],
      [new AttackError('invalid-request', 'goals[2] "unit:x": no such goal in this model'), 'body.scenario.goals[2]'],
    ];
    for (const [err, field] of theirs) {
      const api = scenarioRequestError(err, 'body.scenario');
      assert.ok(api instanceof ApiError && api.status === 400, err.message);
      assert.deepEqual(api.problems, [{ field, message: err.message }]);
      assert.equal(api.message, `body.scenario: ${err.message}`);
    }
  });

  it('caps the work of one request: runs and simulated plant time, saying how to run more', async () => {
    const runs = await post({ file: 'zero-day-sweep.yaml', runs: 50_000 });
    assert.equal(runs.status, 400);
    assert.equal(runs.json().message, 'body.runs: at most 20,000 runs over the API (asked for 50,000); run more with twinward simulate');
    const inFile = await post({ scenario: { attack: 1, name: 'x', kind: 'ransomware', runs: 30_000 } });
    assert.equal(inFile.status, 400);
    assert.equal(inFile.json().problems[0].field, 'body.scenario.runs');
    // An APT: ransomware commands no controllers, and its scenarios refuse `impact`.
    const impact = await post({ scenario: { attack: 1, name: 'x', kind: 'apt', stages: [{ tactic: 'impact', techniques: ['T0831'] }], impact: { horizonSeconds: 7200, controllers: 3 } } });
    assert.equal(impact.status, 400);
    assert.match(impact.json().message, /^body\.scenario\.impact: at most 10,800 simulated seconds of takeovers over the API \(horizonSeconds × controllers = 21,600\)/);
  });
});
