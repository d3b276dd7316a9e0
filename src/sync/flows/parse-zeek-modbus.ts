import type { CommandObservation } from '../../twin/observations.js';
import { FieldProblem } from './flow-error.js';
import { describe, readHost, readTime, readWord, zeekField, type JsonRecord } from './fields.js';
import { modbusFunction } from './modbus-functions.js';

/** Why a valid modbus.log line yields no command. */
export type ModbusSkip = 'response' | 'exception';

/**
 * One record of Zeek's modbus.log as JSON: `ts`, `id.orig_h` (the client,
 * i.e. who sent the command), `id.resp_h` (the device), `func`, and since
 * Zeek 5 `pdu_type` (REQ/RESP), `unit`, `exception`.
 * A command is what the client asked: requests become CommandObservations.
 * Responses repeat the request's function and are skipped; so are exception
 * responses (their request is already counted). Logs from Zeek before 5 have
 * no `pdu_type`: every line is taken as a request except those whose
 * function ends in `_EXCEPTION`.
 * Throws FieldProblem.
 */
export function parseZeekModbus(rec: JsonRecord, source: string): CommandObservation | ModbusSkip {
  const time = readTime(zeekField(rec, 'ts'), 'ts');
  const from = readHost(zeekField(rec, 'id.orig_h'), 'id.orig_h');
  const to = readHost(zeekField(rec, 'id.resp_h'), 'id.resp_h');
  const func = readWord(zeekField(rec, 'func'), 'func');
  if (func === undefined) throw new FieldProblem('missing-field', 'func', 'missing');
  const fn = modbusFunction(func);
  if (!fn) throw new FieldProblem('bad-field', 'func', `not a Modbus function: ${describe(func)}`);
  const pdu = readWord(zeekField(rec, 'pdu_type'), 'pdu_type');
  if (pdu !== undefined && pdu !== 'REQ' && pdu !== 'RESP') throw new FieldProblem('bad-field', 'pdu_type', `expected REQ or RESP, got ${describe(pdu)}`);
  const exception = readWord(zeekField(rec, 'exception'), 'exception');
  if (pdu === 'RESP') return exception !== undefined || fn.exception ? 'exception' : 'response';
  if (fn.exception || exception !== undefined) return 'exception';
  return { kind: 'command', time, protocol: 'modbus-tcp', operation: fn.operation, functionCode: fn.code, from, to, source };
}
