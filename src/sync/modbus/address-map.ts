import type { Tag } from '../../model/index.js';
import { registerWidth, type ModbusBinding, type ModbusTable } from './codec.js';
import { ModbusError } from './errors.js';

/** One tag's Modbus binding, with the number of addresses it occupies. */
export interface BoundTag {
  tag: Tag;
  binding: ModbusBinding;
  width: 1 | 2;
}

/** The Modbus bindings of `tags`, optionally only those of one asset; a tag with two bindings appears twice. */
export function modbusBindings(tags: readonly Tag[], asset?: string): BoundTag[] {
  const out: BoundTag[] = [];
  for (const tag of tags) {
    if (asset !== undefined && tag.asset !== asset) continue;
    for (const b of tag.bindings) {
      if (b.protocol === 'modbus') out.push({ tag, binding: b, width: registerWidth(b.dataType, b.table) });
    }
  }
  return out;
}

/** Key of a unit's table: `1/holding`. */
const key = (unitId: number, table: ModbusTable) => `${unitId}/${table}`;

/**
 * Which tag occupies each address of each unit and table of one device.
 * Requires bindings that do not overlap (two tags on one register would make
 * every write ambiguous): the constructor throws ModbusError otherwise.
 */
export class AddressMap {
  readonly #slots = new Map<string, Map<number, { bound: BoundTag; offset: number }>>();
  readonly #extent = new Map<string, number>();
  readonly units: readonly number[];

  constructor(bound: readonly BoundTag[]) {
    const units = new Set<number>();
    for (const b of bound) {
      const { unitId, table, address } = b.binding;
      units.add(unitId);
      const k = key(unitId, table);
      let slots = this.#slots.get(k);
      if (!slots) this.#slots.set(k, (slots = new Map()));
      for (let offset = 0; offset < b.width; offset++) {
        const other = slots.get(address + offset);
        if (other) {
          throw new ModbusError('overlapping-binding', `tags ${other.bound.tag.id} and ${b.tag.id} both use unit ${unitId} ${table} address ${address + offset}`);
        }
        if (address + offset > 0xffff) throw new ModbusError('overlapping-binding', `tag ${b.tag.id} runs past ${table} address 65535`);
        slots.set(address + offset, { bound: b, offset });
      }
      this.#extent.set(k, Math.max(this.#extent.get(k) ?? 0, address + b.width));
    }
    this.units = [...units].sort((a, b) => a - b);
  }

  /** The tag at an address and which of its registers the address is (0 = lowest). */
  at(unitId: number, table: ModbusTable, address: number): { bound: BoundTag; offset: number } | undefined {
    return this.#slots.get(key(unitId, table))?.get(address);
  }

  /** Addresses 0..extent-1 exist in this table: one past the highest bound address. */
  extent(unitId: number, table: ModbusTable): number {
    return this.#extent.get(key(unitId, table)) ?? 0;
  }

  /** Bound tags touching [start, start+quantity), in address order, each once. */
  tagsIn(unitId: number, table: ModbusTable, start: number, quantity: number): BoundTag[] {
    const out: BoundTag[] = [];
    for (let a = start; a < start + quantity; a++) {
      const slot = this.at(unitId, table, a);
      if (slot && out[out.length - 1] !== slot.bound) out.push(slot.bound);
    }
    return out;
  }
}

/** True when a network write to this binding can reach the plant: an actuator or setpoint in a coil or holding register. */
export function isWritable(b: BoundTag): boolean {
  return (b.tag.kind === 'actuator' || b.tag.kind === 'setpoint') && (b.binding.table === 'coil' || b.binding.table === 'holding');
}
