import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SMALL_MODEL } from '../attack/testdata/small.js';
import { checkModel, memoryModelFiles } from '../model/index.js';
import { assessRisk } from './assess.js';
import { flowKey, flowRoute, RiskHistory, widensReachability } from './trend.js';

const load = async (yaml: string) => (await checkModel('m.yaml', memoryModelFiles({ 'm.yaml': yaml }))).loaded!.model;
const PLC = '{ id: plc, name: PLC, kind: plc, domain: plant, zone: ot, criticality: critical }';
const VULNERABLE_PLC = PLC.replace(' }', ', vulnerabilities: [{ cve: CVE-2024-0002, cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }] }');

describe('risk trend', async () => {
  const small = await load(SMALL_MODEL);
  const vulnerable = await load(SMALL_MODEL.replace(PLC, VULNERABLE_PLC));

  it('records one posture snapshot per change, oldest first, bounded', () => {
    const h = new RiskHistory(2);
    const a = assessRisk(small, { runs: 200 });
    const b = assessRisk(vulnerable, { runs: 200 });
    h.record(a, 'model-loaded', new Date('2025-01-01T00:00:00Z'), 'start');
    // The history records any report: here that of the model with a vulnerable PLC, as a second snapshot.
    const s = h.record(b, 'flows-observed', '2025-01-02T00:00:00Z', '1 flow outside the conduits: ws -> plc modbus-tcp/502');
    assert.equal(h.latest, b);
    assert.deepEqual(s, {
      time: '2025-01-02T00:00:00Z',
      reason: 'flows-observed',
      detail: '1 flow outside the conduits: ws -> plc modbus-tcp/502',
      totalExpectedLoss: b.totalExpectedLoss,
      domains: b.domains.map((d) => ({ domain: d.domain, posture: d.posture, expectedLoss: d.expectedLoss })),
    });
    assert.equal(h.snapshots[0]!.time, '2025-01-01T00:00:00.000Z');
    const plant = (i: number) => h.snapshots[i]!.domains.find((d) => d.domain === 'plant')!.posture;
    assert.ok(plant(1) < plant(0), 'the new vulnerability lowers the posture');
    h.record(a, 'model-loaded', '2025-01-03T00:00:00Z');
    assert.deepEqual(h.snapshots.map((x) => x.reason), ['flows-observed', 'model-loaded']);
    assert.deepEqual(h.snapshots.map((x) => x.time), ['2025-01-02T00:00:00Z', '2025-01-03T00:00:00Z'], 'the oldest dropped past the limit');
  });

  it('tells flows that widen reachability from ones that do not', () => {
    // The office PC is reached only by phishing; a flow to it from the DMZ's web server (the conduit allows only
    // office -> DMZ) lets an attacker who came in from the internet reach it.
    const webToOffice = { from: 'web', to: 'ws', protocol: 'rdp', port: 3389 };
    assert.equal(flowKey(webToOffice), 'web -> ws rdp/3389');
    assert.equal(widensReachability(small, [], [webToOffice], ['internet']), true);
    assert.equal(widensReachability(small, [webToOffice], [{ ...webToOffice }], ['internet']), false, 'seen already');
    // Paths are by protocol: the same connection on another port (a port scan) gives nothing new.
    assert.equal(flowRoute(webToOffice), 'web -> ws rdp');
    assert.equal(flowRoute({ ...webToOffice, port: 3390 }), flowRoute(webToOffice));
    assert.equal(widensReachability(small, [webToOffice], [{ ...webToOffice, port: 3390 }], ['internet']), false, 'another port of a flow seen');
    assert.equal(widensReachability(small, [webToOffice], [{ from: 'web', to: 'ws', protocol: 'rdp' }], ['internet']), false, 'no port, same connection');
    assert.equal(widensReachability(small, [], [webToOffice, { ...webToOffice, port: 3390 }, { ...webToOffice, port: 3391 }], ['internet']), true, 'a scan in one batch counts once');
    // From the office PC straight to the PLC: the PLC was reachable through the DMZ already, but this way skips the
    // web server's exploit, so it counts. From the internet the attacker never stands on the office PC: it does not.
    const officeToPlc = { from: 'ws', to: 'plc', protocol: 'modbus-tcp', port: 502 };
    assert.equal(widensReachability(small, [], [officeToPlc], ['phishing:ws']), true);
    assert.equal(widensReachability(small, [], [officeToPlc], ['internet']), false);
  });
});
