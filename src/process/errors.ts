import { TwinwardError } from '../common/errors.js';
import { formatProblem, type ModelProblem } from '../model/index.js';

/**
 * - invalid-scenario: a scenario file is malformed or names tags/units the model lacks (`problems` says where).
 * - invalid-option: a simulator option is out of its domain (a step that is not a whole number of ms...).
 */
export type ProcessErrorCode = 'invalid-scenario' | 'invalid-option';

/** Raised by the plant simulator and the scenario loader; field-data problems never throw. */
export class ProcessError extends TwinwardError<ProcessErrorCode> {
  readonly problems: ModelProblem[];
  constructor(code: ProcessErrorCode, message: string, problems: ModelProblem[] = [], options?: { cause?: unknown }) {
    super(code, problems.length === 1 ? formatProblem(problems[0]!) : message, options);
    this.problems = problems;
  }
}
