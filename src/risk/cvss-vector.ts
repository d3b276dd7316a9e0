import { TwinwardError } from '../common/errors.js';

export type CvssVersion = '3.0' | '3.1' | '4.0';

export class CvssError extends TwinwardError<'invalid-cvss'> {}

const X = 'X';
const cia3 = ['H', 'L', 'N'];
const req = ['X', 'H', 'M', 'L'];

/** CVSS v3.x metrics and values (CVSS v3.1 specification §2, §3, §4; §6 vector string). */
const V3: Record<string, { values: string[]; base?: true }> = {
  AV: { values: ['N', 'A', 'L', 'P'], base: true },
  AC: { values: ['L', 'H'], base: true },
  PR: { values: ['N', 'L', 'H'], base: true },
  UI: { values: ['N', 'R'], base: true },
  S: { values: ['U', 'C'], base: true },
  C: { values: cia3, base: true },
  I: { values: cia3, base: true },
  A: { values: cia3, base: true },
  E: { values: [X, 'H', 'F', 'P', 'U'] },
  RL: { values: [X, 'U', 'W', 'T', 'O'] },
  RC: { values: [X, 'C', 'R', 'U'] },
  CR: { values: req },
  IR: { values: req },
  AR: { values: req },
  MAV: { values: [X, 'N', 'A', 'L', 'P'] },
  MAC: { values: [X, 'L', 'H'] },
  MPR: { values: [X, 'N', 'L', 'H'] },
  MUI: { values: [X, 'N', 'R'] },
  MS: { values: [X, 'U', 'C'] },
  MC: { values: [X, ...cia3] },
  MI: { values: [X, ...cia3] },
  MA: { values: [X, ...cia3] },
};

/** CVSS v4.0 metrics and values (CVSS v4.0 specification §7, vector string). */
const V4: Record<string, { values: string[]; base?: true }> = {
  AV: { values: ['N', 'A', 'L', 'P'], base: true },
  AC: { values: ['L', 'H'], base: true },
  AT: { values: ['N', 'P'], base: true },
  PR: { values: ['N', 'L', 'H'], base: true },
  UI: { values: ['N', 'P', 'A'], base: true },
  VC: { values: cia3, base: true },
  VI: { values: cia3, base: true },
  VA: { values: cia3, base: true },
  SC: { values: cia3, base: true },
  SI: { values: cia3, base: true },
  SA: { values: cia3, base: true },
  E: { values: [X, 'A', 'P', 'U'] },
  CR: { values: req },
  IR: { values: req },
  AR: { values: req },
  MAV: { values: [X, 'N', 'A', 'L', 'P'] },
  MAC: { values: [X, 'L', 'H'] },
  MAT: { values: [X, 'N', 'P'] },
  MPR: { values: [X, 'N', 'L', 'H'] },
  MUI: { values: [X, 'N', 'P', 'A'] },
  MVC: { values: [X, ...cia3] },
  MVI: { values: [X, ...cia3] },
  MVA: { values: [X, ...cia3] },
  MSC: { values: [X, ...cia3] },
  MSI: { values: [X, 'S', ...cia3] },
  MSA: { values: [X, 'S', ...cia3] },
  S: { values: [X, 'N', 'P'] },
  AU: { values: [X, 'N', 'Y'] },
  R: { values: [X, 'A', 'U', 'I'] },
  V: { values: [X, 'D', 'C'] },
  RE: { values: [X, 'L', 'M', 'H'] },
  U: { values: [X, 'Clear', 'Green', 'Amber', 'Red'] },
};

export interface CvssVector {
  version: CvssVersion;
  metrics: Record<string, string>;
  vector: string;
}

/**
 * Parses and validates a CVSS 3.0/3.1/4.0 vector string. Scoring libraries
 * silently default unknown or missing metrics, so every vector is checked
 * here first: all base metrics present, each metric known, once, with an
 * allowed value. Throws CvssError naming the first offending part.
 */
export function parseCvssVector(vector: string): CvssVector {
  const parts = vector.split('/');
  const head = parts.shift() ?? '';
  const m = /^CVSS:(3\.0|3\.1|4\.0)$/.exec(head);
  if (!m) throw new CvssError('invalid-cvss', `expected the vector to start with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/, got "${head}"`);
  const version = m[1] as CvssVersion;
  const table = version === '4.0' ? V4 : V3;
  const metrics: Record<string, string> = {};
  for (const part of parts) {
    const [name, value, extra] = part.split(':');
    if (!name || value === undefined || extra !== undefined) throw new CvssError('invalid-cvss', `"${part}" is not a METRIC:VALUE pair`);
    const spec = table[name];
    if (!spec) throw new CvssError('invalid-cvss', `unknown CVSS ${version} metric "${name}"`);
    if (name in metrics) throw new CvssError('invalid-cvss', `metric ${name} appears twice`);
    if (!spec.values.includes(value)) throw new CvssError('invalid-cvss', `${name}:${value} is not allowed; ${name} takes ${spec.values.join(', ')}`);
    metrics[name] = value;
  }
  const missing = Object.entries(table).filter(([k, s]) => s.base && !(k in metrics)).map(([k]) => k);
  if (missing.length > 0) throw new CvssError('invalid-cvss', `missing base metric${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return { version, metrics, vector };
}
