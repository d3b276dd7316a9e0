import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttackPath, AttackStep } from '../api/types';
import { attackPathOverlay } from './attack-path';

const step = (step: string, from: string | undefined, to: string, technique?: string): AttackStep => ({ step, from, to, technique, hours: 1, probability: 0.9 });
const ASSETS = new Set(['vendor-laptop', 'ews', 'scada-server', 'plc-intake', 'web', 'hmi']);
const isAsset = (id: string) => ASSETS.has(id);

test('an attack path on the topology: steps badged on the asset they act on (or from), hops between assets', () => {
  // The water example's most likely path to the river (GET it with twinward paths --to unit:river).
  const path: AttackPath = {
    goal: 'manipulates(river)', entry: 'domain:aquaflow-scada', hours: 8, probability: 0.58, domains: ['riverside-water'],
    assets: ['ews', 'scada-server', 'plc-intake'],
    steps: [
      step('useTrust(aquaflow-remote-access, ews)', 'vendor-laptop', 'ews', 'T0822'),
      step('dumpCredentials(ews, engineer)', 'ews', 'engineer'),
      step('logon(engineer, scada-server, rdp)', 'ews', 'scada-server', 'T0886'),
      step('operatorCommand(scada-server -> plc-intake, ethernet-ip)', 'scada-server', 'plc-intake', 'T0855'),
      step('manipulate(plc-intake -> river)', 'plc-intake', 'river', 'T0831'),
    ],
  };
  const o = attackPathOverlay(path, isAsset);
  assert.deepEqual([...o.assets.keys()], ['vendor-laptop', 'ews', 'scada-server', 'plc-intake']);
  assert.deepEqual(o.assets.get('vendor-laptop'), { steps: [], techniques: [], entry: true });
  assert.deepEqual(o.assets.get('ews'), { steps: [1, 2], techniques: ['T0822'], entry: false }, 'the credential dump (on an account) is badged where it is done');
  assert.deepEqual(o.assets.get('plc-intake'), { steps: [4, 5], techniques: ['T0855', 'T0831'], entry: false }, 'the unit is not drawn: its step goes on the PLC');
  assert.deepEqual(o.hops.map((h) => [h.from, h.to, h.steps, h.techniques]), [
    ['vendor-laptop', 'ews', [1], ['T0822']],
    ['ews', 'scada-server', [3], ['T0886']],
    ['scada-server', 'plc-intake', [4], ['T0855']],
  ]);
});

test('steps taken from a network position still join the assets taken, in order', () => {
  const path: AttackPath = {
    goal: 'manipulates(tank)', entry: 'internet', hours: 17, probability: 0.68, domains: ['plant'],
    assets: ['web', 'hmi'],
    steps: [step('exploit(web, CVE-2024-0001)', 'internet', 'web', 'T0819'), step('logon(ops, hmi, rdp)', 'zone:dmz', 'hmi', 'T0886')],
  };
  const o = attackPathOverlay(path, isAsset);
  assert.equal(o.assets.get('web')!.entry, true, 'the first asset the path touches');
  assert.deepEqual(o.hops.map((h) => [h.from, h.to, h.steps]), [['web', 'hmi', []]]);
});
