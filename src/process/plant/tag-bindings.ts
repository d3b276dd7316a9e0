import type { ProcessUnit, Tag } from '../../model/index.js';
import type { DrugNetwork } from '../physics/drug-network.js';
import { PH, TEMPERATURE, TURBIDITY } from '../physics/quality.js';
import type { WaterNetwork } from '../physics/water-network.js';
import { headToPascal, pascalFrom, pascalTo } from '../physics/water.js';
import { canonicalQuantity, type Quantity } from './quantities.js';
import { converter } from './units.js';

export type Reader = () => number;
export type Applier = (value: number) => void;

/** How each tag meets the physics: sensors and status tags read state, actuators feed unit inputs. */
export interface TagBindings {
  /** Per tag (model order): the physical value in the tag's unit; undefined for actuators, setpoints and tags nothing computes. */
  readers: (Reader | undefined)[];
  /** Per tag: applies a command to the unit inputs; undefined for tags that drive nothing. */
  appliers: Applier[][];
  warnings: string[];
}

type Where = { net: 'water'; i: number; unit: ProcessUnit } | { net: 'pump'; i: number; unit: ProcessUnit } | { net: 'patient'; i: number; unit: ProcessUnit };

const WRITABLE = new Set(['actuator', 'setpoint']);
const MAX_OF = new Set<Quantity>(['fault', 'run']);

/**
 * Maps tags onto unit state by `processUnit` and `quantity` (see
 * quantities.ts). A sensor or status tag without a processUnit binds to the
 * unit of its own asset that has that quantity (the highest value among
 * several, for run and fault flags). An actuator `speed` without a
 * processUnit is a shared drive reference: it sets every variable-speed
 * pump of its asset that has no speed tag of its own. Setpoints only feed
 * controllers. Anything else that cannot be mapped is listed in `warnings`;
 * such a sensor reports its nominal value.
 */
export function bindTags(tags: readonly Tag[], units: readonly ProcessUnit[], water: WaterNetwork, drug: DrugNetwork): TagBindings {
  const warnings: string[] = [];
  const where = (unit: ProcessUnit): Where | undefined => {
    const w = water.topo.index.get(unit.id);
    if (w !== undefined) return { net: 'water', i: w, unit };
    const p = drug.pumpIndex.get(unit.id);
    if (p !== undefined) return { net: 'pump', i: p, unit };
    const pt = drug.patientIndex.get(unit.id);
    if (pt !== undefined) return { net: 'patient', i: pt, unit };
    return undefined;
  };
  const byId = new Map(units.map((u) => [u.id, u]));
  const ownSpeed = new Set(tags.filter((t) => WRITABLE.has(t.kind) && t.processUnit && canonicalQuantity(t.quantity) === 'speed').map((t) => t.processUnit!));

  const readers = tags.map((tag): Reader | undefined => {
    if (WRITABLE.has(tag.kind)) return undefined;
    const q = canonicalQuantity(tag.quantity);
    const say = (why: string) => warnings.push(`tag "${tag.id}" (quantity "${tag.quantity}") ${why}; it reports its nominal value`);
    if (!q) return void say('has a quantity the simulator does not compute');
    if (tag.processUnit) {
      const unit = byId.get(tag.processUnit);
      const at = unit && where(unit);
      const r = at && reader(at, q, tag, water, drug);
      if (!r) say(`is not computed for ${unit ? `a ${unit.kind}` : 'an unknown unit'} ("${tag.processUnit}")`);
      return r;
    }
    const found = units.filter((u) => u.asset === tag.asset).flatMap((u) => {
      const at = where(u);
      const r = at && reader(at, q, tag, water, drug);
      return r ? [r] : [];
    });
    if (found.length === 1) return found[0];
    if (found.length > 1 && MAX_OF.has(q)) return () => Math.max(...found.map((r) => r()));
    return void say(found.length === 0 ? `has no processUnit and no unit of asset "${tag.asset}" has it` : `has no processUnit and several units of asset "${tag.asset}" have it`);
  });

  const appliers = tags.map((tag): Applier[] => {
    if (tag.kind !== 'actuator') return [];
    const q = canonicalQuantity(tag.quantity);
    if (tag.processUnit) {
      const unit = byId.get(tag.processUnit);
      const at = unit && where(unit);
      const a = at && q && applier(at, q, tag, water, drug);
      if (!a) warnings.push(`actuator "${tag.id}" (quantity "${tag.quantity}") drives nothing on ${unit ? `a ${unit.kind}` : 'an unknown unit'} ("${tag.processUnit}")`);
      return a ? [a] : [];
    }
    if (q === 'speed') {
      const shared = units.filter((u) => u.kind === 'pump' && u.variableSpeed && u.asset === tag.asset && !ownSpeed.has(u.id));
      const out = shared.flatMap((u) => {
        const a = applier(where(u)!, q, tag, water, drug);
        return a ? [a] : [];
      });
      if (out.length > 0) return out;
    }
    warnings.push(`actuator "${tag.id}" (quantity "${tag.quantity}") has no processUnit and drives nothing`);
    return [];
  });
  return { readers, appliers, warnings };
}

/** Water quantities measured in a unit of their dimension are converted; an unknown unit of a known dimension leaves the tag unmapped. */
const DIMENSION: Partial<Record<Quantity, 'flow' | 'length' | 'volume'>> = { flow: 'flow', level: 'length', head: 'length', volume: 'volume' };

function reader(at: Where, q: Quantity, tag: Tag, w: WaterNetwork, d: DrugNetwork): Reader | undefined {
  const raw = rawReader(at, q, tag, w, d);
  const dim = DIMENSION[q];
  if (!raw || at.net !== 'water' || !dim) return raw;
  const conv = converter(dim, tag.unit);
  return conv && (() => conv(raw()));
}

