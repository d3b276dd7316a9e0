import { isIP } from 'node:net';
import { parseTime } from '../replay/index.js';
import { FieldProblem } from './flow-error.js';

/** One parsed JSON line. Every value in it is attacker-controlled: read it only through the functions below. */
export type JsonRecord = Record<string, unknown>;

export function isRecord(v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A field by its Zeek name. Zeek's JSON writer flattens records into dotted
 * keys (`"id.orig_h"`); some shippers nest them (`{"id": {"orig_h": ...}}`).
 * Own properties only, so `__proto__` or `constructor` in a line never reach
 * Object.prototype.
 */
export function zeekField(rec: JsonRecord, name: string): unknown {
  if (Object.hasOwn(rec, name)) return rec[name];
  let cur: unknown = rec;
  for (const part of name.split('.')) {
    if (!isRecord(cur) || !Object.hasOwn(cur, part)) return undefined;
    cur = cur[part];
  }
  return cur;
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?$/;

/** An IP address (v4 or v6), or with `hostnames` a DNS name; `-` and absent are missing. */
export function readHost(v: unknown, field: string, hostnames = false): string {
  if (v === undefined || v === null || v === '' || v === '-') throw new FieldProblem('missing-field', field, 'missing');
  if (typeof v !== 'string') throw new FieldProblem('bad-field', field, `expected an IP address, got ${describe(v)}`);
  const s = v.trim();
  if (isIP(s) !== 0 || (hostnames && HOSTNAME.test(s))) return s;
  throw new FieldProblem('bad-field', field, `expected an IP address${hostnames ? ' or host name' : ''}, got ${describe(v)}`);
}

/** A TCP/UDP port 0-65535, as a number or a numeric string; undefined when absent. */
export function readPort(v: unknown, field: string): number | undefined {
  const n = readCount(v, field);
  if (n !== undefined && n > 65535) throw new FieldProblem('bad-field', field, `expected a port 0-65535, got ${n}`);
  return n;
}

/** A non-negative whole number (bytes, packets), as a number or a numeric string; undefined when absent. */
export function readCount(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null || v === '' || v === '-') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,16}$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw new FieldProblem('bad-field', field, `expected a whole number of 0 or more, got ${describe(v)}`);
  return n;
}

/**
 * A time as an ISO 8601 string: epoch seconds (Zeek's default `ts`, with
 * fraction), epoch milliseconds, or an ISO 8601 string (Zeek with
 * JSON::TS_ISO8601, most other tools).
 */
export function readTime(v: unknown, field: string): string {
  if (v === undefined || v === null || v === '' || v === '-') throw new FieldProblem('missing-field', field, 'missing');
  const t = typeof v === 'number' || typeof v === 'string' ? parseTime(String(v)) : undefined;
  if (!t) throw new FieldProblem('bad-field', field, `expected epoch seconds or an ISO 8601 time, got ${describe(v)}`);
  return t.toISOString();
}

/** A short string field (service names, function names); undefined when absent or `-`. */
export function readWord(v: unknown, field: string, max = 64): string | undefined {
  if (v === undefined || v === null || v === '' || v === '-') return undefined;
  if (typeof v !== 'string' || v.length > max) throw new FieldProblem('bad-field', field, `expected a name of at most ${max} characters, got ${describe(v)}`);
  return v.trim();
}

export type Transport = 'tcp' | 'udp' | 'icmp';

/** IANA protocol numbers: 1 ICMP, 6 TCP, 17 UDP, 58 ICMPv6 (read as icmp). */
const TRANSPORT_NUMBERS: Readonly<Record<number, Transport>> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmp' };

/**
 * A transport protocol by name (any case; `icmpv6`/`ipv6-icmp` read as icmp)
 * or IANA number. Returns undefined for absent or `unknown_transport`
 * (Zeek's word for anything else); throws for garbage.
 */
export function readTransport(v: unknown, field: string): Transport | undefined {
  if (v === undefined || v === null || v === '' || v === '-' || v === 'unknown_transport') return undefined;
  if (typeof v === 'number' || (typeof v === 'string' && /^\d{1,3}$/.test(v))) {
    const t = TRANSPORT_NUMBERS[Number(v)];
    if (t) return t;
  } else if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'tcp' || s === 'udp' || s === 'icmp') return s;
    if (s === 'icmpv6' || s === 'ipv6-icmp' || s === 'icmp6') return 'icmp';
  }
  throw new FieldProblem('bad-field', field, `expected tcp, udp or icmp, got ${describe(v)}`);
}

/** Untrusted input in a message: JSON-quoted and cut. */
export function describe(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 40 ? `${s.slice(0, 40)}...` : s;
}
