import { TwinwardError } from '../../common/errors.js';

/**
 * Configuration mistakes in the Modbus server or connector: thrown at
 * construction, never for field data (a bad frame or value travels as a
 * counter, a quality or a Modbus exception instead).
 */
export type ModbusErrorCode = 'bad-option' | 'overlapping-binding' | 'listen-failed';

export class ModbusError extends TwinwardError<ModbusErrorCode> {}
