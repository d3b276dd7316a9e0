import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BASE_MODEL_TEXT, baseModel } from '../../../test/helpers/models.js';
import { Twin, type NewEvent, type StoredEvent } from '../../twin/index.js';
import { AlertEngine } from '../alert-engine.js';
import { TechniqueTable } from '../attack-techniques.js';
import { CommandRules } from './command-rules.js';
import { LimitRules } from './limit-rules.js';
import { RateRules } from './rate-rules.js';

const SHIPPED = fileURLToPath(new URL('../../../data/attack-ics-techniques.json', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../../../shared/data/attack-ics/ics-attack.json', import.meta.url));
const table = new TechniqueTable(JSON.parse(readFileSync(SHIPPED, 'utf8')));
const t0 = new Date('2026-03-01T10:00:00Z');

async function setup(text = BASE_MODEL_TEXT) {
  const twin = new Twin(await baseModel(text));
  const engine = new AlertEngine({ rules: [new CommandRules(), new LimitRules(), new RateRules()], techniques: table, tags: twin.tags });
  const log: StoredEvent[] = [];
  /** Applies events as a node would, then lets detection judge them; returns what detection added. */
  const store = (events: NewEvent[]): StoredEvent[] =>
    events.map((e) => {
      const s = { ...e, seq: twin.seq + 1 } as StoredEvent;
      twin.apply(s);
      log.push(s);
      return s;
    });
  const commit = (events: NewEvent[]): StoredEvent[] => store(engine.judge(store(events)));
  return { twin, commit, log };
}

describe('ATT&CK for ICS techniques', () => {
  it('ships exactly what the MITRE bundle holds', () => {
    const fresh = execFileSync(process.execPath, [fileURLToPath(new URL('../../../scripts/extract-attack-ics.mjs', import.meta.url)), BUNDLE], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(fresh), JSON.parse(readFileSync(SHIPPED, 'utf8')));
    assert.equal(table.size, 95);
  });

  it('refuses an id that is not an active technique', () => {
    assert.deepEqual(table.refs(['T0855']), [{ id: 'T0855', name: 'Unauthorized Command Message' }]);
    assert.throws(() => table.refs(['T9999']), /not an active ATT&CK for ICS technique/);
  });
});

describe('rules and alerts', () => {
  it('alerts on a write from a host not allowed to write, with T0855 + T0831, in an incident', async () => {
    const { twin, commit } = await setup();
    const alerts = commit(twin.decideObservation({ kind: 'command', protocol: 'modbus-tcp', operation: 'write', functionCode: 5, from: '10.0.1.10', to: 'plc-1', tag: 'pump-run', value: 1, source: 't' }, t0));
    assert.deepEqual(alerts.map((a) => a.type), ['alert.raised', 'incident.opened']);
    const a = alerts[0]!;
    assert.ok(a.type === 'alert.raised');
    assert.deepEqual(a.data.techniques.map((t) => t.id), ['T0855', 'T0831']);
    assert.equal(a.data.severity, 'high');
    assert.deepEqual(a.data.assets, ['plc-1']);
    assert.deepEqual(a.data.tags, ['pump-run']);
    assert.equal(a.data.incident, alerts[1]!.type === 'incident.opened' ? alerts[1]!.data.id : '');
  });

  it('groups a second alert on the same asset into the open incident', async () => {
    const { twin, commit } = await setup();
    commit(twin.decideObservation({ kind: 'command', protocol: 'modbus-tcp', operation: 'write', functionCode: 5, from: '10.0.1.10', to: 'plc-1', tag: 'pump-run', value: 1, source: 't' }, t0));
    const second = commit(twin.decideObservation({ kind: 'command', protocol: 'modbus-tcp', operation: 'other', functionCode: 90, from: '10.0.2.10', to: '10.0.1.10', source: 't' }, t0));
    assert.deepEqual(second.map((a) => a.type), ['alert.raised']);
  });

  it('stays quiet on normal operation: allowed writes, allowed flows, readings within limits', async () => {
    const { twin, commit } = await setup();
    const quiet = [
      ...commit(twin.decideObservation({ kind: 'command', protocol: 'modbus-tcp', operation: 'write', functionCode: 5, from: '10.0.2.10', to: 'plc-1', tag: 'pump-run', value: 1, source: 't' }, t0)),
      ...commit(twin.decideObservation({ kind: 'flow', src: '10.0.2.10', dst: '10.0.1.10', dstPort: 502, transport: 'tcp', source: 't' }, t0)),
      ...Array.from({ length: 50 }, (_, i) => commit(twin.decideReading({ tag: 'raw-level', value: 2 + (i % 10) / 10, source: 't' }, t0))).flat(),
    ];
    assert.deepEqual(quiet, []);
  });

  it('alerts once per limit excursion, again on escalation to the trip limit', async () => {
    const { twin, commit } = await setup();
    const at = (v: number) => commit(twin.decideReading({ tag: 'raw-level', value: v, source: 't' }, t0)).filter((e) => e.type === 'alert.raised');
    assert.equal(at(4.2).length, 1, 'past high (4)');
    assert.equal(at(4.3).length, 0, 'still past high');
    const trip = at(4.6);
    assert.equal(trip.length, 1, 'past highHigh (4.5)');
    assert.ok(trip[0]!.type === 'alert.raised' && trip[0]!.data.severity === 'critical');
    assert.equal(at(2).length, 0, 'back to normal');
    assert.equal(at(4.1).length, 1, 'a new excursion');
  });

  it('does not alert again while noise flaps around a limit (deadband) or between high and highHigh', async () => {
    const { twin, commit } = await setup();
    const at = (v: number) => commit(twin.decideReading({ tag: 'raw-level', value: v, source: 't' }, t0)).filter((e) => e.type === 'alert.raised');
    // Deadband of raw-level: max(3 × noise 0, 0.5 % of 6 m) = 0.03 m below the high limit 4.
    const flaps = [4.01, 3.99, 4.02, 3.98, 4.01].flatMap(at);
    assert.equal(flaps.length, 1);
    const swings = [4.6, 4.4, 4.6, 4.4].flatMap(at);
    assert.equal(swings.length, 1, 'one escalation to highHigh, none on the way back and forth');
    assert.equal(at(3.9).length, 0, 'cleared by more than the deadband');
    assert.equal(at(4.05).length, 1, 'a new excursion');
  });

  it('alerts when a value moves faster than its rate-of-change limit, with the technique its tag kind implies', async () => {
    const text = BASE_MODEL_TEXT.replace('limits: { low: 1, high: 4, highHigh: 4.5 }', 'limits: { low: 1, high: 4, highHigh: 4.5, rateOfChange: 0.05 }');
    const { twin, commit } = await setup(text);
    const at = (v: number, s: number) => commit(twin.decideReading({ tag: 'raw-level', value: v, time: new Date(t0.getTime() + s * 1000), source: 't' }, t0)).filter((e) => e.type === 'alert.raised');
    const slow = [2.0, 2.04, 2.08, 2.1].flatMap((v, i) => at(v, i));
    assert.deepEqual(slow, [], 'within 0.05 m/s');
    const jump = at(2.6, 4);
    assert.equal(jump.length, 1);
    const a = jump[0]!;
    assert.ok(a.type === 'alert.raised');
    assert.deepEqual(a.data.detectors, ['rule:rate-of-change']);
    assert.deepEqual(a.data.techniques.map((t) => t.id), ['T0832']);
    assert.ok(Math.abs(a.data.score - 10) < 1e-6, `0.5 m/s is 10× the limit, got ${a.data.score}`);
    assert.equal(at(2.9, 5).length, 0, 'same excursion');
    assert.equal(at(2.92, 6).length, 0, 're-armed');
    assert.equal(at(2.0, 7).length, 1, 'a new jump');
  });

  it('alerts on RDP into the control zone with T0886, and on a spoofed out-of-range value with T0832', async () => {
    const { twin, commit, log } = await setup();
    const rdp = commit(twin.decideObservation({ kind: 'flow', src: '10.0.2.10', dst: '10.0.1.10', dstPort: 3389, protocol: 'rdp', source: 't' }, t0));
    assert.ok(rdp[0]?.type === 'alert.raised' && rdp[0].data.techniques[0]?.id === 'T0886');
    const spoof = commit(twin.decideReading({ tag: 'raw-level', value: 9, source: 't' }, t0));
    assert.ok(spoof.some((e) => e.type === 'alert.raised' && e.data.techniques.some((t) => t.id === 'T0832')));
    // Hovering at the range's edge: one out-of-range alert per 10 minutes, not one per excursion.
    const again = [2, 9, 2, 9].flatMap((v, i) => commit(twin.decideReading({ tag: 'raw-level', value: v, source: 't' }, new Date(t0.getTime() + (i + 1) * 60_000))));
    assert.equal(log.filter((e) => e.type === 'drift.detected' && e.data.kind === 'out-of-range').length, 3, 'the twin records each excursion');
    assert.equal(again.filter((e) => e.type === 'alert.raised' && e.data.detectors[0] === 'rule:physical-range').length, 0);
  });
});
