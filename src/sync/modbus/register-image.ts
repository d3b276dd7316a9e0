import type { BoundTag, AddressMap } from './address-map.js';
import { encodeBit, encodeRegisters, isBitTable, type CodecOptions, type EncodeStatus, type ModbusTable } from './codec.js';

/**
 * A device's Modbus memory: for each unit, bits for coils and discrete
 * inputs and 16-bit words for holding and input registers, sized to the
 * AddressMap's extents. Unbound addresses inside the extent read as 0, as a
 * PLC's unused memory would.
 */
export class RegisterImage {
  readonly #tables = new Map<string, Uint16Array>();
  readonly #codec: CodecOptions;

  constructor(map: AddressMap, codec: CodecOptions = {}) {
    this.#codec = codec;
    for (const unit of map.units) {
      for (const table of ['coil', 'discrete', 'holding', 'input'] as const) {
        this.#tables.set(`${unit}/${table}`, new Uint16Array(map.extent(unit, table)));
      }
    }
  }

  /** Values at [start, start+quantity); bits are 0/1. Requires the range to lie within the extent. */
  read(unitId: number, table: ModbusTable, start: number, quantity: number): Uint16Array {
    const t = this.#tables.get(`${unitId}/${table}`) ?? new Uint16Array(0);
    return t.slice(start, start + quantity);
  }

  /** Stores a tag's engineering value in its addresses. */
  store(b: BoundTag, value: number): EncodeStatus {
    const { unitId, table, address, dataType, scale } = b.binding;
    const t = this.#tables.get(`${unitId}/${table}`);
    if (!t) return 'ok';
    if (isBitTable(table)) {
      const { bit, status } = encodeBit(value);
      t[address] = bit ? 1 : 0;
      return status;
    }
    const { words, status } = encodeRegisters(value, dataType, scale, this.#codec);
    words.forEach((w, i) => (t[address + i] = w));
    return status;
  }
}
