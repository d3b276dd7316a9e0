/** A decimal number as CSV writers print it; no hex, no `Infinity`, no thousands separators. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Longest text kept from a bad cell: enough to recognise it, too short to bloat the event log. */
const MAX_BAD_CELL = 256;

export type Cell =
  | { kind: 'empty' }
  | { kind: 'value'; value: number | boolean }
  /** Not a number: the (trimmed, cut) text travels on so the twin records it as rejected evidence. */
  | { kind: 'bad'; value: string };

/**
 * Judges one cell. Empty cells are missing samples, not errors (CSV
 * exporters leave gaps where a sensor was not polled); `true`/`false` are
 * status bits; anything else that is not a finite decimal is bad.
 */
export function parseCell(raw: string): Cell {
  const s = raw.trim();
  if (s === '') return { kind: 'empty' };
  if (DECIMAL.test(s)) {
    const n = Number(s);
    return Number.isFinite(n) ? { kind: 'value', value: n } : { kind: 'bad', value: s.slice(0, MAX_BAD_CELL) };
  }
  const lower = s.toLowerCase();
  if (lower === 'true' || lower === 'false') return { kind: 'value', value: lower === 'true' };
  return { kind: 'bad', value: s.slice(0, MAX_BAD_CELL) };
}
