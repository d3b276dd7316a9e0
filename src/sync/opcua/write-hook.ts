import { AttributeIds, DataType, StatusCodes, Variant, type ISessionContext, type StatusCode, type StatusCodeCallback, type UAVariable, type WriteValueOptions } from 'node-opcua';
import type { PlantIO, WriteOrigin, WriteResult } from '../../process/plant-io.js';
import type { CommandObservation } from '../../twin/observations.js';
import type { PlantVariable } from './address-space.js';

/** Who is writing: the client's IP address from the secure channel, else the session name (OPC 10000-4 §5.6.2). */
export function writerOf(context: ISessionContext | null): string {
  const session = context?.session as { channel?: { remoteAddress?: unknown }; sessionName?: unknown } | undefined;
  const address = session?.channel?.remoteAddress;
  if (typeof address === 'string' && address) return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  return typeof session?.sessionName === 'string' && session.sessionName ? session.sessionName : 'unknown';
}

const REFUSAL: Record<Extract<WriteResult, { ok: false }>['reason'], StatusCode> = {
  'unknown-tag': StatusCodes.BadNodeIdUnknown,
  'read-only': StatusCodes.BadNotWritable,
  'out-of-range': StatusCodes.BadOutOfRange,
  'not-a-number': StatusCodes.BadTypeMismatch,
};

/**
 * Routes client writes of a variable's Value to PlantIO.write and reports
 * every write attempt, accepted or not, as a CommandObservation. The hook
 * sits on writeAttribute because node-opcua's value setters do not see the
 * session, and the writer's address is what the twin judges. Writable tags
 * take any numeric or Boolean Variant; read-only tags go through
 * node-opcua's own checks (BadNotWritable from their AccessLevel).
 */
export function hookWrites(pv: PlantVariable, plant: PlantIO, report: (o: CommandObservation) => void): void {
  const { variable, tag, writable } = pv;
  const inner = variable.writeAttribute.bind(variable) as (c: ISessionContext | null, w: WriteValueOptions, cb: StatusCodeCallback) => void;
  const hooked = (context: ISessionContext | null, writeValue: WriteValueOptions, callback: StatusCodeCallback) => {
    const host = writerOf(context);
    const requested = (writeValue.value as { value?: { value?: unknown } } | undefined)?.value?.value;
    const isValue = (writeValue.attributeId ?? AttributeIds.Value) === AttributeIds.Value;
    const done = (err: Error | null, status?: StatusCode) => {
      report({
        kind: 'command', time: new Date(), protocol: 'opc-ua', operation: isValue ? 'write' : 'other', from: host, to: tag.asset, tag: tag.id,
        address: pv.nodeId, value: plainValue(requested), source: `opcua-server:${tag.asset}`,
      });
      callback(err, status);
    };
    if (!isValue || !writable) return inner(context, writeValue, done);
    if (hasIndexRange(writeValue.indexRange)) return done(null, StatusCodes.BadWriteNotSupported);
    const value = typeof requested === 'boolean' ? Number(requested) : requested;
    if (typeof value !== 'number') return done(null, StatusCodes.BadTypeMismatch);
    const origin: WriteOrigin = { protocol: 'opc-ua', host };
    const result = plant.write(tag.id, value, origin);
    if (!result.ok) return done(null, REFUSAL[result.reason]);
    variable.setValueFromSource(new Variant({ dataType: DataType.Double, value: plant.value(tag.id) ?? value }), StatusCodes.Good, new Date());
    done(null, StatusCodes.Good);
  };
  // Both overloads: callback, or a promise when none is given.
  variable.writeAttribute = ((context: ISessionContext | null, writeValue: WriteValueOptions, callback?: StatusCodeCallback) => {
    if (callback) return hooked(context, writeValue, callback);
    return new Promise<StatusCode>((resolve, reject) => hooked(context, writeValue, (err, status) => (err ? reject(err) : resolve(status ?? StatusCodes.Good))));
  }) as UAVariable['writeAttribute'];
}

/** A scalar tag has no index range; node-opcua passes an empty NumericRange when the client gave none. */
function hasIndexRange(range: unknown): boolean {
  if (range === undefined || range === null || range === '') return false;
  const r = range as { isDefined?: () => boolean };
  return typeof r.isDefined === 'function' ? r.isDefined() : true;
}

/** Keeps observation values JSON-friendly: numbers, booleans, short strings. */
function plainValue(v: unknown): unknown {
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return v;
  if (typeof v === 'string') return v.slice(0, 200);
  return String(v).slice(0, 200);
}
