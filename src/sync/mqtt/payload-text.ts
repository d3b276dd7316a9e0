/**
 * A short, printable stand-in for a payload the connector cannot use. It
 * travels as the value of a rejected reading or in an unknown-source detail,
 * so it is bounded and free of control characters: payloads are
 * attacker-controlled and end up in logs and the console.
 */
export function describePayload(payload: Uint8Array, reason: string, max = 48): string {
  const head = Buffer.from(payload.subarray(0, max)).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
  return `${reason} (${payload.length} bytes): ${head}${payload.length > max ? '...' : ''}`;
}

/** A wire string (topic, metric name) made safe for a source or detail: printable ASCII, at most `max` characters. */
export function printable(s: string, max = 120): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}...` : clean;
}
