import { TwinwardError } from '../common/errors.js';

/**
 * What detection and evaluation refuse. `bad-input`: rows or labels of the
 * wrong shape or non-finite values; `too-few-rows`: not enough training rows
 * to estimate the model; `bad-option`: a parameter outside its range;
 * `not-fitted`: scoring before fitting.
 */
export type DetectErrorCode = 'bad-input' | 'too-few-rows' | 'bad-option' | 'not-fitted';

export class DetectError extends TwinwardError<DetectErrorCode> {}
