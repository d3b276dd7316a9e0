import type { ModbusTable } from './codec.js';
import { EXCEPTION, LIMITS } from './function-codes.js';
import { addressLabel, exception, observation, type Handled, type RequestContext, type RequestMeta } from './request-context.js';

/**
 * FC 1-4 (Modbus Application Protocol v1.1b3 §6.1-6.4): request PDU is
 * fc, start (2), quantity (2). Checks in the spec's order: quantity
 * (1..2000 bits, 1..125 registers, else 0x03), then range within the
 * table's extent (else 0x02).
 */
export function handleRead(ctx: RequestContext, meta: RequestMeta, unitId: number, table: ModbusTable, pdu: Buffer): Handled {
  const bits = table === 'coil' || table === 'discrete';
  if (pdu.length !== 5) return exception(meta, EXCEPTION.illegalDataValue, [observation(ctx, meta, 'read', { value: { malformed: `PDU of ${pdu.length} bytes` } })]);
  const start = pdu.readUInt16BE(1);
  const quantity = pdu.readUInt16BE(3);
  const tags = ctx.map.tagsIn(unitId, table, start, quantity);
  const seen = observation(ctx, meta, 'read', {
    address: addressLabel(table, start, quantity, tags),
    ...(tags.length === 1 ? { tag: tags[0]!.tag.id } : {}),
  });
  const max = bits ? LIMITS.readBits : LIMITS.readRegisters;
  if (quantity < 1 || quantity > max) return exception(meta, EXCEPTION.illegalDataValue, [seen]);
  if (start + quantity > ctx.map.extent(unitId, table)) return exception(meta, EXCEPTION.illegalDataAddress, [seen]);
  const values = ctx.image.read(unitId, table, start, quantity);
  if (bits) {
    const bytes = Math.ceil(quantity / 8);
    const out = Buffer.alloc(2 + bytes);
    out[0] = meta.fc;
    out[1] = bytes;
    // §6.1: LSB of the first data byte is the first addressed bit.
    values.forEach((v, i) => {
      const at = 2 + (i >> 3);
      if (v) out[at] = (out[at] ?? 0) | (1 << (i & 7));
    });
    return { pdu: out, observations: [seen] };
  }
  const out = Buffer.alloc(2 + quantity * 2);
  out[0] = meta.fc;
  out[1] = quantity * 2;
  values.forEach((v, i) => out.writeUInt16BE(v, 2 + i * 2));
  return { pdu: out, observations: [seen] };
}
