import type { WriteResult } from '../../process/plant-io.js';
import type { CommandObservation } from '../../twin/observations.js';
import { isWritable, type BoundTag } from './address-map.js';
import { decodeRegisters, type ModbusTable } from './codec.js';
import { EXCEPTION, FC, LIMITS } from './function-codes.js';
import { addressLabel, exception, observation, type Handled, type RequestContext, type RequestMeta } from './request-context.js';

interface WriteRequest {
  table: 'coil' | 'holding';
  start: number;
  /** Bits as 0/1 for coils, 16-bit words for registers. */
  values: number[];
  /** Set when the request is well framed but carries an illegal value (answered with 0x03 after reporting it). */
  illegal?: string;
  /** The normal answer (§6.5, 6.6 echo the request; §6.11, 6.12 echo start and quantity). */
  reply: Buffer;
}

/**
 * FC 5, 6, 15, 16 (Modbus Application Protocol v1.1b3 §6.5, 6.6, 6.11,
 * 6.12). Every write is reported, once per tag it touches (or once with no
 * tag when it touches none), refused or not: the twin judges the writer.
 * The server refuses with 0x02 a range that runs past the table or touches
 * an address bound to no writable tag (actuator or setpoint), and maps the
 * plant's refusals to 0x02 (unknown, read-only) or 0x03 (out of range, not a
 * number). Tags are written in address order and the first refusal stops the
 * rest: like most PLCs, a multiple write is not atomic.
 */
export function handleWrite(ctx: RequestContext, meta: RequestMeta, unitId: number, pdu: Buffer): Handled {
  const parsed = parseWrite(meta.fc, pdu);
  if (typeof parsed === 'string') {
    return exception(meta, EXCEPTION.illegalDataValue, [observation(ctx, meta, 'write', { value: { malformed: parsed } })]);
  }
  const { table, start, values } = parsed;
  const tags = ctx.map.tagsIn(unitId, table, start, values.length);
  const attempts = tags.map((b) => ({ b, value: attemptedValue(ctx, unitId, b, start, values) }));
  const observations: CommandObservation[] = attempts.length
    ? attempts.map(({ b, value }) => observation(ctx, meta, 'write', { tag: b.tag.id, address: `${table}:${b.binding.address}`, value }))
    : [observation(ctx, meta, 'write', { address: addressLabel(table, start, values.length, tags), value: values.length === 1 ? values[0] : values })];

  if (parsed.illegal) return exception(meta, EXCEPTION.illegalDataValue, observations);
  if (start + values.length > ctx.map.extent(unitId, table)) return exception(meta, EXCEPTION.illegalDataAddress, observations);
  for (let a = start; a < start + values.length; a++) {
    const slot = ctx.map.at(unitId, table, a);
    if (!slot || !isWritable(slot.bound)) return exception(meta, EXCEPTION.illegalDataAddress, observations);
  }
  for (const { b, value } of attempts) {
    const result = ctx.plant.write(b.tag.id, value, { protocol: 'modbus-tcp', host: meta.from });
    if (!result.ok) return exception(meta, refusalCode(result), observations);
    ctx.image.store(b, ctx.plant.value(b.tag.id) ?? value);
  }
  return { pdu: parsed.reply, observations };
}

function refusalCode(r: Extract<WriteResult, { ok: false }>): number {
  return r.reason === 'out-of-range' || r.reason === 'not-a-number' ? EXCEPTION.illegalDataValue : EXCEPTION.illegalDataAddress;
}

/** The engineering value the request would give a tag: its current registers with the written ones laid over. */
function attemptedValue(ctx: RequestContext, unitId: number, b: BoundTag, start: number, values: number[]): number {
  const { table, address, dataType, scale } = b.binding;
  if (table === 'coil') return values[address - start] ?? 0;
  const words = ctx.image.read(unitId, table as ModbusTable, address, b.width);
  for (let i = 0; i < b.width; i++) {
    const v = values[address + i - start];
    if (v !== undefined) words[i] = v;
  }
  return decodeRegisters(words, dataType, scale, ctx.codec).value;
}

/** Parses a write PDU, or says why it is malformed (answered with 0x03). */
function parseWrite(fc: number, pdu: Buffer): WriteRequest | string {
  if (pdu.length < 5) return `PDU of ${pdu.length} bytes`;
  const start = pdu.readUInt16BE(1);
  if (fc === FC.writeSingleCoil || fc === FC.writeSingleRegister) {
    if (pdu.length !== 5) return `PDU of ${pdu.length} bytes`;
    const raw = pdu.readUInt16BE(3);
    if (fc === FC.writeSingleRegister) return { table: 'holding', start, values: [raw], reply: pdu };
    // §6.5: 0xFF00 is ON, 0x0000 OFF, anything else is an illegal data value.
    if (raw === 0xff00 || raw === 0) return { table: 'coil', start, values: [raw ? 1 : 0], reply: pdu };
    return { table: 'coil', start, values: [raw], illegal: `coil value 0x${raw.toString(16)}`, reply: pdu };
  }
  const quantity = pdu.readUInt16BE(3);
  const byteCount = pdu[5];
  if (byteCount === undefined || pdu.length !== 6 + byteCount) return `byte count ${byteCount} does not match a PDU of ${pdu.length} bytes`;
  const reply = Buffer.from(pdu.subarray(0, 5));
  if (fc === FC.writeMultipleCoils) {
    if (quantity < 1 || quantity > LIMITS.writeBits || byteCount !== Math.ceil(quantity / 8)) return `quantity ${quantity} with byte count ${byteCount}`;
    const values = Array.from({ length: quantity }, (_, i) => ((pdu[6 + (i >> 3)] ?? 0) >> (i & 7)) & 1);
    return { table: 'coil', start, values, reply };
  }
  if (quantity < 1 || quantity > LIMITS.writeRegisters || byteCount !== quantity * 2) return `quantity ${quantity} with byte count ${byteCount}`;
  const values = Array.from({ length: quantity }, (_, i) => pdu.readUInt16BE(6 + i * 2));
  return { table: 'holding', start, values, reply };
}
