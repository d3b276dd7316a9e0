import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { nodeModelFiles } from '../cli/model-files.js';
import { checkModel, loadModel, memoryModelFiles } from '../model/index.js';
import { buildAttackGraph } from './build.js';
import { AttackError } from './errors.js';
import { simulateCampaign } from './monte-carlo.js';
import { entryMask } from './reach.js';
import { runAttackScenario } from './run-scenario.js';
import { parseAttackScenario } from './scenario.js';
import { SMALL_MODEL } from './testdata/small.js';

const examples = new URL('../../examples/', import.meta.url);

describe('Monte Carlo campaigns', async () => {
  const small = (await checkModel('m.yaml', memoryModelFiles({ 'm.yaml': SMALL_MODEL }))).loaded!.model;
  const g = buildAttackGraph(small);
  const off = entryMask(g, [g.find('internet')!]);
  const tank = g.find('manipulates(tank)')!;

  it('is reproducible for a seed and differs for another', () => {
    const a = simulateCampaign(g, off, [tank], { runs: 300, seed: 42 });
    const b = simulateCampaign(g, off, [tank], { runs: 300, seed: 42 });
    const c = simulateCampaign(g, off, [tank], { runs: 300, seed: 43 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.goals[0]!.reached, c.goals[0]!.reached);
  });

  it('matches the hand-computed chance of reaching the tank', () => {
    // The tank falls when web falls (0.9) and then either Modbus (0.8) or the HMI branch works
    // (dump 0.8 x a logon 0.95, then an operator command over any of 7 OT protocols 1-(1-0.9)^7, or from the HMI's
    // zone an unauthenticated command over any of 6 protocols), and manipulation (0.95). With a year's horizon time
    // does not matter: P = 0.9 x [1 - (1-0.8) x (1 - 0.8 x 0.95 x (1 - (0.1^7 x 0.2^6)))] x 0.95.
    const hmiBranch = 0.8 * 0.95 * (1 - 0.1 ** 7 * 0.2 ** 6);
    const want = 0.9 * (1 - 0.2 * (1 - hmiBranch)) * 0.95;
    const r = simulateCampaign(g, off, [tank], { runs: 20_000, seed: 1 });
    const p = r.goals[0]!.reached.probability;
    // Binomial standard error at 20,000 runs is about 0.003; allow 4 of them.
    assert.ok(Math.abs(p - want) < 0.012, `simulated ${p}, hand ${want}`);
    assert.ok(r.goals[0]!.reached.p50! > 0 && r.goals[0]!.reached.p10! <= r.goals[0]!.reached.p90!);
    assert.equal(r.goals[0]!.reached.cdf.at(-1), p, 'the curve ends at the probability');
  });

  it('stops campaigns that are detected in time', () => {
    const sure = new Float64Array(g.size).fill(1);
    const r = simulateCampaign(g, off, [tank], { runs: 500, seed: 2, detection: sure, responseHours: 0.001 });
    assert.ok(r.detected > 0.8);
    assert.ok(r.goals[0]!.reached.probability < 0.1, `${r.goals[0]!.reached.probability}`);
  });
});

describe('attack scenario files', async () => {
  const water = (await loadModel(new URL('water-treatment/model.yaml', examples).pathname, nodeModelFiles)).model;

  it('ships one example of each kind, and each runs on the water plant', () => {
    const dir = new URL('water-treatment/scenarios/', examples);
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    const kinds = new Set<string>();
    for (const f of files) {
      const s = parseAttackScenario(readFileSync(new URL(f, dir), 'utf8'), f);
      kinds.add(s.kind);
      const r = runAttackScenario(water, { ...s, runs: 50 });
      assert.ok(r.campaign.goals.length > 0, f);
    }
    assert.deepEqual([...kinds].sort(), ['apt', 'ransomware', 'supply-chain', 'zero-day']);
  });

  it('ransomware takes services down through their dependencies, and the vendor path reaches the process', () => {
    const s = parseAttackScenario(readFileSync(new URL('water-treatment/scenarios/ransomware-phishing.yaml', examples), 'utf8'));
    const r = runAttackScenario(water, { ...s, runs: 400 });
    assert.ok(r.spread!.mean.at(-1)! >= 1, 'at least the phished PC is encrypted on average');
    assert.ok(r.spread!.mean.every((x, i) => i === 0 || x >= r.spread!.mean[i - 1]!), 'the encrypted count never falls');
    assert.ok(r.services!.some((x) => x.throughDependency > 0), 'some outage comes only through a dependency');
    // Two tallies of one thing: the per-asset histograms and the per-run counts agree on hosts encrypted by the horizon.
    const fromAssets = r.campaign.assets.reduce((sum, a) => sum + a.compromised.probability, 0);
    assert.ok(Math.abs(fromAssets - r.spread!.mean.at(-1)!) < 1e-9, `${fromAssets} vs ${r.spread!.mean.at(-1)}`);
    // Every infection noticed and contained within 0.01 h, long before the 4 h dwell: nothing is ever encrypted,
    // and the runs counted as detected are those in which the phishing worked at all.
    const caught = runAttackScenario(water, { ...s, runs: 400, detection: { default: 1 }, responseHours: 0.01 });
    assert.equal(caught.spread!.mean.at(-1), 0, 'containment spares every host');
    const phished = r.campaign.assets.find((a) => a.asset === 'corp-ws-1')!.compromised.probability;
    assert.ok(Math.abs(caught.campaign.detected - phished) < 0.08, `detected ${caught.campaign.detected}, phishing worked in ${phished}`);
    const apt = parseAttackScenario(readFileSync(new URL('water-treatment/scenarios/apt-vendor-access.yaml', examples), 'utf8'));
    const a = runAttackScenario(water, { ...apt, runs: 300, detection: {}, stages: apt.kind === 'apt' ? apt.stages.map((x) => ({ ...x, detection: undefined })) : [] } as typeof apt);
    assert.ok(a.campaign.goals.every((x) => x.reached.probability > 0.5), 'the standing vendor access gets through when nobody watches');
  });

  it('refuses bad scenario files with the field and the problem', () => {
    const bad = (text: string, re: RegExp) => assert.throws(() => parseAttackScenario(text, 'x.yaml'), (e: unknown) => e instanceof AttackError && re.test((e as Error).message));
    bad('attack: 1\nname: x\nkind: worm\n', /x\.yaml: kind/);
    bad('attack: 1\nname: x\nkind: apt\nstages: []\n', /x\.yaml: stages/);
    bad('attack: 1\nname: x\nkind: ransomware\nruns: -3\n', /x\.yaml: runs/);
    bad('attack: 1\nname: x\nkind: zero-day\n', /x\.yaml: asset: a zero-day scenario names an asset/);
    bad('attack: 1\nname: x\nkind: apt\nstages: [{ tactic: t, techniques: [T1566] }]\n', /techniques\[0\].*T0855/);
    bad('[1, 2]', /expected a mapping/);
    bad('attack: 1\nname: x\nkind: ransomware\ndetection: { T0855: 2 }\n', /detection/);
    bad(': : :', /not YAML or JSON/);
    bad('attack: 1\nname: x\nkind: ransomware\ngoals: [unit:river]\n', /x\.yaml: goals: ransomware has no goals/);
    bad('attack: 1\nname: x\nkind: ransomware\ndetection: { T0866: 0.5 }\n', /x\.yaml: detection\.T0866: ransomware takes one detection chance per infected host/);
    bad('attack: 1\nname: x\nkind: ransomware\nimpact: {}\n', /x\.yaml: impact: ransomware encrypts/);
    assert.throws(() => runAttackScenario(water, parseAttackScenario('attack: 1\nname: x\nkind: supply-chain\nsupplier: nobody\n')), /supplier "nobody": no such domain/);
    assert.throws(() => runAttackScenario(water, parseAttackScenario('attack: 1\nname: x\nkind: apt\nentries: [mars]\nstages: [{ tactic: t, techniques: [T0855] }]\n')), /entries\[0\] "mars": no such entry point/);
  });
});
