import type { Facts } from './build.js';
import { protocolsOf } from './build-network.js';
import { CONTROLLERS, ENGINEERING, OPERATOR_STATIONS, UNAUTHENTICATED } from './defaults.js';
import { Kind } from './graph.js';
import { stepOf } from './options.js';

/** Data whose theft is a goal. */
const STOLEN = new Set(['phi', 'pii', 'credentials', 'intellectual-property', 'financial']);

/**
 * OT steps and goals: from an operator station or an engineering workstation,
 * or from anywhere over a protocol without authentication, to commands a
 * controller obeys (T0855, T0843); from control of a controller to
 * manipulation of the process units it drives (T0831); from admin rights on
 * a service's host to the service's outage (T0826); from a foothold on an
 * asset holding personal or confidential data to its theft (T0882).
 */
export function addImpactRules(f: Facts): void {
  const { g, ix } = f;
  const { model } = ix;
  const unauth = stepOf(ix.options, 'unauthenticatedCommand');
  const operator = stepOf(ix.options, 'operatorCommand');
  const download = stepOf(ix.options, 'programDownload');
  const stations = model.assets.filter((a) => OPERATOR_STATIONS.has(a.kind) || a.kind === 'engineering-workstation');
  // Which assets write tags: they are controllers whatever their kind.
  const writers = new Set(model.process.tags.filter((t) => t.kind === 'actuator' || t.kind === 'setpoint').map((t) => t.asset));
  for (const c of model.process.controllers) writers.add(c.asset);
  for (const plc of model.assets) {
    if (!CONTROLLERS.has(plc.kind) && !writers.has(plc.id)) continue;
    const control = f.control(plc.id);
    const meta = { subject: plc.id, subjectKind: 'asset', domain: plc.domain };
    for (const p of protocolsOf(plc)) {
      if (!ENGINEERING.has(p)) continue;
      if (UNAUTHENTICATED.has(p)) g.rule({ label: `unauthenticatedCommand(${plc.id}, ${p})`, ...meta, technique: 'T0855' }, unauth.hours, unauth.p, [f.reach(plc.id, p)], control);
      for (const s of stations) {
        const eng = s.kind === 'engineering-workstation';
        const step = eng ? download : operator;
        g.rule({ label: `${eng ? 'programDownload' : 'operatorCommand'}(${s.id} -> ${plc.id}, ${p})`, ...meta, technique: eng ? 'T0843' : 'T0855' }, step.hours, step.p, [f.exec(s.id, 'user'), f.reach(plc.id, p)], control);
      }
    }
    g.rule({ label: `ownController(${plc.id})`, ...meta }, 0, 1, [f.exec(plc.id, 'admin')], control);
  }
  const manipulate = stepOf(ix.options, 'manipulate');
  // Each unit's drivers: its own asset, and the assets of the actuators and setpoints bound to it.
  const driversOf = new Map(model.process.units.map((u) => [u.id, new Set(u.asset ? [u.asset] : [])]));
  for (const t of model.process.tags) if (t.processUnit && (t.kind === 'actuator' || t.kind === 'setpoint')) driversOf.get(t.processUnit)?.add(t.asset);
  for (const u of model.process.units) {
    const drivers = driversOf.get(u.id)!;
    const fact = g.node(Kind.Fact, { label: `manipulates(${u.id})`, subject: u.id, subjectKind: 'unit', domain: model.node.domain });
    for (const d of drivers) {
      if (!ix.assets.has(d)) continue;
      g.rule({ label: `manipulate(${d} -> ${u.id})`, subject: u.id, subjectKind: 'unit', domain: model.node.domain, technique: 'T0831' }, manipulate.hours, manipulate.p, [f.control(d)], fact);
    }
  }
  const disrupt = stepOf(ix.options, 'disrupt');
  for (const s of model.services) {
    const fact = g.node(Kind.Fact, { label: `disrupts(${s.id})`, subject: s.id, subjectKind: 'service', domain: s.domain });
    for (const host of s.runsOn) {
      if (!ix.assets.has(host)) continue;
      g.rule({ label: `disrupt(${host} -> ${s.id})`, subject: s.id, subjectKind: 'service', domain: s.domain, technique: 'T0826' }, disrupt.hours, disrupt.p, [f.exec(host, 'admin')], fact, true);
      const down = g.has(`down(${host})`);
      if (down !== undefined) g.rule({ label: `outage(${host} -> ${s.id})`, subject: s.id, subjectKind: 'service', domain: s.domain, technique: 'T0826' }, 0, 1, [down], fact, true);
    }
  }
  const steal = stepOf(ix.options, 'steal');
  for (const a of model.assets) {
    for (const c of a.dataClasses) {
      if (!STOLEN.has(c)) continue;
      const fact = g.node(Kind.Fact, { label: `steals(${a.id}, ${c})`, subject: a.id, subjectKind: 'asset', domain: a.domain });
      g.rule({ label: `collect(${a.id}, ${c})`, subject: a.id, subjectKind: 'asset', domain: a.domain, technique: 'T0811' }, steal.hours, steal.p, [f.exec(a.id, 'user')], fact);
    }
  }
}
