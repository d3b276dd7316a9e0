import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkModel, memoryModelFiles, type TwinModel } from '../model/index.js';
import { analyzeGraph, analyzePaths } from './analyze.js';
import { buildAttackGraph } from './build.js';
import { AttackError } from './errors.js';
import { assetView, graphDot, graphJson } from './export.js';
import { hittingSet } from './hardening.js';
import { SMALL_MODEL } from './testdata/small.js';

async function load(text: string): Promise<TwinModel> {
  const r = await checkModel('m.yaml', memoryModelFiles({ 'm.yaml': text }));
  if (!r.loaded) throw new Error(JSON.stringify(r.problems));
  return r.loaded.model;
}

const steps = (p: { steps: { step: string }[] }) => p.steps.map((s) => s.step);

describe('attack paths on a hand-checked network (src/attack/testdata/small.ts)', async () => {
  const model = await load(SMALL_MODEL);

  it('finds the most likely path (web exploit, then Modbus without authentication) with its probability', () => {
    const r = analyzePaths(model, { entries: ['internet'], goals: ['unit:tank'], k: 3 });
    const goal = r.goals[0]!;
    assert.equal(goal.reachable, true);
    const best = goal.mostLikely[0]!;
    assert.deepEqual(steps(best), ['exploit(web, CVE-2024-0001)', 'unauthenticatedCommand(plc, modbus-tcp)', 'manipulate(plc -> tank)']);
    // 0.9 (known exploited, exploitability 1) x 0.8 x 0.95
    assert.ok(Math.abs(best.probability - 0.9 * 0.8 * 0.95) < 1e-9, `probability ${best.probability}`);
    assert.equal(best.hours, 8 + 8 + 1);
    assert.deepEqual(best.steps.map((s) => s.technique), ['T0819', 'T0855', 'T0831']);
    assert.equal(best.entry, 'internet');
    assert.equal(best.steps[1]!.from, 'web', 'the Modbus command is sent from the web server');
  });

  it('finds the cheapest path (through the operator account and the HMI) and more than one path', () => {
    const r = analyzePaths(model, { entries: ['internet'], goals: ['unit:tank'], k: 3 });
    const cheapest = r.goals[0]!.cheapest;
    // In the HMI's own zone the PLC answers on every OT protocol; any of them will do.
    assert.deepEqual(steps(cheapest[0]!).map((s) => s.replace(/, [a-z0-9-]+\)$/, ', *)')), ['exploit(web, CVE-2024-0001)', 'dumpCredentials(web, *)', 'logon(ops, hmi, *)', 'operatorCommand(hmi -> plc, *)', 'manipulate(plc -> tank)']);
    assert.equal(cheapest[0]!.hours, 8 + 2 + 1 + 2 + 1);
    assert.ok(cheapest.length >= 2, 'k = 3 gives alternatives');
    assert.ok(cheapest.every((p, i) => i === 0 || p.hours >= cheapest[i - 1]!.hours), 'sorted by hours');
    assert.deepEqual(cheapest[0]!.assets, ['web', 'hmi', 'plc']);
  });

  it('gives the least-cost hardening, and follows the costs it is given', () => {
    const plan = (changeCosts: Record<string, number>) => analyzePaths(model, { entries: ['internet'], goals: ['unit:tank'] }, { changeCosts }).hardening!;
    const cheap = plan({});
    assert.deepEqual(cheap.changes.map((c) => `${c.kind} ${c.target}`), ['close-flow net-dmz#1'], 'the one internet flow (4) cuts everything');
    assert.equal(cheap.cost, 4);
    assert.equal(cheap.optimal, true);
    assert.deepEqual(plan({ 'close-flow': 9 }).changes.map((c) => `${c.kind} ${c.target}`), ['patch web:CVE-2024-0001'], 'patch (8) < any flow (9)');
    const ot = plan({ 'close-flow': 3, patch: 20 });
    assert.deepEqual(ot.changes.map((c) => c.target), ['net-dmz#1']);
    // Keep the internet flow (make it dear): both OT flows (2 x 3) beat the patch (20) and MFA + one flow (8 + 3).
    const g = buildAttackGraph(model, { changeCosts: { 'close-flow': 3, patch: 20 } });
    const internetFlow = g.find('conduitFlow(net-dmz#1, https/443)')!;
    (g.info[internetFlow]!.change as { cost: number }).cost = 100;
    const r = analyzeGraph(g, model, { entries: ['internet'], goals: ['unit:tank'] });
    assert.deepEqual(r.hardening!.changes.map((c) => c.target).sort(), ['dmz-ot#1', 'dmz-ot#2']);
    assert.equal(r.hardening!.cost, 6);
  });

  it('names choke points: every path from the internet goes through the web server', () => {
    const r = analyzePaths(model, { entries: ['internet'], goals: ['unit:tank'] });
    assert.equal(r.chokePoints[0]!.fact, 'execCode(web, user)');
    assert.deepEqual(r.chokePoints[0]!.cuts, ['manipulates(tank)']);
  });

  it('reaches nothing from an entry with no way in, and reaches the tank by phishing the office PC', () => {
    const fromPhish = analyzePaths(model, { entries: ['phishing:ws'], goals: ['unit:tank'], harden: false });
    assert.equal(fromPhish.goals[0]!.reachable, true);
    assert.equal(fromPhish.goals[0]!.mostLikely[0]!.steps[0]!.technique, 'T0865');
    const fromVendor = analyzePaths(model, { entries: ['domain:vendor'], goals: ['unit:tank'] });
    assert.equal(fromVendor.goals[0]!.reachable, false);
    assert.deepEqual(fromVendor.goals[0]!.mostLikely, []);
  });

  it('exports the logical graph as JSON and DOT, and the asset-level view', () => {
    const g = buildAttackGraph(model);
    const json = graphJson(g);
    assert.equal(json.nodes.length, g.size);
    assert.equal(json.edges.length, g.edges);
    const dot = graphDot(g);
    assert.match(dot, /^digraph attack \{/);
    assert.match(dot, /exploit\(web, CVE-2024-0001\)\\nT0819" ?\]/);
    const view = assetView(g);
    assert.ok(view.some((e) => e.from === 'zone:dmz' && e.to === 'plc' && e.steps.some((x) => x.technique === 'T0855')), 'a DMZ position -> plc (Modbus without authentication)');
    assert.ok(view.some((e) => e.from === 'hmi' && e.to === 'plc'), 'hmi -> plc (operator command)');
    assert.ok(view.some((e) => e.from === 'zone:net' && e.to === 'web'), 'internet zone -> web');
  });

  it('refuses unknown goals and entries, naming them', () => {
    assert.throws(() => analyzePaths(model, { goals: ['unit:nope'] }), (e: unknown) => e instanceof AttackError && /goals\[0\] "unit:nope": no such goal/.test((e as Error).message));
    assert.throws(() => analyzePaths(model, { entries: ['internet', 'phishing:plc'] }), /entries\[1\] "phishing:plc": no such entry point/);
  });
});

describe('attack paths across owners (examples/service-chain)', async () => {
  const { loadModel } = await import('../model/index.js');
  const { nodeModelFiles } = await import('../cli/model-files.js');
  const chain = (await loadModel(new URL('../../examples/service-chain', import.meta.url).pathname, nodeModelFiles)).model;

  it('follows the integrator\'s remote access into the utility and down to its chlorinator', () => {
    const r = analyzePaths(chain, { entries: ['domain:keystone-automation'], goals: ['unit:chlorinator'], k: 1, harden: false });
    const best = r.goals[0]!.mostLikely[0]!;
    assert.equal(best.entry, 'domain:keystone-automation');
    assert.equal(best.steps[0]!.technique, 'T0822', 'external remote services');
    assert.equal(best.steps.at(-1)!.technique, 'T0831');
    assert.ok(best.domains.length >= 2 && best.domains[0] !== best.domains.at(-1), `crosses owners: ${best.domains.join(' -> ')}`);
    assert.equal(best.domains.at(-1), chain.node.domain, 'ends in the utility that owns the process');
  });

  it('gives every path a single entry even when all entries are on', () => {
    const r = analyzePaths(chain, { k: 2, harden: false });
    for (const goal of r.goals) for (const p of [...goal.mostLikely, ...goal.cheapest]) assert.ok(r.entries.includes(p.entry), `${goal.goal}: ${p.entry}`);
  });
});

describe('hittingSet', () => {
  it('is exact: equals brute force on random instances', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let greedyWorse = 0;
    for (let t = 0; t < 200; t++) {
      const n = 3 + Math.floor(rnd() * 6);
      const costs = Array.from({ length: n }, () => 1 + Math.floor(rnd() * 9));
      const cores = Array.from({ length: 2 + Math.floor(rnd() * 6) }, () => [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => Math.floor(rnd() * n)))]);
      let brute = Infinity;
      for (let m = 0; m < 1 << n; m++) {
        if (cores.every((c) => c.some((e) => m & (1 << e)))) brute = Math.min(brute, costs.reduce((s, c, e) => (m & (1 << e) ? s + c : s), 0));
      }
      const exact = hittingSet(cores, (e) => costs[e]!, 20);
      assert.equal(exact.exact, true);
      assert.equal(exact.set.reduce((s, e) => s + costs[e]!, 0), brute, `instance ${t}`);
      const greedy = hittingSet(cores, (e) => costs[e]!, 0);
      assert.equal(greedy.exact, false);
      if (greedy.set.reduce((s, e) => s + costs[e]!, 0) > brute) greedyWorse++;
    }
    assert.ok(greedyWorse > 0, 'the instances include some where greedy is not optimal');
  });
});
