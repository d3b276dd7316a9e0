import type { PlantIO } from '../../process/plant-io.js';
import type { CommandObservation } from '../../twin/observations.js';
import type { AddressMap, BoundTag } from './address-map.js';
import type { CodecOptions, ModbusTable } from './codec.js';
import { exceptionPdu } from './function-codes.js';
import type { RegisterImage } from './register-image.js';

/** What the request handlers of one device's server work on. */
export interface RequestContext {
  asset: string;
  map: AddressMap;
  image: RegisterImage;
  plant: PlantIO;
  codec: CodecOptions;
  /** `modbus-server:<asset>`, the observations' source. */
  source: string;
}

/** One request as received: who sent it, to which unit, when. */
export interface RequestMeta {
  from: string;
  unitId: number;
  fc: number;
  time: Date;
}

/** The answer PDU and what the twin should hear about the request. */
export interface Handled {
  pdu: Buffer;
  observations: CommandObservation[];
  /** Modbus exception code when the answer is an exception. */
  exception?: number;
}

export function observation(ctx: RequestContext, meta: RequestMeta, operation: CommandObservation['operation'], extra: Partial<CommandObservation> = {}): CommandObservation {
  return {
    kind: 'command',
    time: meta.time,
    protocol: 'modbus-tcp',
    operation,
    functionCode: meta.fc,
    from: meta.from,
    to: ctx.asset,
    source: ctx.source,
    ...extra,
  };
}

export function exception(meta: RequestMeta, code: number, observations: CommandObservation[]): Handled {
  return { pdu: exceptionPdu(meta.fc, code), observations, exception: code };
}

/** `holding:40` for one address or one whole tag, `input:0-8` for a span. */
export function addressLabel(table: ModbusTable, start: number, quantity: number, tags: readonly BoundTag[]): string {
  const whole = tags.length === 1 && tags[0]!.binding.address === start && tags[0]!.width === quantity;
  return quantity <= 1 || whole ? `${table}:${start}` : `${table}:${start}-${start + quantity - 1}`;
}
