import { TwinwardError } from '../common/errors.js';

/**
 * - invalid-request: a field of an attack request is malformed or names
 *   something the model lacks (an unknown asset or goal, an asset that
 *   writes no tag, a horizon ≤ 0...); the message starts with the field.
 * - invalid-scenario: the injections built to express an attack were
 *   refused by the scenario checks (a bug in this area, not in the request).
 * - invalid-changes: a set of model changes to try is malformed.
 * - invalid-model: the model cannot be analysed or simulated as it is.
 */
export type AttackErrorCode = 'invalid-request' | 'invalid-scenario' | 'invalid-changes' | 'invalid-model';

/** Raised by attack analysis and simulation; requests arrive from the CLI and the API, so messages name the field at fault. */
export class AttackError extends TwinwardError<AttackErrorCode> {}
