import type { z } from 'zod';
import { describeIssues, formatPath } from '../model/index.js';
import { AttackError } from './errors.js';

import type { Segment } from '../model/index.js';

/**
 * Where a change set was written: a file (with positions when it was read
 * from text), or a request field such as `body.changeSet`.
 */
export interface ChangeOrigin {
  /** A file name, or a field path when `field` is true. */
  name: string;
  /** True for a request field: errors name `<name>.<path>` instead of `<name>: <path>`. */
  field?: boolean;
  /** Line and column of a path in the file, when known. */
  position?: (path: readonly Segment[], key?: boolean) => { line: number; col: number } | undefined;
}

/**
 * A change set is malformed, or names something the model lacks. Message:
 * `<file>[:<line>:<col>] <path>: <reason>`, or `<field>.<path>: <reason>`
 * for a request; `field` is the full path (`body.changeSet.changes[2].patch.cve`)
 * so the API can name it.
 */
export class ChangesError extends AttackError {
  readonly field: string;
  readonly reason: string;

  constructor(origin: ChangeOrigin, path: readonly Segment[], reason: string, key = false) {
    const p = formatPath(path);
    const field = origin.field ? formatPath([...origin.name.split('.'), ...path]) : p;
    const pos = origin.position?.(path, key);
    const where = origin.field ? `${field}${pos ? ` (line ${pos.line}, column ${pos.col})` : ''}` : `${origin.name}${pos ? `:${pos.line}:${pos.col}` : ':'} ${p || '(top)'}`;
    super('invalid-changes', `${where}: ${reason}`);
    this.field = field || origin.name;
    this.reason = reason;
  }

  /** The first zod issue, worded as `twinward validate` words model problems. */
  static fromIssues(origin: ChangeOrigin, at: readonly Segment[], issues: readonly z.core.$ZodIssue[]): ChangesError {
    const first = describeIssues(issues)[0]!;
    return new ChangesError(origin, [...at, ...first.path], first.message, first.key);
  }
}
