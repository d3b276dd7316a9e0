import type { Controller, LogicBlock, TwinModel } from '../model/index.js';
import { AttackError } from './errors.js';
import { MAX_SECONDS, type Commanded, type ImpactRequest } from './impact-types.js';

/** What a takeover request means: the request checked, and the tags the controlled assets write. */

/** Defaults applied; every field checked, since requests come from API bodies. */
export function checkRequest(model: TwinModel, r: ImpactRequest): Required<ImpactRequest> {
  if (typeof r !== 'object' || r === null) throw bad('request', 'expected an object with "assets"');
  if (!Array.isArray(r.assets) || r.assets.length === 0) throw bad('assets', 'expected a non-empty list of asset ids');
  const ids = new Set(model.assets.map((a) => a.id));
  r.assets.forEach((a, i) => {
    if (typeof a !== 'string' || !ids.has(a)) throw bad(`assets[${i}]`, `no asset ${JSON.stringify(a)} in the model`);
  });
  const seconds = (field: 'horizon' | 'takeoverAt', v: unknown, def: number): number => {
    if (v === undefined) return def;
    const low = field === 'horizon' ? 'greater than 0' : 'from 0';
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (v === 0 && field === 'horizon') || v > MAX_SECONDS) throw bad(field, `expected seconds ${low} up to ${MAX_SECONDS}; got ${String(v)}`);
    if (Math.abs(v * 1000 - Math.round(v * 1000)) > 1e-6) throw bad(field, `expected whole milliseconds; got ${v}`);
    return v;
  };
  const seed = r.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw bad('seed', `expected an integer from 0 to 4294967295; got ${String(r.seed)}`);
  const m = r.manipulation ?? 'worst';
  if (m !== 'worst' && (!Array.isArray(m) || m.length === 0)) throw bad('manipulation', 'expected "worst" or a non-empty list of { tag, value }');
  const assets = [...new Set(r.assets)];
  const controlled = new Set(assets);
  const writers = writersByAsset(model, controlled);
  assets.forEach((a) => {
    if (!writers.has(a)) throw bad(`assets[${r.assets.indexOf(a)}]`, `asset "${a}" writes no tag (no actuator or setpoint of its own, no logic with outputs, in no tag's writableBy)`);
  });
  return { assets, horizon: seconds('horizon', r.horizon, 3600), takeoverAt: seconds('takeoverAt', r.takeoverAt, 300), seed, manipulation: m };
}

export function checkWrites(list: { tag: string; value: number }[], commanded: Commanded[]): { tag: string; value: number }[] {
  const seen = new Set<string>();
  return list.map((w, i) => {
    const at = `manipulation[${i}]`;
    if (typeof w !== 'object' || w === null) throw bad(at, 'expected { tag, value }');
    const c = commanded.find((x) => x.tag.id === w.tag);
    if (!c) throw bad(`${at}.tag`, `${JSON.stringify(w.tag)} is not a tag the controlled assets write (they write ${commanded.map((x) => x.tag.id).join(', ') || 'none'})`);
    if (seen.has(w.tag)) throw bad(`${at}.tag`, `"${w.tag}" is written twice`);
    seen.add(w.tag);
    const { min, max } = c.tag.range;
    if (typeof w.value !== 'number' || !Number.isFinite(w.value) || w.value < min || w.value > max) throw bad(`${at}.value`, `expected a number within the range of "${w.tag}" [${min}, ${max}] ${c.tag.unit}; got ${String(w.value)}`);
    return { tag: w.tag, value: w.value };
  });
}

function bad(field: string, message: string): AttackError {
  return new AttackError('invalid-request', `${field}: ${message}`);
}

/** Assets among `controlled` that write at least one tag, by any of the ways `commandedTags` knows. */
export function writersByAsset(model: TwinModel, controlled: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const t of model.process.tags) {
    if (t.kind !== 'actuator' && t.kind !== 'setpoint') continue;
    if (controlled.has(t.asset)) out.add(t.asset);
    for (const a of t.writableBy) if (controlled.has(a)) out.add(a);
  }
  for (const c of model.process.controllers) if (controlled.has(c.asset) && outputsOf(c).length > 0) out.add(c.asset);
  return out;
}

/** The tags the controlled assets write, in model order; see CommandedTag.via. */
export function commandedTags(model: TwinModel, controlled: Set<string>): Commanded[] {
  const readElsewhere = new Set<string>();
  const logicOut = new Map<string, string>();
  for (const c of model.process.controllers) {
    if (controlled.has(c.asset)) for (const t of outputsOf(c)) logicOut.set(t, c.asset);
    else for (const b of c.logic) for (const t of inputsOf(b)) readElsewhere.add(t);
  }
  const assets = new Map(model.assets.map((a) => [a.id, a]));
  const host = (id: string) => {
    const addr = assets.get(id)?.addresses.find((a) => a.ip ?? a.hostname);
    return addr?.ip ?? addr?.hostname ?? id;
  };
  return model.process.tags.flatMap((tag): Commanded[] => {
    if (tag.kind !== 'actuator' && tag.kind !== 'setpoint') return [];
    if (controlled.has(tag.asset)) {
      if (tag.kind === 'actuator') return [{ tag, via: 'output', host: host(tag.asset) }];
      return readElsewhere.has(tag.id) ? [{ tag, via: 'setpoint', host: host(tag.asset) }] : [];
    }
    const by = tag.writableBy.find((a) => controlled.has(a)) ?? logicOut.get(tag.id);
    return by ? [{ tag, via: 'network', host: host(by) }] : [];
  });
}

export function outputsOf(c: Controller): string[] {
  return c.logic.flatMap((b) => (b.type === 'on-off' || b.type === 'pid' ? [b.output] : b.type === 'interlock' ? [b.force.tag] : []));
}

export function inputsOf(b: LogicBlock): string[] {
  if (b.type === 'on-off') return [b.input];
  if (b.type === 'pid') return typeof b.setpoint === 'string' ? [b.input, b.setpoint] : [b.input];
  return [b.when.tag];
}
