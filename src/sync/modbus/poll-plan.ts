import type { BoundTag } from './address-map.js';
import { isBitTable, type ModbusTable } from './codec.js';
import { LIMITS } from './function-codes.js';

/** One read request, repeated every `periodMs`. */
export interface PollGroup {
  unitId: number;
  table: ModbusTable;
  start: number;
  quantity: number;
  periodMs: number;
  tags: BoundTag[];
}

/**
 * Groups bindings into as few read requests as the spec allows: same unit,
 * table and sample period; addresses contiguous, or at most `maxGap` unused
 * addresses apart (a device must then answer for the gap); at most 125
 * registers or 2000 bits per request (Modbus Application Protocol v1.1b3
 * §6.1-6.4). A 32-bit tag is never split across requests.
 */
export function planPolls(bound: readonly BoundTag[], options: { maxGap?: number } = {}): PollGroup[] {
  const maxGap = Math.max(0, options.maxGap ?? 0);
  const buckets = new Map<string, BoundTag[]>();
  for (const b of bound) {
    const k = `${b.binding.unitId}/${b.binding.table}/${b.tag.samplePeriod}`;
    buckets.set(k, [...(buckets.get(k) ?? []), b]);
  }
  const groups: PollGroup[] = [];
  for (const list of buckets.values()) {
    list.sort((a, b) => a.binding.address - b.binding.address);
    const first = list[0]!;
    const limit = isBitTable(first.binding.table) ? LIMITS.readBits : LIMITS.readRegisters;
    let g: PollGroup | undefined;
    for (const b of list) {
      const { address } = b.binding;
      const end = address + b.width;
      if (g && address <= g.start + g.quantity + maxGap && end - g.start <= limit) {
        g.quantity = Math.max(g.quantity, end - g.start);
        g.tags.push(b);
        continue;
      }
      g = { unitId: b.binding.unitId, table: b.binding.table, start: address, quantity: b.width, periodMs: b.tag.samplePeriod * 1000, tags: [b] };
      groups.push(g);
    }
  }
  return groups.sort((a, b) => a.unitId - b.unitId || a.table.localeCompare(b.table) || a.start - b.start || a.periodMs - b.periodMs);
}
