/**
 * RFC 8785 JSON Canonicalization Scheme: object keys sorted by UTF-16 code
 * units, no insignificant white space, numbers in ECMAScript shortest form.
 * Hashes and signatures are computed over this form so that two nodes
 * serializing the same value produce the same bytes.
 *
 * This module imports nothing: the console's in-browser ledger verifier uses
 * it as is.
 */
export function canonicalJson(value: unknown): string {
  return write(value, false);
}

/**
 * The canonical JSON of a value as it reads back after JSON.stringify and
 * JSON.parse (what a store keeps): NaN and Infinity become null, functions
 * and symbols are dropped from objects and null in arrays. Equal to
 * canonicalJson(JSON.parse(JSON.stringify(value))) without the round trip.
 */
export function canonicalJsonAsStored(value: unknown): string {
  return write(value, true);
}

/** `stored`: JSON.stringify's coercions instead of refusing what JSON cannot hold. */
function write(v: unknown, stored: boolean): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (Number.isFinite(v)) return JSON.stringify(v);
      if (stored) return 'null';
      throw new TypeError('canonical JSON cannot represent NaN or Infinity');
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      // Dates (and anything else with toJSON) are written as JSON.stringify would.
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return write((v as { toJSON(): unknown }).toJSON(), stored);
      if (Array.isArray(v)) {
        let s = '[';
        for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + (absent(v[i], stored) ? 'null' : write(v[i], stored));
        return `${s}]`;
      }
      let s = '{';
      let first = true;
      // Default sort compares UTF-16 code units, as RFC 8785 §3.2.3 asks.
      for (const k of Object.keys(v).sort()) {
        const x = (v as Record<string, unknown>)[k];
        if (absent(x, stored)) continue;
        s += `${first ? '' : ','}${JSON.stringify(k)}:${write(x, stored)}`;
        first = false;
      }
      return `${s}}`;
    }
    default:
      if (stored && (typeof v === 'function' || typeof v === 'symbol' || v === undefined)) return 'null';
      throw new TypeError(`canonical JSON cannot represent a ${typeof v}`);
  }
}

/** Values an object member or array slot leaves out (JSON.stringify drops them, or writes null in arrays). */
function absent(x: unknown, stored: boolean): boolean {
  return x === undefined || (stored && (typeof x === 'function' || typeof x === 'symbol'));
}
