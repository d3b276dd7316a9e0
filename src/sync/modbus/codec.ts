import type { Binding } from '../../model/index.js';
import type { Quality } from '../../twin/events.js';

/**
 * Engineering values <-> Modbus registers and bits.
 *
 * Modbus Application Protocol v1.1b3 §4.2: every 16-bit register travels
 * big-endian (high byte first). The spec says nothing about values wider than
 * a register, so 32-bit types (int32, uint32, float32 as IEEE 754 binary32)
 * take two consecutive registers in a configurable word order:
 *   'big'    (default, "ABCD"): the high word sits at the lower address;
 *   'little' ("CDAB", word-swapped): the low word sits at the lower address.
 * Bytes inside a register are never swapped.
 *
 * Scale follows the model: engineering = raw × scale. Integer types round
 * raw to the nearest integer. Coils and discrete inputs are single bits
 * whatever the binding's dataType says; bool in a register is 0 or 1.
 */

export type ModbusBinding = Extract<Binding, { protocol: 'modbus' }>;
export type ModbusDataType = ModbusBinding['dataType'];
export type ModbusTable = ModbusBinding['table'];
export type WordOrder = 'big' | 'little';

export interface CodecOptions {
  wordOrder?: WordOrder;
}

/** `clamped`: the value did not fit the type and was limited to its nearest end. */
export type EncodeStatus = 'ok' | 'clamped' | 'not-a-number';

export interface EncodeResult {
  /** 16-bit register values (0..65535), lowest address first. */
  words: number[];
  status: EncodeStatus;
}

export interface DecodeResult {
  value: number;
  quality: Quality;
}

const INT_RANGE: Record<'int16' | 'uint16' | 'int32' | 'uint32', [number, number]> = {
  int16: [-0x8000, 0x7fff],
  uint16: [0, 0xffff],
  int32: [-0x80000000, 0x7fffffff],
  uint32: [0, 0xffffffff],
};
const FLOAT32_MAX = 3.4028234663852886e38;

export function isBitTable(table: ModbusTable): boolean {
  return table === 'coil' || table === 'discrete';
}

/** Registers a value of this type occupies (bits count as one address). */
export function registerWidth(dataType: ModbusDataType, table: ModbusTable = 'holding'): 1 | 2 {
  if (isBitTable(table)) return 1;
  return dataType === 'int32' || dataType === 'uint32' || dataType === 'float32' ? 2 : 1;
}

/** Encodes an engineering value into registers. Never throws; see `status`. */
export function encodeRegisters(value: number, dataType: ModbusDataType, scale = 1, options: CodecOptions = {}): EncodeResult {
  if (dataType === 'bool') {
    if (Number.isNaN(value)) return { words: [0], status: 'not-a-number' };
    return { words: [value !== 0 ? 1 : 0], status: 'ok' };
  }
  const raw = value / scale;
  const view = new DataView(new ArrayBuffer(4));
  let status: EncodeStatus = 'ok';
  if (dataType === 'float32') {
    let f = raw;
    if (Number.isNaN(raw)) status = 'not-a-number';
    else if (Number.isFinite(raw) && Math.abs(raw) > FLOAT32_MAX) {
      f = Math.sign(raw) * FLOAT32_MAX;
      status = 'clamped';
    }
    view.setFloat32(0, f, false);
    return { words: order([view.getUint16(0, false), view.getUint16(2, false)], options), status };
  }
  const [min, max] = INT_RANGE[dataType];
  let n = Math.round(raw);
  if (Number.isNaN(raw)) {
    n = 0;
    status = 'not-a-number';
  } else if (n < min || n > max) {
    n = Math.min(max, Math.max(min, n));
    status = 'clamped';
  }
  if (dataType === 'int16' || dataType === 'uint16') return { words: [n & 0xffff], status };
  if (dataType === 'int32') view.setInt32(0, n, false);
  else view.setUint32(0, n, false);
  return { words: order([view.getUint16(0, false), view.getUint16(2, false)], options), status };
}

/**
 * Decodes registers (lowest address first) into an engineering value.
 * Wrong register count or a non-finite float gives quality 'bad' (value NaN
 * or ±Infinity), never an exception: field data is untrusted.
 */
export function decodeRegisters(words: ArrayLike<number>, dataType: ModbusDataType, scale = 1, options: CodecOptions = {}): DecodeResult {
  const width = registerWidth(dataType);
  if (words.length !== width) return { value: Number.NaN, quality: 'bad' };
  for (let i = 0; i < width; i++) {
    const w = words[i]!;
    if (!Number.isInteger(w) || w < 0 || w > 0xffff) return { value: Number.NaN, quality: 'bad' };
  }
  if (dataType === 'bool') return { value: words[0] !== 0 ? 1 : 0, quality: 'good' };
  if (dataType === 'int16' || dataType === 'uint16') {
    const w = words[0]!;
    const raw = dataType === 'int16' && w > 0x7fff ? w - 0x10000 : w;
    return { value: applyScale(raw, scale), quality: 'good' };
  }
  const [hi, lo] = order([words[0]!, words[1]!], options);
  const view = new DataView(new ArrayBuffer(4));
  view.setUint16(0, hi, false);
  view.setUint16(2, lo, false);
  if (dataType === 'int32') return { value: applyScale(view.getInt32(0, false), scale), quality: 'good' };
  if (dataType === 'uint32') return { value: applyScale(view.getUint32(0, false), scale), quality: 'good' };
  const f = view.getFloat32(0, false);
  if (!Number.isFinite(f)) return { value: f, quality: 'bad' };
  return { value: applyScale(shortestFloat32(f), scale), quality: 'good' };
}

/** Coils and discrete inputs: 1 for on, 0 for off. */
export function encodeBit(value: number): { bit: boolean; status: EncodeStatus } {
  if (Number.isNaN(value)) return { bit: false, status: 'not-a-number' };
  return { bit: value !== 0, status: 'ok' };
}

/** The shortest decimal that reads back as the same binary32: 312.7, not 312.70001220703125. */
export function shortestFloat32(f: number): number {
  if (f === 0 || !Number.isFinite(f)) return f;
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(f.toPrecision(p));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}

/** raw × scale without binary noise in the result (4567 × 0.001 = 4.567, not 4.5670000000000002). */
function applyScale(raw: number, scale: number): number {
  if (scale === 1) return raw;
  return Number((raw * scale).toPrecision(15));
}

/** Both directions are the same swap: [high, low] <-> wire order. */
function order(pair: [number, number], options: CodecOptions): [number, number] {
  return options.wordOrder === 'little' ? [pair[1], pair[0]] : pair;
}
