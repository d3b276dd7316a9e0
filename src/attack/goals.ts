import type { TwinModel } from '../model/index.js';
import { AttackError } from './errors.js';
import { type AttackGraph, Kind } from './graph.js';

/**
 * Names of entry points and goals, as users write them (CLI, API, scenario
 * files), resolved to graph nodes with an error naming what does not exist.
 *
 * Goals: `unit:<id>` (manipulate a process unit), `asset:<id>` (control a
 * controller, else admin on the asset), `service:<id>` (outage),
 * `data:<class>` (steal it from any asset holding it) or `data:<asset>:<class>`,
 * or a fact label as the graph prints it.
 */
export function resolveGoal(g: AttackGraph, spec: string, where = 'goal'): number[] {
  const [kind, ...rest] = spec.split(':');
  const id = rest.join(':');
  const one = (label: string) => {
    const n = g.find(label);
    return n === undefined ? [] : [n];
  };
  let found: number[];
  switch (kind) {
    case 'unit':
      found = one(`manipulates(${id})`);
      break;
    case 'asset': {
      const c = one(`controls(${id})`);
      found = c.length ? c : one(`execCode(${id}, admin)`);
      break;
    }
    case 'service':
      found = one(`disrupts(${id})`);
      break;
    case 'data': {
      const [a, c] = id.includes(':') ? id.split(':') : [undefined, id];
      found = [];
      for (let i = 0; i < g.size; i++) {
        const l = g.info[i]!.label;
        if (l.startsWith('steals(') && l.endsWith(`, ${c})`) && (a === undefined || l === `steals(${a}, ${c})`)) found.push(i);
      }
      break;
    }
    default:
      found = g.kinds[g.find(spec) ?? -1] === Kind.Fact ? one(spec) : [];
  }
  if (found.length === 0) throw new AttackError('invalid-request', `${where} "${spec}": no such goal in this model (use unit:<id>, asset:<id>, service:<id>, data:<class> or data:<asset>:<class>)`);
  return found;
}

export function resolveEntry(g: AttackGraph, spec: string, where = 'entry'): number {
  const n = g.find(spec);
  if (n === undefined || g.kinds[n] !== Kind.Entry) {
    const kinds = 'internet, phishing:<asset>, domain:<id>, supply-chain:<domain>, insider:<account>, asset:<id>';
    throw new AttackError('invalid-request', `${where} "${spec}": no such entry point in this model (one of ${kinds})`);
  }
  return n;
}

/** Entry points assumed when none is given: the internet, phishing of office and clinical users, and every other owner. */
export function defaultEntries(g: AttackGraph, model: TwinModel): string[] {
  const office = new Set(model.zones.filter((z) => z.kind === 'enterprise' || z.kind === 'clinical' || z.kind === 'external' || z.kind === 'remote-access').map((z) => z.id));
  const out = ['internet'];
  for (const a of model.assets) if (office.has(a.zone) && g.find(`phishing:${a.id}`) !== undefined) out.push(`phishing:${a.id}`);
  for (const d of model.domains) if (d.id !== model.node.domain) out.push(`domain:${d.id}`);
  return out;
}

/** Goals assumed when none is given: every process unit, the services of high or critical criticality, personal data (PHI, PII). */
export function defaultGoals(g: AttackGraph, model: TwinModel): string[] {
  const out: string[] = [];
  for (const u of model.process.units) if (g.find(`manipulates(${u.id})`) !== undefined) out.push(`unit:${u.id}`);
  for (const s of model.services) if ((s.criticality === 'critical' || s.criticality === 'high') && g.find(`disrupts(${s.id})`) !== undefined) out.push(`service:${s.id}`);
  for (const c of ['phi', 'pii']) if (model.assets.some((a) => a.dataClasses.includes(c as never))) out.push(`data:${c}`);
  return out;
}
