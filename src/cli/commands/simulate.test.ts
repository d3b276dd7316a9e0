import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../../test/helpers/cli.js';
import { captureOutput } from '../../../test/helpers/output.js';
import { main } from '../main.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const water = join(root, 'examples/water-treatment/model.yaml');
const scenario = (name: string) => join(root, 'examples/water-treatment/scenarios', `${name}.yaml`);

/** The CLI as `twinward simulate ...` runs it, in-process: parsing, the command, the exit code and both streams. */
async function simulate(...args: string[]) {
  const io = captureOutput();
  const code = await main(['node', 'twinward', 'simulate', ...args], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('twinward simulate on the water-treatment example', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twinward-simulate-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  it('apt: goals with odds and p10/p50/p90 hours, assets taken, then the physical impact of the controller taken most often', async () => {
    const r = await simulate('--model', water, '--scenario', scenario('apt-vendor-access'), '--runs', '200');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^APT through the vendor's remote access \(apt\) on .+: 200 runs, seed 7, horizon 720 h; simulated in [\d.]+ s$/m);
    assert.match(r.out, /^ {2}goal +reached +p10 +p50 +p90$/m);
    assert.match(r.out, /^ {2}manipulates\(raw-water-tank\) +\d+(\.\d)?% +[\d.]+ h +[\d.]+ h +[\d.]+ h$/m);
    assert.match(r.out, /^ {2}vendor-laptop +aquaflow-scada +100% +0 h$/m, 'the compromised vendor laptop is where it starts');
    assert.match(r.out, /^Physical impact \(the plant simulator, 1 h after each takeover\):$/m);
    assert.match(r.out, /^ {2}plc-\w+ is taken in [\d.]+% of runs \(median [\d.]+ h\); then .+\.$/m);
    assert.match(r.out, /^ {4}after +tag +limit +severity +reached$/m, 'the crossings of the takeover');
  });

  it('ransomware: the encrypted-hosts curve and the services down, through dependencies and by owner', async () => {
    const r = await simulate('--model', water, '--scenario', scenario('ransomware-phishing'), '--runs', '300');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Encrypted hosts over 168 h \(of \d+ assets; each line 0 to \d+\):$/m);
    assert.match(r.out, /^ {2}mean +[ ▁▂▃▄▅▆▇█]{48} +[\d.]+ at the end$/m);
    assert.match(r.out, /^ {2}hours +mean +p90$/m);
    assert.match(r.out, /^ {2}aquaflow-remote-support +aquaflow-scada +[\d.]+% +[\d.]+ h +\d+ runs?$/m, "the vendor's service falls only through the utility's VPN");
    assert.match(r.out, /^ {2}by owner: aquaflow-scada 1 service, riverside-water \d+ services$/m);
  });

  it('supply-chain and zero-day: the supplier entry, and the sweep ranking components', async () => {
    const supply = await simulate('--model', water, '--scenario', scenario('supply-chain-aquaflow'), '--runs', '200');
    assert.equal(supply.code, 0, supply.err);
    assert.match(supply.out, /^entries: supply-chain:aquaflow-scada$/m);
    const sweep = await simulate('--model', water, '--scenario', scenario('zero-day-sweep'), '--runs', '100');
    assert.equal(sweep.code, 0, sweep.err);
    assert.match(sweep.out, /^Zero-day sweep: \d+ of \d+ components whose zero-day opens a goal or makes one likelier/m);
    assert.match(sweep.out, /^ {2}asset +owner +new goals +likelihood gain +goals opened$/m);
  });

  it('--json prints the ScenarioResult; --seed makes it reproducible', async () => {
    const a = await simulate('--model', water, '--scenario', scenario('ransomware-phishing'), '--runs', '100', '--seed', '4', '--json');
    assert.equal(a.code, 0, a.err);
    const res = JSON.parse(a.out) as { kind: string; campaign: { runs: number; seed: number; times: number[] }; spread: { mean: number[] }; services: unknown[] };
    assert.equal(res.kind, 'ransomware');
    assert.deepEqual([res.campaign.runs, res.campaign.seed], [100, 4]);
    assert.equal(res.spread.mean.length, res.campaign.times.length);
    const b = await simulate('--model', water, '--scenario', scenario('ransomware-phishing'), '--runs', '100', '--seed', '4', '--json');
    assert.equal(b.out, a.out);
  });

  it('refuses a bad scenario, an unknown asset or bad --runs with one line and exit 2', async () => {
    const stages = await simulate('--model', water, '--scenario', file('s.yaml', 'attack: 1\nname: x\nkind: apt\nstages: []\n'));
    assert.equal(stages.code, 2);
    assert.equal(stages.err, `twinward: ${join(dir, 's.yaml')}: stages: expected >= 1 items, got nothing`);
    assert.equal(stages.out, '');
    const asset = await simulate('--model', water, '--scenario', file('z.yaml', 'attack: 1\nname: x\nkind: zero-day\nasset: nope\n'));
    assert.equal(asset.code, 2);
    assert.equal(asset.err, `twinward: ${join(dir, 'z.yaml')}: asset "nope": no such asset in the model`);
    const entry = await simulate('--model', water, '--scenario', file('e.yaml', 'attack: 1\nname: x\nkind: ransomware\nentries: [mars]\n'));
    assert.equal(entry.code, 2);
    assert.match(entry.err, /^twinward: .*e\.yaml: entries\[0\] "mars": no such entry point in this model/);
    const missing = await simulate('--model', water, '--scenario', join(dir, 'missing.yaml'));
    assert.equal(missing.code, 2);
    assert.equal(missing.err, `twinward: cannot read the scenario ${join(dir, 'missing.yaml')}: no such file`);
    for (const n of ['0', '-3', '2.5', 'x', '2000000']) {
      const r = await simulate('--model', water, '--scenario', scenario('zero-day-sweep'), '--runs', n);
      assert.equal(r.code, 2, `--runs ${n}`);
      assert.equal(r.err, `twinward: --runs expects a whole number from 1 to 1,000,000, got "${n}"`);
    }
  });

  it('refuses a model it cannot read as an invalid input (exit 1)', async () => {
    const r = await simulate('--model', join(dir, 'missing-model.yaml'), '--scenario', scenario('zero-day-sweep'));
    assert.equal(r.code, 1);
    assert.match(r.err, /missing-model\.yaml: not a valid model \(run twinward validate\)$/);
  });

  it('exits 2 from a real process on a bad scenario field, and simulate-plant is still there', () => {
    const bad = file('bad.yaml', 'attack: 1\nname: x\nkind: ransomware\nruns: -3\n');
    const r = runCli(['simulate', '--model', water, '--scenario', bad]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr.trim(), /^twinward: .*bad\.yaml: runs: /);
    assert.equal(r.stdout, '');
    const plant = runCli(['simulate-plant', '--help']);
    assert.equal(plant.code, 0, plant.stderr);
    assert.match(plant.stdout, /^Usage: twinward simulate-plant/);
  });
});
