import { TwinwardError } from '../common/errors.js';

/**
 * - invalid-options: an option of a risk assessment is out of range or names
 *   something the model lacks (an unknown entry point); `field` says which
 *   (`runs`, `entries[2]`) and the message starts with it.
 */
export type RiskErrorCode = 'invalid-options';

/** Raised by risk assessment; options arrive from the CLI and the API, so each error names its field. */
export class RiskError extends TwinwardError<RiskErrorCode> {
  readonly field: string;
  constructor(code: RiskErrorCode, field: string, message: string, options?: { cause?: unknown }) {
    super(code, `${field}: ${message}`, options);
    this.field = field;
  }
}
