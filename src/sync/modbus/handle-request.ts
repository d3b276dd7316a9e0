import type { AddressMap } from './address-map.js';
import { EXCEPTION, FC, operationOf } from './function-codes.js';
import { handleRead } from './handle-read.js';
import { handleWrite } from './handle-write.js';
import type { MbapFrame } from './mbap.js';
import { exception, observation, type Handled, type RequestContext, type RequestMeta } from './request-context.js';

/**
 * Answers one request frame from `from` and says what to report. Never
 * throws on what the client sent: malformed PDUs get 0x03, unknown function
 * codes 0x01 (Modbus Application Protocol v1.1b3 §7), a unit id the device
 * does not serve 0x0B (Modbus TCP Implementation Guide §4.4.1.2, as a
 * gateway would).
 */
export function handleRequest(ctx: RequestContext, from: string, frame: MbapFrame, time: Date): Handled {
  const fc = frame.pdu[0] ?? 0;
  const meta: RequestMeta = { from, unitId: frame.unitId, fc, time };
  const unitId = resolveUnit(ctx.map, frame.unitId);
  if (unitId === undefined) {
    return exception(meta, EXCEPTION.gatewayTargetFailed, [observation(ctx, meta, operationOf(fc), { value: { unitId: frame.unitId } })]);
  }
  switch (fc) {
    case FC.readCoils:
      return handleRead(ctx, meta, unitId, 'coil', frame.pdu);
    case FC.readDiscreteInputs:
      return handleRead(ctx, meta, unitId, 'discrete', frame.pdu);
    case FC.readHoldingRegisters:
      return handleRead(ctx, meta, unitId, 'holding', frame.pdu);
    case FC.readInputRegisters:
      return handleRead(ctx, meta, unitId, 'input', frame.pdu);
    case FC.writeSingleCoil:
    case FC.writeSingleRegister:
    case FC.writeMultipleCoils:
    case FC.writeMultipleRegisters:
      return handleWrite(ctx, meta, unitId, frame.pdu);
    default:
      return exception(meta, EXCEPTION.illegalFunction, [observation(ctx, meta, operationOf(fc), frame.pdu.length > 1 ? { value: { data: frame.pdu.subarray(1, 33).toString('hex') } } : {})]);
  }
}

/**
 * The unit a request addresses. Unit ids 0 and 255 mean "this device" on
 * Modbus TCP (Implementation Guide §4.4.1.2) when it serves a single unit.
 */
export function resolveUnit(map: AddressMap, unitId: number): number | undefined {
  if (map.units.includes(unitId)) return unitId;
  if ((unitId === 0 || unitId === 255) && map.units.length === 1) return map.units[0];
  return undefined;
}
