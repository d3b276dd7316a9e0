import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SMALL_MODEL } from '../attack/testdata/small.js';
import { checkModel, memoryModelFiles } from '../model/index.js';
import { assessRisk } from './assess.js';
import { classifyModelChange, flowKey, RiskHistory, widensReachability } from './trend.js';

const load = async (yaml: string) => (await checkModel('m.yaml', memoryModelFiles({ 'm.yaml': yaml }))).loaded!.model;
const PLC = '{ id: plc, name: PLC, kind: plc, domain: plant, zone: ot, criticality: critical }';
const VULNERABLE_PLC = PLC.replace(' }', ', vulnerabilities: [{ cve: CVE-2024-0002, cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }] }');

describe('risk trend', async () => {
  const small = await load(SMALL_MODEL);
  const vulnerable = await load(SMALL_MODEL.replace(PLC, VULNERABLE_PLC));
  const renamed = await load(SMALL_MODEL.replace('name: Small', 'name: Small, renamed'));

  it('records one posture snapshot per change, oldest first, bounded', () => {
    const h = new RiskHistory(2);
    const a = assessRisk(small, { runs: 200 });
    const b = assessRisk(vulnerable, { runs: 200 });
    h.record(a, 'model-loaded', new Date('2025-01-01T00:00:00Z'), 'start');
    const s = h.record(b, 'vulnerability-added', '2025-01-02T00:00:00Z', 'CVE-2024-0002 on plc');
    assert.equal(h.latest, b);
    assert.deepEqual(s, {
      time: '2025-01-02T00:00:00Z',
      reason: 'vulnerability-added',
      detail: 'CVE-2024-0002 on plc',
      totalExpectedLoss: b.totalExpectedLoss,
      domains: b.domains.map((d) => ({ domain: d.domain, posture: d.posture, expectedLoss: d.expectedLoss })),
    });
    assert.equal(h.snapshots[0]!.time, '2025-01-01T00:00:00.000Z');
    const plant = (i: number) => h.snapshots[i]!.domains.find((d) => d.domain === 'plant')!.posture;
    assert.ok(plant(1) < plant(0), 'the new vulnerability lowers the posture');
    h.record(a, 'model-changed', '2025-01-03T00:00:00Z');
    assert.deepEqual(h.snapshots.map((x) => x.reason), ['vulnerability-added', 'model-changed']);
  });

  it('names added vulnerabilities, and calls anything else a model change', () => {
    assert.deepEqual(classifyModelChange(small, vulnerable), { reason: 'vulnerability-added', detail: '1 vulnerability added: CVE-2024-0002 on plc' });
    assert.equal(classifyModelChange(vulnerable, small).reason, 'model-changed', 'a removed vulnerability is a change, not an addition');
    assert.equal(classifyModelChange(small, renamed).reason, 'model-changed');
  });

  it('tells flows that widen reachability from ones that do not', () => {
    // The office PC is reached only by phishing; a flow to it from the DMZ's web server (the conduit allows only
    // office -> DMZ) lets an attacker who came in from the internet reach it.
    const webToOffice = { from: 'web', to: 'ws', protocol: 'rdp', port: 3389 };
    assert.equal(flowKey(webToOffice), 'web -> ws rdp/3389');
    assert.equal(widensReachability(small, [], [webToOffice], ['internet']), true);
    assert.equal(widensReachability(small, [webToOffice], [{ ...webToOffice }], ['internet']), false, 'seen already');
    // From the office PC straight to the PLC: the PLC was reachable through the DMZ already, but this way skips the
    // web server's exploit, so it counts. From the internet the attacker never stands on the office PC: it does not.
    const officeToPlc = { from: 'ws', to: 'plc', protocol: 'modbus-tcp', port: 502 };
    assert.equal(widensReachability(small, [], [officeToPlc], ['phishing:ws']), true);
    assert.equal(widensReachability(small, [], [officeToPlc], ['internet']), false);
  });
});
