import type { Observation } from '../../twin/observations.js';
import { FieldProblem, FlowError } from './flow-error.js';
import { isRecord, zeekField, type JsonRecord } from './fields.js';
import { parseGenericFlow } from './parse-generic-flow.js';
import { parseZeekConn } from './parse-zeek-conn.js';
import { parseZeekModbus, type ModbusSkip } from './parse-zeek-modbus.js';

export type FlowFormat = 'auto' | 'generic' | 'zeek-conn' | 'zeek-modbus';
export const FLOW_FORMATS: readonly FlowFormat[] = ['auto', 'generic', 'zeek-conn', 'zeek-modbus'];

export type LineResult =
  | { kind: 'observation'; observation: Observation }
  /** A valid line that carries nothing to observe. */
  | { kind: 'skip'; why: 'blank' | 'comment' | ModbusSkip }
  | { kind: 'malformed'; error: FlowError };

/** Header lines only Zeek's TSV writer produces (Zeek manual, "Logging framework": ASCII writer). */
const ZEEK_TSV_HEADER = /^#(separator|set_separator|empty_field|unset_field|path|open|fields|types)\b/;

/**
 * Which parser a record needs under `auto`: a Zeek record has `id.orig_h`
 * (flat or nested); a modbus.log one also has `func`. Anything else is a
 * generic flow record.
 */
export function detectFormat(rec: JsonRecord): Exclude<FlowFormat, 'auto'> {
  if (zeekField(rec, 'id.orig_h') === undefined) return 'generic';
  return Object.hasOwn(rec, 'func') ? 'zeek-modbus' : 'zeek-conn';
}

/**
 * Parses one line of a JSON-lines flow log. Never throws for bad input:
 * malformed lines come back as FlowErrors positioned at `file:line`.
 * Throws FlowError `zeek-tsv` only, because a TSV file would otherwise be
 * reported as thousands of malformed lines instead of one fix.
 */
export function parseFlowLine(text: string, at: { file: string; line: number }, format: FlowFormat = 'auto'): LineResult {
  const s = text.trim();
  if (s === '') return { kind: 'skip', why: 'blank' };
  if (s.startsWith('#')) {
    if (ZEEK_TSV_HEADER.test(s)) throw new FlowError('zeek-tsv', at, 'Zeek TSV is not supported; set LogAscii::use_json=T');
    return { kind: 'skip', why: 'comment' };
  }
  let rec: unknown;
  try {
    rec = JSON.parse(s);
  } catch (err) {
    const why = (err as Error).message.replace(/, ".*" is not valid JSON$/s, '').slice(0, 80);
    return { kind: 'malformed', error: new FlowError('bad-json', at, `not JSON: ${why}`) };
  }
  if (!isRecord(rec)) return { kind: 'malformed', error: new FlowError('bad-json', at, 'not a JSON object') };
  const fmt = format === 'auto' ? detectFormat(rec) : format;
  const source = `flows:${fmt === 'generic' ? 'generic' : 'zeek'}:${at.file}`;
  try {
    if (fmt === 'zeek-modbus') {
      const r = parseZeekModbus(rec, source);
      return typeof r === 'string' ? { kind: 'skip', why: r } : { kind: 'observation', observation: r };
    }
    return { kind: 'observation', observation: fmt === 'zeek-conn' ? parseZeekConn(rec, source) : parseGenericFlow(rec, source) };
  } catch (err) {
    if (!(err instanceof FieldProblem)) throw err;
    return { kind: 'malformed', error: new FlowError(err.code, { ...at, field: err.field }, err.reason) };
  }
}
