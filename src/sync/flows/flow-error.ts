import { TwinwardError } from '../../common/errors.js';

/**
 * What can be wrong with a flow log. `zeek-tsv`, `unreadable` and
 * `bad-option` stop the connector; the others describe one line, which is
 * counted as malformed and skipped.
 */
export type FlowErrorCode =
  | 'unreadable'
  | 'bad-option'
  | 'zeek-tsv'
  | 'line-too-long'
  | 'bad-json'
  | 'missing-field'
  | 'bad-field';

/**
 * A problem in a flow log, positioned like a compiler message:
 * `<file>:<line>: <field>: <what is wrong>` (line and field when known).
 */
export class FlowError extends TwinwardError<FlowErrorCode> {
  readonly file: string;
  readonly line: number | undefined;
  readonly field: string | undefined;
  readonly reason: string;

  constructor(code: FlowErrorCode, at: { file: string; line?: number; field?: string }, reason: string, options?: { cause?: unknown }) {
    const where = [at.file, ...(at.line === undefined ? [] : [String(at.line)]), ...(at.field === undefined ? [] : [` ${at.field}`])];
    super(code, `${where.join(':')}: ${reason}`, options);
    this.file = at.file;
    this.line = at.line;
    this.field = at.field;
    this.reason = reason;
  }
}

/** A field-level problem found by a record parser; the line reader adds the file and line. */
export class FieldProblem extends Error {
  constructor(
    readonly code: 'missing-field' | 'bad-field',
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}
