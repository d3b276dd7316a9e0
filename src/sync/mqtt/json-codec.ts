import { describePayload } from './payload-text.js';

/** A decoded JSON sample: the value as sent (may be non-numeric) and its time, when valid. */
export type JsonDecoded =
  | { ok: true; value: unknown; time?: string; badTime?: true }
  | { ok: false; reason: string; text: string };

/** `{"value": <number>, "time": "<ISO 8601>"}`: what the publisher sends for one sample. */
export function encodeJsonSample(value: number, time: number | Date): string {
  return JSON.stringify({ value, time: new Date(time).toISOString() });
}

/** Milliseconds since the epoch or an ISO 8601 string -> ISO string; undefined when not a valid date. */
export function normalizeTime(t: unknown): string | undefined {
  if (typeof t !== 'number' && typeof t !== 'string') return undefined;
  if (typeof t === 'string' && t.length > 64) return undefined;
  const ms = typeof t === 'number' ? t : Date.parse(t);
  // ECMA-262 §21.4.1.31: Date values are limited to ±8.64e15 ms.
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : undefined;
}

/**
 * Decodes a JSON tag payload: `{"value": v, "time": t}` (t an ISO string or
 * ms since the epoch, optional) or a bare JSON value such as `42.5`. The
 * value is returned as sent, so the twin can record a non-number as a
 * rejected reading; an invalid time is dropped and flagged. Never throws.
 */
export function decodeJsonPayload(payload: Uint8Array, maxBytes = 64 * 1024): JsonDecoded {
  if (payload.length > maxBytes) return { ok: false, reason: 'payload-too-large', text: describePayload(payload, `payload over ${maxBytes} bytes`) };
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'));
  } catch {
    return { ok: false, reason: 'bad-json', text: describePayload(payload, 'not JSON') };
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { ok: true, value: doc };
  if (!Object.prototype.hasOwnProperty.call(doc, 'value')) return { ok: false, reason: 'no-value', text: describePayload(payload, 'JSON object without "value"') };
  const { value, time } = doc as { value: unknown; time?: unknown };
  if (time === undefined || time === null) return { ok: true, value };
  const iso = normalizeTime(time);
  return iso === undefined ? { ok: true, value, badTime: true } : { ok: true, value, time: iso };
}

/** The number a JSON write (`<topic>/set`) carries: `{"value": n}` or a bare number; undefined otherwise. */
export function decodeJsonWrite(payload: Uint8Array): number | undefined {
  const d = decodeJsonPayload(payload, 4096);
  if (!d.ok) return undefined;
  const v = typeof d.value === 'boolean' ? Number(d.value) : d.value;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
