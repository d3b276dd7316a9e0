import { TwinwardError } from '../common/errors.js';

/**
 * - invalid-request: a field of an attack request is malformed or names
 *   something the model lacks (an unknown asset or goal, an asset that
 *   writes no tag, a horizon ≤ 0...); the message starts with the field.
 * - invalid-scenario: an attack scenario is malformed (a scenario file, or
 *   the plant injections built to express a takeover, which the process
 *   scenario checks refused: a bug here, not in the request).
 * - invalid-changes: a set of model changes to try is malformed.
 * - invalid-model: the model cannot be analysed or simulated as it is.
 */
export type AttackErrorCode = 'invalid-request' | 'invalid-scenario' | 'invalid-changes' | 'invalid-model';

/** Raised by attack analysis and simulation; requests arrive from the CLI and the API, so messages name the field at fault. */
export class AttackError extends TwinwardError<AttackErrorCode> {}
