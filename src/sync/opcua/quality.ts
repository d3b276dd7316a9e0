import type { Quality } from '../../twin/events.js';

/**
 * A StatusCode's severity, OPC 10000-4 §7.39: the top two bits are
 * 00 Good, 01 Uncertain, 10 Bad (11 reserved, treated as Bad).
 */
export function qualityOf(statusCode: number): Quality {
  const severity = (statusCode >>> 30) & 0b11;
  return severity === 0 ? 'good' : severity === 1 ? 'uncertain' : 'bad';
}