function rawReader(at: Where, q: Quantity, tag: Tag, w: WaterNetwork, d: DrugNetwork): Reader | undefined {
  const { i, unit } = at;
  if (at.net === 'patient') {
    switch (q) {
      case 'drug-concentration':
      case 'concentration':
        return () => d.concentration(i);
      case 'heart-rate':
        return () => d.vitals[i]!.heartRate;
      case 'map':
        return () => d.vitals[i]!.map;
      case 'respiratory-rate':
        return () => d.vitals[i]!.respiratoryRate;
      case 'spo2':
        return () => d.vitals[i]!.spo2;
    }
    return undefined;
  }
  if (at.net === 'pump') {
    switch (q) {
      case 'rate':
      case 'flow':
        return () => d.delivered[i]!;
      case 'volume':
        return () => d.remaining[i]!;
      case 'run':
        return () => (d.run[i]! >= 0.5 && d.remaining[i]! > 0 ? 1 : 0);
      case 'pressure': {
        const k = pascalFrom('mmHg', 1)!;
        const conv = pressureIn(tag.unit);
        return conv && (() => conv(d.linePressure(i) * k));
      }
    }
    return undefined;
  }
  const kind = unit.kind;
  const slot = (s: number) => () => w.quality[i]![s]!;
  switch (q) {
    case 'level':
      return kind === 'tank' || kind === 'reservoir' ? () => w.level(i) : undefined;
    case 'volume':
      return kind === 'tank' ? () => w.volume[i]! : undefined;
    case 'flow':
      return () => w.flow(i);
    case 'pressure': {
      const conv = pressureIn(tag.unit);
      return conv && (() => conv(headToPascal(w.head[i]!)));
    }
    case 'head':
      return kind === 'pump' ? () => (w.appliedSpeed(i) > 0 ? w.points[i]!.head : 0) : () => w.head[i]!;
    case 'head-loss': {
      if (kind !== 'filter') return undefined;
      if (tag.unit === 'm') return () => w.headLoss[i]!;
      const conv = pressureIn(tag.unit);
      return conv && (() => conv(headToPascal(w.headLoss[i]!)));
    }
    case 'chlorine':
      return w.chlorineSlots.length > 0 ? () => w.chlorine(i) : undefined;
    case 'concentration': {
      const own = w.chemicalSlot.get(i);
      if (own !== undefined) return slot(own);
      if (w.chlorineSlots.length > 0) return () => w.chlorine(i);
      const first = [...w.chemicalSlot.values()][0];
      return first === undefined ? undefined : slot(first);
    }
    case 'coagulant':
      return w.coagulantSlots.length > 0 ? () => w.coagulantSlots.reduce((s, k) => s + w.quality[i]![k]!, 0) : undefined;
    case 'turbidity':
      return slot(TURBIDITY);
    case 'temperature':
      // On a pump, a temperature is the motor's, which nothing here computes.
      return kind === 'pump' ? undefined : slot(TEMPERATURE);
    case 'ph':
      return slot(PH);
    case 'run':
      if (kind === 'pump') return () => (w.appliedSpeed(i) > 0 ? 1 : 0);
      if (kind === 'dosing') return () => (w.rate[i]! > 0 ? 1 : 0);
      return undefined;
    case 'speed':
      return kind === 'pump' ? () => scaleOut(w.appliedSpeed(i), tag) : undefined;
    case 'position':
      return kind === 'valve' ? () => w.position[i]! : undefined;
    case 'rate':
      return unit.kind === 'dosing' ? () => Math.min(unit.maxRate, Math.max(0, w.rate[i]!)) : undefined;
    case 'fault':
      return kind === 'pump' ? () => (w.efficiency[i]! < 0.5 ? 1 : 0) : undefined;
    case 'power':
      return kind === 'pump' || kind === 'heat-exchanger' ? () => w.power(i) : undefined;
    case 'velocity':
      return unit.kind === 'pipe' ? () => w.flow(i) / 3600 / (Math.PI * unit.diameter * unit.diameter * 0.25) : undefined;
    case 'clogging':
      return kind === 'filter' ? () => w.clogging[i]! : undefined;
  }
  return undefined;
}

function applier(at: Where, q: Quantity, tag: Tag, w: WaterNetwork, d: DrugNetwork): Applier | undefined {
  const { i, unit } = at;
  if (at.net === 'pump') {
    if (q === 'rate' || q === 'flow') return (v) => void (d.rate[i] = v);
    if (q === 'run') return (v) => void (d.run[i] = v);
    return undefined;
  }
  if (at.net === 'patient') return undefined;
  switch (unit.kind) {
    case 'pump':
      if (q === 'run') return (v) => void (w.run[i] = v);
      if (q === 'speed') return (v) => void (w.speed[i] = scaleIn(v, tag));
      return undefined;
    case 'valve':
      return q === 'position' ? (v) => void (w.target[i] = tag.unit === '%' || tag.range.max > 1 ? v : v * 100) : undefined;
    case 'dosing':
      return q === 'rate' ? (v) => void (w.rate[i] = v) : undefined;
  }
  return undefined;
}

/** A speed command as a fraction of rated speed: % of rated, or a share of the tag's range. */
function scaleIn(v: number, tag: Tag): number {
  if (tag.unit === '%') return v / 100;
  return tag.range.max > 1 ? v / tag.range.max : v;
}

function scaleOut(fraction: number, tag: Tag): number {
  if (tag.unit === '%') return fraction * 100;
  return tag.range.max > 1 ? fraction * tag.range.max : fraction;
}

function pressureIn(unit: string): ((pa: number) => number) | undefined {
  if (pascalTo(unit, 1) === undefined) return undefined;
  return (pa) => pascalTo(unit, pa)!;
}
