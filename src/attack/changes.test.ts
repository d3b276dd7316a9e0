import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkModel, memoryModelFiles, type TwinModel } from '../model/index.js';
import { applyChanges } from './apply-changes.js';
import { joinChangeSets, parseChangeList, parseChangeSet, readChangeSet, type ChangeSet } from './changes.js';
import { ChangesError } from './changes-error.js';
import { AttackError } from './errors.js';
import { forkModel } from './fork-model.js';
import { SMALL_MODEL } from './testdata/small.js';

async function load(text: string): Promise<TwinModel> {
  const r = await checkModel('m.yaml', memoryModelFiles({ 'm.yaml': text }));
  if (!r.loaded) throw new Error(JSON.stringify(r.problems));
  return r.loaded.model;
}

const set = (...changes: unknown[]) => parseChangeSet({ whatif: 1, name: 't', changes });

/** The message of the ChangesError `f` throws (and that it is one, with code invalid-changes). */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    assert.ok(err instanceof ChangesError, String(err));
    assert.ok(err instanceof AttackError);
    assert.equal(err.code, 'invalid-changes');
    return err.message;
  }
  assert.fail('expected a ChangesError');
}

async function refusalAsync(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
  } catch (err) {
    assert.ok(err instanceof ChangesError, String(err));
    return err.message;
  }
  assert.fail('expected a ChangesError');
}

