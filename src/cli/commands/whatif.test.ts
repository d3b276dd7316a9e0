import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { captureOutput } from '../../../test/helpers/output.js';
import { main } from '../main.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const water = join(root, 'examples/water-treatment/model.yaml');
const chain = join(root, 'examples/service-chain');
const changes = (p: string) => join(root, 'examples', p);

/** `twinward whatif ...` in-process: parsing, the command, the exit code and both streams. */
async function whatif(...args: string[]) {
  const io = captureOutput();
  const code = await main(['node', 'twinward', 'whatif', ...args], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('twinward whatif', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twinward-whatif-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('prints the changes applied, each goal before -> after, the owners and the hardening plans; the model file is only read', async () => {
    const before = readFileSync(water, 'utf8');
    const r = await whatif('--model', water, '--changes', changes('water-treatment/changes/harden-vendor-access.yaml'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^What if: Harden vendor access \(Riverside Water Authority - Riverside WTP\); 3 changes on a fork of the model, analysed in [\d.]+ s/m);
    assert.match(r.out, /^ {2}1 +add-mfa aquaflow-support +aquaflow-scada +MFA on account aquaflow-support/m);
    assert.match(r.out, /^ {2}2 +remove-trust aquaflow-remote-access +aquaflow-scada +removes vendor-remote-access aquaflow-remote-access/m);
    assert.match(r.out, /^ {2}3 +patch vpn-gateway CVE-2018-13379 +riverside-water +removes CVE-2018-13379 from vpn-gateway$/m);
    assert.match(r.out, /^Goals: 18 of 21 reachable before, \d+ after$/m);
    assert.match(r.out, /^ {2}unit:river +riverside-water +\d+\.\d% \d+ h +\d+\.\d% \d+ h +less likely +phishing:/m);
    assert.match(r.out, /^ {2}unchanged: unit:raw-water-main \(unreachable\)/m);
    assert.match(r.out, /^Paths gone \(\d+\), with the first step that no longer fires:$/m);
    assert.match(r.out, /domain:aquaflow-scada > ews > .*\[useTrust\(aquaflow-remote-access, ews\)\]/);
    assert.match(r.out, /^ {2}riverside-water +1 +\d+\/24 -> \d+\/24 +\d+ -> \d+$/m);
    assert.match(r.out, /^ {2}aquaflow-scada +2 +- +/m);
    assert.match(r.out, /^ {2}plc-intake +riverside-water +\d+\.\d% -> \d+\.\d% +\(--impact simulates it\)$/m);
    assert.match(r.out, /^Hardening plan before: cost \d+: /m);
    assert.match(r.out, /^Hardening plan after: {2}/m);
    assert.equal(readFileSync(water, 'utf8'), before);
  });

  it('--json prints the WhatIfReport; --risk adds expected loss and posture per owner (service chain: the integrator\'s change helps the hospital)', async () => {
    const r = await whatif('--model', chain, '--changes', changes('service-chain/changes/integrator-mfa.yaml'), '--risk', '--runs', '300', '--json');
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out) as { owners: { domain: string; changes: number; goals: { before: number; after: number }; risk: { expectedLoss: { before: number; after: number } } }[]; risk: { runs: number } };
    assert.equal(report.risk.runs, 300);
    const hospital = report.owners.find((o) => o.domain === 'lakeside-hospital')!;
    assert.equal(hospital.changes, 0);
    assert.ok(hospital.risk.expectedLoss.after < hospital.risk.expectedLoss.before);
    const text = await whatif('--model', chain, '--changes', changes('service-chain/changes/integrator-mfa.yaml'), '--risk', '--runs', '300');
    assert.match(text.out, /^ {2}owner +changes +goals reachable +exposed +expected loss +posture$/m);
    assert.match(text.out, /^ {2}metro-water +0 +\d+\/\d+ -> 0\/\d+ /m);
    assert.match(text.out, /^ {4}dialysis +lakeside-hospital +[\d.]+% -> [\d.]+%/m);
  });

  it('--impact simulates the takeover of the controllers whose odds move; --from and --to pick entries and goals', async () => {
    const r = await whatif('--model', water, '--changes', changes('water-treatment/changes/new-cve.yaml'), '--impact', '--from', 'internet', '--to', 'unit:river');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^entries: internet$/m);
    assert.match(r.out, /^ {2}unit:river +riverside-water .* more likely /m);
    assert.match(r.out, /^ {2}plc-intake +riverside-water +[\d.]+% -> [\d.]+% +(unsafe after [\d.]+ h: \S+ \w+|no trip limit crossed)$/m);
    assert.match(r.out, /^ {2}plc-intake: plc-intake taken over at/m);
    assert.match(r.out, /impact [\d.]+ s/);
  });

  it('a bad change set is one line and exit 2: unknown change, a CVE the asset lacks, a change breaking the model, a missing file', async () => {
    const head = 'whatif: 1\nname: x\nchanges:\n';
    const cases: [string, RegExp][] = [
      [file('unknown.yaml', `${head}  - pach: { asset: plc-intake }\n`), /^twinward: .*unknown\.yaml:4:5 changes\[0\]\.pach: unknown change "pach"; expected one of patch, /],
      [file('cve.yaml', `${head}  - addMfa: { account: aquaflow-support }\n  - removeTrust: aquaflow-remote-access\n  - patch: { asset: plc-intake, cve: CVE-2099-10001 }\n`), /^twinward: .*cve\.yaml:6:38 changes\[2\]\.patch\.cve: plc-intake has no vulnerability CVE-2099-10001 \(it has: CVE-2022-1161, CVE-2021-22681\)$/],
      [file('broken.yaml', `${head}  - removeAsset: plc-intake\n`), /^twinward: .*broken\.yaml:4:18 changes\[0\]\.removeAsset: the changed model is invalid: /],
      [file('json.json', JSON.stringify({ whatif: 1, name: 'x', changes: [{ kind: 'add-mfa', target: 'nobody' }] })), /^twinward: .*json\.json:1:\d+ changes\[0\]\.target: no account "nobody" in the model/],
      [join(dir, 'missing.yaml'), /^twinward: cannot read the change set .*missing\.yaml: no such file$/],
    ];
    for (const [f, message] of cases) {
      const r = await whatif('--model', water, '--changes', f);
      assert.equal(r.code, 2, `${f}: ${r.err}`);
      assert.equal(r.err.split('\n').length, 1, r.err);
      assert.match(r.err, message);
      assert.equal(r.out, '');
    }
    const goal = await whatif('--model', water, '--changes', changes('water-treatment/changes/new-cve.yaml'), '--to', 'unit:nope');
    assert.equal(goal.code, 2);
    assert.match(goal.err, /^twinward: --to "unit:nope": no such goal in this model/);
    const k = await whatif('--model', water, '--changes', changes('water-treatment/changes/new-cve.yaml'), '-k', '0');
    assert.equal(k.code, 2);
    assert.match(k.err, /-k expects a whole number from 1 to 50, got "0"/);
  });

  it('a model that does not load is exit 1, with its problems', async () => {
    const bad = file('model.yaml', 'twinward: 1\nname: x\n');
    const r = await whatif('--model', bad, '--changes', changes('water-treatment/changes/new-cve.yaml'));
    assert.equal(r.code, 1);
    assert.match(r.err, /model\.yaml: not a valid model \(run twinward validate\)$/);
  });
});
