import { TwinwardError } from '../../common/errors.js';

/**
 * Configuration mistakes in the OPC UA server or connector, thrown at
 * construction or start. Field data never throws: a bad node or value
 * travels as a StatusCode, a quality or an unknown source.
 */
export type OpcUaErrorCode = 'bad-option' | 'start-failed';

export class OpcUaError extends TwinwardError<OpcUaErrorCode> {}