describe('change sets: the file format', () => {
  it('reads YAML with every kind of change, and the hardening plan form as the keyed one', () => {
    const s = readChangeSet(
      `whatif: 1
name: all kinds
changes:
  - patch: { asset: web, cve: CVE-2024-0001 }
  - closeFlow: { conduit: dmz-ot, flow: 2 }
  - closeFlow: { conduit: dmz-ot, protocol: rdp }
  - closeFlow: { conduit: office-dmz }
  - narrowFlow: { conduit: net-dmz, flow: 1, port: 8443 }
  - removeTrust: t1
  - addMfa: { account: ops }
  - addMfa: { trust: t1 }
  - changeDefaultCredentials: admin
  - unshareAccount: ops
  - addVulnerability: { asset: hmi, cve: CVE-2099-10001, cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }
  - addConduitFlow: { conduit: net-dmz, protocol: ssh, port: 22, initiator: net }
  - addTrust: { id: t2, kind: vpn, from: { domain: vendor }, to: [web] }
  - removeAsset: ws
  - { kind: patch, target: "web:CVE-2024-0001", cost: 8, removes: "vulnerable(web, CVE-2024-0001)" }
  - { kind: close-flow, target: "net-dmz#1" }
  - { kind: close-flow, target: "ws -> plc, modbus-tcp/502" }
  - { kind: add-mfa, target: "trust:t1" }
  - { kind: add-mfa, target: ops }
  - { kind: remove-trust, target: t1 }
  - { kind: change-default-credentials, target: admin }
  - { kind: unshare-account, target: ops }
`,
      'all.yaml',
    );
    assert.equal(s.changes.length, 22);
    assert.deepEqual(s.changes.slice(14), [
      { patch: { asset: 'web', cve: 'CVE-2024-0001' } },
      { closeFlow: { conduit: 'net-dmz', flow: 1 } },
      { closeObservedFlow: { from: 'ws', to: 'plc', protocol: 'modbus-tcp', port: 502 } },
      { addMfa: { trust: 't1' } },
      { addMfa: { account: 'ops' } },
      { removeTrust: 't1' },
      { changeDefaultCredentials: 'admin' },
      { unshareAccount: 'ops' },
    ]);
    // Defaults of the model schema apply to what is added.
    assert.deepEqual(s.changes[11], { addConduitFlow: { conduit: 'net-dmz', protocol: 'ssh', port: 22, initiator: 'net', transport: 'tcp', direction: 'one-way' } });
  });

  it('names the file, line and column, the change and the field of each mistake', () => {
    const bad = (body: string) => refusal(() => readChangeSet(`whatif: 1\nname: x\nchanges:\n${body}`, 'c.yaml'));
    assert.equal(bad('  - pach: { asset: web }\n'), 'c.yaml:4:5 changes[0].pach: unknown change "pach"; expected one of patch, closeFlow, narrowFlow, removeTrust, addMfa, changeDefaultCredentials, unshareAccount, addVulnerability, addConduitFlow, addTrust, removeAsset, closeObservedFlow, or a hardening plan\'s { kind, target }');
    assert.equal(bad('  - patch: { asset: web, cve: CVE-1 }\n'), 'c.yaml:4:31 changes[0].patch.cve: expected a CVE id like CVE-2023-12345; got "CVE-1"');
    assert.equal(bad('  - patch: { asset: web }\n'), 'c.yaml:4:12 changes[0].patch.cve: missing required field; expected string');
    assert.equal(bad('  - patch: { asset: web, cve: CVE-2024-0001, why: x }\n'), 'c.yaml:4:46 changes[0].patch.why: unknown field "why"; check its spelling or remove it');
    assert.match(bad('  - { patch: { asset: web, cve: CVE-2024-0001 }, removeTrust: t }\n'), /^c\.yaml:4:5 changes\[0\]: one change per item, found patch and removeTrust; write them as separate items$/);
    assert.match(bad('  - closeFlow: { conduit: c, flow: 1, protocol: rdp }\n'), /changes\[0\]\.closeFlow\.protocol: give flow or protocol, not both/);
    assert.match(bad('  - closeFlow: { conduit: c, flow: 0 }\n'), /changes\[0\]\.closeFlow\.flow: .*0/);
    assert.match(bad('  - addMfa: {}\n'), /changes\[0\]\.addMfa: give account or trust \(one of them\)/);
    assert.match(bad('  - addVulnerability: { asset: a, cve: CVE-2099-10001 }\n'), /changes\[0\]\.addVulnerability\.cvss: missing required field/);
    assert.match(bad('  - { kind: close-flow, target: nope }\n'), /^c\.yaml:4:33 changes\[0\]\.target: a close-flow target is <conduit>#<n> or an observed flow/);
    assert.match(bad('  - { kind: patch, target: web }\n'), /changes\[0\]\.target: a patch target is <asset>:<CVE id>, got "web"/);
    assert.match(bad('  - { kind: firewall, target: x }\n'), /changes\[0\]\.kind: unexpected value "firewall"; expected one of: patch, close-flow/);
    assert.match(bad('  - 42\n'), /changes\[0\]: expected a change: a mapping with one of patch/);
    assert.match(refusal(() => readChangeSet('whatif: 2\nname: x\nchanges: [{ removeTrust: t }]\n', 'v.yaml')), /^v\.yaml:1:9 whatif: unexpected value 2; expected 1$/);
    assert.match(refusal(() => readChangeSet('whatif: 1\nname: x\nchanges: []\n', 'e.yaml')), /^e\.yaml:3:10 changes: a change set needs at least one change/);
    assert.match(refusal(() => readChangeSet('whatif: 1\nchanges: [{ removeTrust: t }]\n', 'n.yaml')), /n\.yaml:1:1 name: missing required field/);
    assert.match(refusal(() => readChangeSet('whatif: 1\nname: [x\n', 's.yaml')), /^s\.yaml:\d+:\d+ \(top\): not YAML or JSON: syntax error/);
    assert.match(refusal(() => readChangeSet('- a\n- b\n', 'l.yaml')), /^l\.yaml:1:1 \(top\): expected a mapping with whatif: 1, name and changes$/);
  });

  it('names request fields (body.changeSet.changes[0].patch.cve) for a set that arrived in a request', () => {
    const origin = { name: 'body.changeSet', field: true };
    try {
      parseChangeSet({ whatif: 1, name: 'x', changes: [{ patch: { asset: 'web', cve: 'nope' } }] }, origin);
      assert.fail('expected an error');
    } catch (err) {
      assert.ok(err instanceof ChangesError);
      assert.equal(err.field, 'body.changeSet.changes[0].patch.cve');
      assert.match(err.message, /^body\.changeSet\.changes\[0\]\.patch\.cve: expected a CVE id/);
    }
    assert.match(refusal(() => parseChangeList([{ removeTrust: 'A' }], { name: 'body.changes', field: true }, 'x')), /^body\.changes\[0\]\.removeTrust: expected an id/);
  });
});

describe('change sets: applied to a fork of the small network', async () => {
  const model = await load(SMALL_MODEL);

  it('refuses a change that names something the model lacks, saying what it has', () => {
    const apply = (...c: unknown[]) => refusal(() => applyChanges(model, set(...c)));
    assert.equal(apply({ removeTrust: 'nope' }, { patch: { asset: 'web', cve: 'CVE-2099-10001' } }), 'change set: changes[0].removeTrust: no trust relation "nope" in the model (trust: none)');
    assert.equal(apply({ patch: { asset: 'web', cve: 'CVE-2099-10001' } }), 'change set: changes[0].patch.cve: web has no vulnerability CVE-2099-10001 (it has: CVE-2024-0001)');
    assert.equal(apply({ patch: { asset: 'nope', cve: 'CVE-2099-10001' } }), 'change set: changes[0].patch.asset: no asset "nope" in the model');
    assert.equal(apply({ closeFlow: { conduit: 'dmz-ot', flow: 3 } }), 'change set: changes[0].closeFlow.flow: conduit dmz-ot has 2 flows (#1-#2)');
    assert.equal(apply({ closeFlow: { conduit: 'dmz-ot', protocol: 'ssh' } }), 'change set: changes[0].closeFlow.protocol: conduit dmz-ot has no open ssh flow (it has: rdp, modbus-tcp)');
    assert.equal(apply({ closeFlow: { conduit: 'nope' } }), 'change set: changes[0].closeFlow.conduit: no conduit "nope" in the model');
    assert.equal(apply({ closeFlow: { conduit: 'dmz-ot', flow: 1 } }, { kind: 'close-flow', target: 'dmz-ot#1' }), 'change set: changes[1].target: dmz-ot#1 is already closed by an earlier change');
    assert.equal(apply({ narrowFlow: { conduit: 'net-dmz', flow: 2, port: 1 } }), 'change set: changes[0].narrowFlow.flow: conduit net-dmz has 1 flow (#1-#1)');
    assert.equal(apply({ addMfa: { account: 'ops' } }, { addMfa: { account: 'ops' } }), 'change set: changes[1].addMfa.account: account ops already has MFA');
    assert.equal(apply({ addMfa: { trust: 'x' } }), 'change set: changes[0].addMfa.trust: no trust relation "x" in the model (trust: none)');
    assert.equal(apply({ kind: 'add-mfa', target: 'nobody' }), 'change set: changes[0].target: no account "nobody" in the model (accounts: ops)');
    assert.equal(apply({ changeDefaultCredentials: 'ops' }), 'change set: changes[0].changeDefaultCredentials: account ops is a directory account, not a default one');
    assert.equal(apply({ unshareAccount: 'ops' }), 'change set: changes[0].unshareAccount: account ops is a directory account, not a shared one');
    assert.equal(apply({ addVulnerability: { asset: 'web', cve: 'CVE-2024-0001', cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' } }), 'change set: changes[0].addVulnerability.cve: web already has CVE-2024-0001');
    assert.match(apply({ addVulnerability: { asset: 'web', cve: 'CVE-2099-10001', cvss: 'CVSS:3.1/AV:Q' } }), /^change set: changes\[0\]\.addVulnerability\.cvss: invalid CVSS vector: /);
    assert.equal(apply({ addConduitFlow: { conduit: 'net-ot', protocol: 'https', initiator: 'net' } }), 'change set: changes[0].addConduitFlow.conduit: no conduit "net-ot" in the model; give zones: [a, b] to create it');
    assert.equal(apply({ addConduitFlow: { conduit: 'net-dmz', protocol: 'https', initiator: 'ot' } }), 'change set: changes[0].addConduitFlow.initiator: the initiator must be one of the zones conduit net-dmz joins (net, dmz)');
    assert.equal(apply({ addConduitFlow: { conduit: 'x', zones: ['net', 'moon'], protocol: 'https', initiator: 'net' } }), 'change set: changes[0].addConduitFlow.zones[1]: no zone "moon" in the model');
    assert.equal(apply({ addTrust: { id: 't', kind: 'vpn', from: { domain: 'vendor' }, to: ['web', 'moon'] } }), 'change set: changes[0].addTrust.to[1]: no asset "moon" in the model');
    assert.equal(apply({ addTrust: { id: 't', kind: 'vpn', from: { domain: 'mars' }, to: ['web'] } }), 'change set: changes[0].addTrust.from.domain: no domain "mars" in the model');
    assert.equal(apply({ addTrust: { id: 't', kind: 'vpn', from: { domain: 'vendor' }, to: ['web'] } }, { addTrust: { id: 't', kind: 'sso', from: { domain: 'vendor' }, to: ['hmi'] } }), 'change set: changes[1].addTrust.id: a trust relation "t" already exists');
    assert.equal(apply({ removeAsset: 'moon' }), 'change set: changes[0].removeAsset: no asset "moon" in the model');
    assert.equal(apply({ kind: 'close-flow', target: 'ws -> plc, modbus-tcp/502' }), 'change set: changes[0].target: no observed flow ws -> plc, modbus-tcp/502 among the flows given to the analysis');
  });

  it('numbers flows as the model does, whatever closes first; the last flow takes the conduit with it', () => {
    for (const order of [[1, 2], [2, 1]]) {
      const r = applyChanges(model, set(...order.map((flow) => ({ closeFlow: { conduit: 'dmz-ot', flow } })), { closeFlow: { conduit: 'net-dmz', protocol: 'https' } }));
      assert.equal(r.model.conduits.some((c) => c.id === 'dmz-ot'), false, `closing #${order.join(' then #')} empties dmz-ot`);
      assert.equal(r.model.conduits.some((c) => c.id === 'net-dmz'), false);
      assert.match(r.applied.at(-1)!.effect, /no flow left, so conduit net-dmz is removed/);
    }
    const one = applyChanges(model, set({ closeFlow: { conduit: 'dmz-ot', flow: 2 } }));
    assert.deepEqual(one.model.conduits.find((c) => c.id === 'dmz-ot')!.flows.map((f) => f.protocol), ['rdp']);
    assert.equal(model.conduits.find((c) => c.id === 'dmz-ot')!.flows.length, 2, 'the model given is untouched');
  });

  it('re-validates the fork as a model and names the change that broke it', async () => {
    const msg = await refusalAsync(() => forkModel(model, set({ addMfa: { account: 'ops' } }, { removeAsset: 'plc' })));
    assert.match(msg, /^change set: changes\[1\]\.removeAsset: the changed model is invalid: process\.units\[0\]\.asset: unknown asset "plc"/);
    // Removing the only host an account is valid on leaves it valid nowhere: the model schema says no.
    const ws = await refusalAsync(() => forkModel(model, set({ removeAsset: 'hmi' }, { removeAsset: 'web' })));
    assert.match(ws, /^change set: changes\[1\]\.removeAsset: the changed model is invalid: accounts\[0\]\.validOn: an account must be valid on at least one asset/);
    const ok = await forkModel(model, set({ removeAsset: 'ws' }, { addTrust: { id: 't', kind: 'vpn', from: { domain: 'vendor' }, to: ['web'] } }));
    assert.equal(ok.model.trust[0]!.mfa, false, 'defaults applied to what was added');
    assert.equal(ok.model.trust[0]!.alwaysOn, false);
  });

  it('keeps where each change was written when two sets are joined (an API body: a set and extra changes)', () => {
    const a = parseChangeSet({ whatif: 1, name: 'a', changes: [{ addMfa: { account: 'ops' } }] }, { name: 'body.changeSet', field: true });
    const b = parseChangeList([{ removeTrust: 'nope' }], { name: 'body.changes', field: true }, 'b');
    const joined: ChangeSet = joinChangeSets(a, b);
    assert.equal(refusal(() => applyChanges(model, joined)), 'body.changes[0].removeTrust: no trust relation "nope" in the model (trust: none)');
  });
});
