import type { Tag } from '../schema/index.js';
import type { Segment } from '../source.js';
import { checkRef, type CheckContext, type Item } from './context.js';

const WRITABLE_KINDS = new Set(['actuator', 'setpoint']);

/** Physical plausibility of units, tags, bindings and control logic. */
export function checkProcess(ctx: CheckContext): void {
  const { items } = ctx;
  const units = new Map(items.units.map((u) => [u.v.id, u.v]));
  for (const { v: u, path } of items.units) {
    if (u.asset) checkRef(ctx, 'assets', u.asset, [...path, 'asset']);
    u.inlets.forEach((inlet, i) => {
      if (inlet === u.id) ctx.report([...path, 'inlets', i], `unit "${u.id}" cannot feed itself`);
      else checkRef(ctx, 'units', inlet, [...path, 'inlets', i]);
    });
    if (u.kind === 'tank' && u.initialLevel > u.height) {
      ctx.report([...path, 'initialLevel'], `initial level ${u.initialLevel} m is above the tank height ${u.height} m`);
    }
  }

  const tags = new Map(items.tags.map((t) => [t.v.id, t.v]));
  for (const item of items.tags) checkTag(ctx, item, units);
  checkBindingClashes(ctx, items.tags);

  for (const { v: c, path } of items.controllers) {
    checkRef(ctx, 'assets', c.asset, [...path, 'asset']);
    c.logic.forEach((block, i) => {
      const at: Segment[] = [...path, 'logic', i];
      const tagRef = (id: string, p: Segment[], output = false) => {
        if (!checkRef(ctx, 'tags', id, p)) return;
        const tag = tags.get(id);
        if (output && tag && !WRITABLE_KINDS.has(tag.kind)) {
          ctx.report(p, `tag "${id}" is a ${tag.kind}; a controller can only drive actuator or setpoint tags`);
        }
      };
      switch (block.type) {
        case 'on-off': {
          tagRef(block.input, [...at, 'input']);
          tagRef(block.output, [...at, 'output'], true);
          const low = block.onBelow !== undefined && block.offAbove !== undefined;
          const high = block.onAbove !== undefined && block.offBelow !== undefined;
          if (low === high) ctx.report(at, 'on-off control needs exactly one pair: onBelow with offAbove, or onAbove with offBelow');
          else if (low && block.onBelow! >= block.offAbove!) ctx.report([...at, 'offAbove'], `offAbove (${block.offAbove}) must be above onBelow (${block.onBelow}) to give hysteresis`);
          else if (high && block.offBelow! >= block.onAbove!) ctx.report([...at, 'onAbove'], `onAbove (${block.onAbove}) must be above offBelow (${block.offBelow}) to give hysteresis`);
          break;
        }
        case 'pid':
          tagRef(block.input, [...at, 'input']);
          tagRef(block.output, [...at, 'output'], true);
          if (typeof block.setpoint === 'string') tagRef(block.setpoint, [...at, 'setpoint']);
          if (block.outputMin >= block.outputMax) ctx.report([...at, 'outputMax'], `outputMax (${block.outputMax}) must be above outputMin (${block.outputMin})`);
          break;
        case 'interlock':
          tagRef(block.when.tag, [...at, 'when', 'tag']);
          tagRef(block.force.tag, [...at, 'force', 'tag'], true);
          if (block.when.above === undefined && block.when.below === undefined) ctx.report([...at, 'when'], 'a condition needs "above" or "below"');
          break;
        case 'alarm':
          tagRef(block.when.tag, [...at, 'when', 'tag']);
          if (block.when.above === undefined && block.when.below === undefined) ctx.report([...at, 'when'], 'a condition needs "above" or "below"');
          break;
      }
    });
  }
}

