import { TwinwardError } from '../../common/errors.js';

/**
 * What can be wrong with a recording. `bad-header`, `unreadable` and
 * `bad-option` stop a replay; the others describe one row or cell, which is
 * counted and skipped (or, for `bad-cell`, replayed as rejected evidence).
 */
export type ReplayErrorCode =
  | 'unreadable'
  | 'bad-option'
  | 'bad-header'
  | 'bad-row'
  | 'bad-time'
  | 'time-goes-back'
  | 'bad-cell'
  | 'bad-label'
  | 'no-labels';

/** Where in a recording a problem is: the file as named by the user, a 1-based line, a header column. */
export interface ReplayPosition {
  file: string;
  line?: number;
  column?: string;
}

/**
 * A problem in a recorded file, positioned like a compiler message:
 * `<file>:<line>: <column>: <what is wrong>` (line and column when known).
 */
export class ReplayError extends TwinwardError<ReplayErrorCode> {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: string | undefined;
  readonly reason: string;

  constructor(code: ReplayErrorCode, at: ReplayPosition, reason: string, options?: { cause?: unknown }) {
    super(code, formatPosition(at, reason), options);
    this.file = at.file;
    this.line = at.line;
    this.column = at.column;
    this.reason = reason;
  }
}

export function formatPosition(at: ReplayPosition, reason: string): string {
  return [at.file, ...(at.line === undefined ? [] : [String(at.line)]), ...(at.column === undefined ? [] : [` ${at.column}`]), ` ${reason}`].join(':');
}

/** Untrusted text quoted into a message: JSON-escaped and cut so one bad cell cannot flood a log. */
export function quote(raw: string, max = 40): string {
  return JSON.stringify(raw.length > max ? `${raw.slice(0, max)}...` : raw);
}
