import { TwinwardError } from '../common/errors.js';

export type LedgerErrorCode = 'no-entry' | 'no-checkpoint' | 'bad-request' | 'not-private' | 'read-only' | 'bad-proof';

/** A ledger request that cannot be answered as asked; the message says why. */
export class LedgerError extends TwinwardError<LedgerErrorCode> {}
