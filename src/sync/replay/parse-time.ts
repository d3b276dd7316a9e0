/**
 * Timestamps as recordings write them. Accepted, in this order:
 *   - ISO 8601 / RFC 3339 date-times: `2020-03-09T10:14:33Z`, `...33.250+03:00`;
 *   - the same with a space instead of `T`: `2020-03-09 10:14:33` (SKAB);
 *   - a date alone: `2020-03-09` (midnight);
 *   - epoch numbers: seconds, or milliseconds when |n| >= 1e11 (1e11 s is
 *     the year 5138, 1e11 ms is 1973, so the two never overlap in practice).
 * A date-time without an offset is taken as UTC, never as the local time
 * of whoever replays the file, so a replay gives the same result anywhere.
 */

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const EPOCH = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Latest time accepted: year 9999, so a garbage number cannot become an unprintable Date. */
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The time `raw` denotes, or undefined when it is not one of the accepted forms or not a real calendar time. */
export function parseTime(raw: string): Date | undefined {
  const s = raw.trim();
  if (s === '') return undefined;
  if (EPOCH.test(s)) return fromEpoch(Number(s));
  const m = DATE_TIME.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  const parts = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(sec)] as const;
  const [year, month, day, hour, minute, second] = parts;
  // Leap second 60 is not representable in a JS Date; reject rather than silently roll over.
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 2020-02-30 over into March: compare back to catch impossible days.
  if (new Date(utc).getUTCDate() !== day) return undefined;
  const offset = offsetMinutes(zone);
  if (offset === undefined) return undefined;
  const t = utc - offset * 60_000;
  return Number.isFinite(t) && Math.abs(t) <= MAX_MS ? new Date(t) : undefined;
}

function offsetMinutes(zone: string | undefined): number | undefined {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function fromEpoch(n: number): Date | undefined {
  if (!Number.isFinite(n)) return undefined;
  const ms = Math.abs(n) >= 1e11 ? n : n * 1000;
  return Math.abs(ms) <= MAX_MS ? new Date(Math.round(ms)) : undefined;
}
