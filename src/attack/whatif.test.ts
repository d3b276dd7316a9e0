import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { nodeModelFiles } from '../cli/model-files.js';
import { checkModel, loadModel, memoryModelFiles, type TwinModel } from '../model/index.js';
import { analyzePaths } from './analyze.js';
import { parseChangeSet, readChangeSet } from './changes.js';
import { AttackError } from './errors.js';
import { SMALL_MODEL } from './testdata/small.js';
import { whatIf, type WhatIfOptions } from './whatif.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const example = (p: string) => `${root}examples/${p}`;

async function load(text: string): Promise<TwinModel> {
  const r = await checkModel('m.yaml', memoryModelFiles({ 'm.yaml': text }));
  if (!r.loaded) throw new Error(JSON.stringify(r.problems));
  return r.loaded.model;
}

const set = (...changes: unknown[]) => parseChangeSet({ whatif: 1, name: 'test', changes });
const TANK: WhatIfOptions = { entries: ['internet'], goals: ['unit:tank'] };

describe('what-if on the hand-checked network (src/attack/testdata/small.ts)', async () => {
  const model = await load(SMALL_MODEL);

  it('closing the internet flow net-dmz#1 makes the tank unreachable: every path is gone', async () => {
    const r = await whatIf(model, set({ closeFlow: { conduit: 'net-dmz', flow: 1 } }), TANK);
    const tank = r.goals[0]!;
    assert.equal(tank.goal, 'unit:tank');
    assert.equal(tank.before.reachable, true);
    assert.ok(Math.abs(tank.before.probability! - 0.9 * 0.8 * 0.95) < 1e-9, 'the most likely path as `paths` finds it');
    assert.deepEqual(tank.after, { reachable: false });
    assert.equal(tank.change, 'cut');
    assert.ok(tank.gone.length >= 2, 'both the Modbus path and the HMI path are gone');
    assert.ok(tank.gone.every((p) => p.steps.includes('exploit(web, CVE-2024-0001)')), 'broken at the web exploit, which the internet no longer reaches');
    assert.deepEqual(tank.appeared, []);
    assert.deepEqual(r.summary, { goals: 1, before: 1, after: 0 });
    assert.deepEqual(r.changes.map((c) => [c.summary, c.owner]), [['close-flow net-dmz#1', 'plant']]);
    const plant = r.owners.find((o) => o.domain === 'plant')!;
    assert.deepEqual(plant.goals, { total: 1, before: 1, after: 0 });
    assert.equal(plant.exposed.after, 0);
    assert.equal(plant.changes, 1);
    assert.deepEqual(r.hardening.after?.changes, [], 'nothing left to cut');
    assert.deepEqual(r.controllers.map((c) => [c.asset, c.after]), [['plc', 0]]);
  });

  it('patching the web CVE cuts the tank too', async () => {
    const r = await whatIf(model, set({ patch: { asset: 'web', cve: 'CVE-2024-0001' } }), TANK);
    assert.equal(r.goals[0]!.change, 'cut');
    assert.equal(r.changes[0]!.effect, 'removes CVE-2024-0001 from web');
  });

  it('MFA on ops removes only the HMI path: the Modbus path stays, the tank stays reachable', async () => {
    const r = await whatIf(model, set({ addMfa: { account: 'ops' } }), { ...TANK, k: 3 });
    const tank = r.goals[0]!;
    assert.equal(tank.after.reachable, true);
    assert.equal(tank.after.probability, tank.before.probability, 'the most likely path never used the account');
    assert.ok(tank.after.cheapestHours! > tank.before.cheapestHours!, 'the cheapest (HMI) path is gone, so the cheapest is now dearer');
    assert.equal(tank.change, 'slower');
    assert.ok(tank.gone.length >= 1);
    for (const p of tank.gone) {
      assert.ok(p.path.assets.includes('hmi'), `only HMI paths go: ${p.path.assets.join(' > ')}`);
      assert.deepEqual(p.steps.filter((s) => s.startsWith('logon(ops, hmi')).length, 1, 'broken at the logon to the HMI');
    }
    assert.deepEqual(tank.appeared, []);
    const before = analyzePaths(model, { ...TANK, k: 3 });
    const modbus = before.goals[0]!.mostLikely.find((p) => p.steps.some((s) => s.step === 'unauthenticatedCommand(plc, modbus-tcp)'))!;
    assert.ok(!tank.gone.some((p) => p.path.steps.map((s) => s.step).join() === modbus.steps.map((s) => s.step).join()), 'the Modbus path is not among the gone');
  });

  it('a new CVE on the HMI opens a goal that was out of reach (admin on the HMI)', async () => {
    const cve = { addVulnerability: { asset: 'hmi', cve: 'CVE-2099-10001', cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', exploited: true } };
    const r = await whatIf(model, set(cve), { entries: ['internet'], goals: ['asset:hmi', 'unit:tank'] });
    const hmi = r.goals.find((g) => g.goal === 'asset:hmi')!;
    assert.equal(hmi.change, 'opened');
    assert.deepEqual(hmi.before, { reachable: false });
    assert.ok(hmi.appeared.some((p) => p.steps.includes('exploit(hmi, CVE-2099-10001)')));
    assert.deepEqual(r.summary, { goals: 2, before: 1, after: 2 });
  });

  it('never touches the model it is given, even when a change breaks the fork', async () => {
    const copy = structuredClone(model);
    await whatIf(model, set({ closeFlow: { conduit: 'dmz-ot' } }, { addMfa: { account: 'ops' } }, { removeAsset: 'ws' }, { addVulnerability: { asset: 'hmi', cve: 'CVE-2099-10001', cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' } }), TANK);
    await assert.rejects(whatIf(model, set({ patch: { asset: 'web', cve: 'CVE-2024-0001' } }, { removeAsset: 'plc' }), TANK), /changes\[1\]\.removeAsset: the changed model is invalid/);
    assert.deepEqual(model, copy);
  });

  it('refuses an entry or goal the model lacks, naming the request field', async () => {
    await assert.rejects(whatIf(model, set({ addMfa: { account: 'ops' } }), { goals: ['unit:nope'] }), (err: unknown) => err instanceof AttackError && err.code === 'invalid-request' && /^goals\[0\] "unit:nope": no such goal/.test(err.message));
    await assert.rejects(whatIf(model, set({ addMfa: { account: 'ops' } }), { entries: ['internet', 'mars'] }), /^AttackError: entries\[1\] "mars": no such entry point/);
  });

  it('carries on without an entry the changes remove, and says so', async () => {
    const r = await whatIf(model, set({ removeAsset: 'ws' }), { entries: ['internet', 'phishing:ws'], goals: ['unit:tank'] });
    assert.deepEqual(r.notes, ['entry phishing:ws is not in the changed model: the analysis after the changes starts without it']);
    assert.equal(r.goals[0]!.after.reachable, true);
  });

  it('reports progress from 0 to 1000 in order, naming each part', async () => {
    const seen: [number, number, string][] = [];
    await whatIf(model, set({ addMfa: { account: 'ops' } }), { ...TANK, risk: true, runs: 50 }, (d, t, p) => seen.push([d, t, p]));
    assert.ok(seen.length > 3);
    assert.ok(seen.every(([d, t], i) => t === 1000 && d <= 1000 && (i === 0 || d >= seen[i - 1]![0])), JSON.stringify(seen));
    assert.equal(seen.at(-1)![0], 1000);
    assert.deepEqual([...new Set(seen.map((s) => s[2]))], ['fork', 'analysing the model as it is', 'analysing the changed model', 'risk']);
  });
});

describe('what-if on the example twins', () => {
  it('water: the shipped new-cve set makes the intake PLC and its units more likely taken (and the model is untouched)', async () => {
    const { model } = await loadModel(example('water-treatment/model.yaml'), nodeModelFiles);
    const copy = structuredClone(model);
    const changes = readChangeSet(readFileSync(example('water-treatment/changes/new-cve.yaml'), 'utf8'), 'new-cve.yaml');
    const r = await whatIf(model, changes, { goals: ['unit:river', 'unit:clear-well'], impact: true, impactSeconds: 1800, seed: 2 ** 32 + 7 }); // a seed past 32 bits still simulates (it used to report no impact)
    const river = r.goals.find((g) => g.goal === 'unit:river')!;
    assert.equal(river.change, 'more likely');
    assert.ok(river.after.probability! > river.before.probability!);
    assert.ok(river.appeared.some((p) => p.steps.includes('exploit(plc-intake, CVE-2099-10001)')));
    assert.equal(r.goals.find((g) => g.goal === 'unit:clear-well')!.change, 'same', 'the treatment PLC is not affected');
    const plc = r.controllers.find((c) => c.asset === 'plc-intake')!;
    assert.ok(plc.after > plc.before);
    assert.ok(plc.impact?.summary.startsWith('plc-intake taken over'), plc.impact?.summary);
    assert.equal(plc.impactAfter, undefined, 'the process did not change: simulated once');
    assert.deepEqual(model, copy);
  });

  it('water: the shipped vendor-access hardening lowers every reachable goal and the owner\'s expected loss', async () => {
    const { model } = await loadModel(example('water-treatment/model.yaml'), nodeModelFiles);
    const changes = readChangeSet(readFileSync(example('water-treatment/changes/harden-vendor-access.yaml'), 'utf8'), 'harden-vendor-access.yaml');
    const r = await whatIf(model, changes, { risk: true, runs: 400 });
    const reachable = r.goals.filter((g) => g.before.reachable);
    assert.ok(reachable.length > 10);
    assert.ok(reachable.every((g) => g.change === 'less likely' || g.change === 'cut'), reachable.map((g) => `${g.goal} ${g.change}`).join(', '));
    const utility = r.owners.find((o) => o.domain === 'riverside-water')!;
    assert.ok(utility.risk!.expectedLoss.after < utility.risk!.expectedLoss.before);
    assert.ok(utility.risk!.posture.after > utility.risk!.posture.before);
    assert.deepEqual(r.changes.map((c) => c.owner), ['aquaflow-scada', 'aquaflow-scada', 'riverside-water']);
  });

  it('service chain: a change the integrator makes cuts the utility\'s goals and lowers the hospital\'s loss (through the water supply)', async () => {
    const { model } = await loadModel(example('service-chain'), nodeModelFiles);
    const changes = readChangeSet(readFileSync(example('service-chain/changes/integrator-mfa.yaml'), 'utf8'), 'integrator-mfa.yaml');
    const r = await whatIf(model, changes, { risk: true, runs: 400 });
    assert.deepEqual(r.changes.map((c) => [c.summary, c.owner]), [['add-mfa trust:keystone-remote-access', 'keystone-automation'], ['remove-trust cirrus-management-token', 'cirrus-historian']]);
    const owner = (d: string) => r.owners.find((o) => o.domain === d)!;
    assert.equal(owner('metro-water').changes, 0, 'the utility changes nothing itself');
    assert.ok(owner('metro-water').goals.before > 0);
    assert.equal(owner('metro-water').goals.after, 0, 'yet none of its goals stays reachable');
    assert.equal(r.goals.find((g) => g.goal === 'service:water-supply')!.change, 'cut');
    const hospital = owner('lakeside-hospital');
    assert.ok(hospital.risk!.expectedLoss.after < hospital.risk!.expectedLoss.before / 2, JSON.stringify(hospital.risk));
    const dialysis = r.risk!.services.find((s) => s.service === 'dialysis')!;
    assert.ok(dialysis.probability.after < dialysis.probability.before, 'dialysis needs the utility\'s water');
  });
});