function checkTag(ctx: CheckContext, { v: t, path }: Item<Tag>, units: Map<string, { kind: string; height?: number }>): void {
  if (t.processUnit) checkRef(ctx, 'units', t.processUnit, [...path, 'processUnit']);
  checkRef(ctx, 'assets', t.asset, [...path, 'asset']);
  t.writableBy.forEach((a, i) => checkRef(ctx, 'assets', a, [...path, 'writableBy', i]));
  if (t.writableBy.length > 0 && !WRITABLE_KINDS.has(t.kind)) {
    ctx.report([...path, 'writableBy'], `only actuator and setpoint tags can be written; this tag is a ${t.kind}`);
  }
  const { min, max } = t.range;
  if (min >= max) {
    ctx.report([...path, 'range', 'max'], `range max (${max}) must be above range min (${min})`);
    return;
  }
  const inRange = (v: number | undefined, p: Segment[], what: string) => {
    if (v !== undefined && (v < min || v > max)) ctx.report(p, `${what} ${v} ${t.unit} is outside the tag's range [${min}, ${max}]`);
  };
  inRange(t.nominal, [...path, 'nominal'], 'nominal value');
  const limits = t.limits ?? {};
  const order = ['lowLow', 'low', 'high', 'highHigh'] as const;
  let prev: { name: string; value: number } | undefined;
  for (const name of order) {
    const value = limits[name];
    if (value === undefined) continue;
    inRange(value, [...path, 'limits', name], `limit ${name}`);
    if (prev && value <= prev.value) ctx.report([...path, 'limits', name], `limit ${name} (${value}) must be above ${prev.name} (${prev.value})`);
    prev = { name, value };
  }
  if (t.nominal !== undefined && ((limits.highHigh !== undefined && t.nominal >= limits.highHigh) || (limits.lowLow !== undefined && t.nominal <= limits.lowLow))) {
    ctx.report([...path, 'nominal'], `nominal value ${t.nominal} would trip a safety limit (lowLow ${limits.lowLow ?? '-'}, highHigh ${limits.highHigh ?? '-'})`);
  }
  // A tank cannot hold water above its overflow: level figures beyond it are physically impossible.
  const unit = t.processUnit ? units.get(t.processUnit) : undefined;
  if (unit?.kind === 'tank' && t.quantity === 'level' && unit.height !== undefined) {
    for (const [name, value] of [['nominal', t.nominal], ['limits.highHigh', limits.highHigh], ['limits.high', limits.high]] as const) {
      if (value !== undefined && value > unit.height) {
        const p: Segment[] = name === 'nominal' ? [...path, 'nominal'] : [...path, 'limits', name.split('.')[1]!];
        ctx.report(p, `${name} ${value} m is above the height of tank "${t.processUnit}" (${unit.height} m)`);
      }
    }
  }
  t.bindings.forEach((b, i) => {
    if (b.protocol !== 'modbus') return;
    const p: Segment[] = [...path, 'bindings', i];
    const bitTable = b.table === 'coil' || b.table === 'discrete';
    if (bitTable !== (b.dataType === 'bool')) {
      ctx.report([...p, 'dataType'], bitTable ? `${b.table} registers hold single bits; expected dataType bool` : `${b.table} registers hold 16-bit words; dataType bool needs a coil or discrete input`);
    }
    if (WRITABLE_KINDS.has(t.kind) && (b.table === 'input' || b.table === 'discrete')) {
      ctx.report([...p, 'table'], `${t.kind === 'actuator' ? 'an' : 'a'} ${t.kind} must be writable; ${b.table} registers are read-only, expected holding or coil`);
    }
    const width = b.dataType.endsWith('32') ? 2 : 1;
    if (b.address + width - 1 > 65535) ctx.report([...p, 'address'], `a ${b.dataType} at ${b.address} runs past register 65535`);
  });
}

/** Two tags bound to the same protocol address would overwrite each other's readings. */
function checkBindingClashes(ctx: CheckContext, tags: Item<Tag>[]): void {
  const seen = new Map<string, string>();
  for (const { v: t, path } of tags) {
    t.bindings.forEach((b, i) => {
      const keys: string[] = [];
      if (b.protocol === 'mqtt') keys.push(`mqtt|${b.topic}|${b.encoding === 'sparkplug-b' ? (b.metric ?? t.id) : ''}`);
      else if (b.protocol === 'opcua') keys.push(`opcua|${t.asset}|${b.nodeId}`);
      else {
        const width = b.dataType.endsWith('32') ? 2 : 1;
        for (let k = 0; k < width; k++) keys.push(`modbus|${t.asset}|${b.unitId}|${b.table}|${b.address + k}`);
      }
      for (const key of keys) {
        const prev = seen.get(key);
        if (prev && prev !== t.id) {
          ctx.report([...path, 'bindings', i], `same ${b.protocol} address as tag "${prev}"`);
          break;
        }
        seen.set(key, t.id);
      }
    });
  }
}
