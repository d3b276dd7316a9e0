import sparkplug from 'sparkplug-payload';
import type { UMetric, UPayload } from 'sparkplug-payload/lib/sparkplugbpayload.js';
import { MqttError } from './errors.js';

const codec = sparkplug.get('spBv1.0')!;

/** One metric as read from the wire; `value` is normalized to a JavaScript primitive. */
export interface SparkplugMetric {
  name?: string;
  alias?: number;
  type?: string;
  value: number | boolean | string | null | { opaque: string };
  /** ms since the epoch. */
  timestamp?: number;
}

export interface SparkplugMessage {
  timestamp?: number;
  seq?: number;
  metrics: SparkplugMetric[];
}

/** A metric to encode; numbers are sent as Double unless `type` says otherwise. */
export interface MetricOut {
  name: string;
  /** null sends the metric with is_null set (a birth listing a metric that has no value yet). */
  value: number | boolean | null;
  type?: 'Double' | 'Boolean' | 'Int64' | 'UInt64';
  timestamp?: number;
}

/** protobufjs hands 64-bit fields over as Long objects; anything with toNumber() is one. */
function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && typeof (v as { toNumber?: unknown }).toNumber === 'function') {
    const n = (v as { toNumber(): unknown }).toNumber();
    return typeof n === 'number' ? n : undefined;
  }
  return undefined;
}

function normalizeValue(m: UMetric): SparkplugMetric['value'] {
  if (m.isNull) return null;
  const v: unknown = m.value;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' || v === null) return v;
  const n = toNumber(v);
  if (n !== undefined) return n;
  return { opaque: m.type ?? 'unknown' };
}

/**
 * Decodes a Sparkplug B payload (Sparkplug B 3.0 §6.4, the Tahu protobuf
 * schema). Payloads are untrusted: protobuf errors become MqttError
 * 'bad-payload', and 64-bit values are converted to numbers (precision past
 * 2^53 is lost, which no process value needs).
 */
export function decodeSparkplug(payload: Uint8Array): SparkplugMessage {
  let p: UPayload;
  try {
    p = codec.decodePayload(payload);
  } catch (err) {
    throw new MqttError('bad-payload', `not a Sparkplug B payload: ${(err as Error).message}`, { cause: err });
  }
  const metrics: SparkplugMetric[] = [];
  for (const m of p.metrics ?? []) {
    const out: SparkplugMetric = { value: normalizeValue(m) };
    if (typeof m.name === 'string') out.name = m.name;
    const alias = toNumber(m.alias);
    if (alias !== undefined) out.alias = alias;
    if (typeof m.type === 'string') out.type = m.type;
    const ts = toNumber(m.timestamp);
    if (ts !== undefined) out.timestamp = ts;
    metrics.push(out);
  }
  const msg: SparkplugMessage = { metrics };
  const ts = toNumber(p.timestamp);
  if (ts !== undefined) msg.timestamp = ts;
  const seq = toNumber(p.seq);
  if (seq !== undefined) msg.seq = seq;
  return msg;
}

/** Encodes a payload; `seq` is omitted for NDEATH (Sparkplug B 3.0 §6.4.7 carries only bdSeq). */
export function encodeSparkplug(msg: { timestamp: number; seq?: number; metrics: readonly MetricOut[] }): Uint8Array {
  const metrics: UMetric[] = msg.metrics.map((m) => ({
    name: m.name,
    type: m.type ?? (typeof m.value === 'boolean' ? 'Boolean' : 'Double'),
    value: m.value,
    ...(m.value === null ? { isNull: true } : {}),
    ...(m.timestamp === undefined ? {} : { timestamp: m.timestamp }),
  }));
  return codec.encodePayload({ timestamp: msg.timestamp, ...(msg.seq === undefined ? {} : { seq: msg.seq }), metrics });
}

/** Metric name of the birth/death sequence number (Sparkplug B 3.0 §6.4.19, Int64 in 3.0). */
export const BD_SEQ = 'bdSeq';
/** Metric an NBIRTH must carry and an NCMD sets true to ask for a rebirth (§6.4.16). */
export const REBIRTH = 'Node Control/Rebirth';
