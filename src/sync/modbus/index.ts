export { ModbusConnector, type ModbusConnectorOptions, type ModbusTarget } from './connector.js';
export { ModbusDeviceServer, startModbusServers, type ModbusDeviceServerOptions, type ModbusServersOptions } from './server.js';
export {
  decodeRegisters,
  encodeRegisters,
  encodeBit,
  registerWidth,
  type CodecOptions,
  type DecodeResult,
  type EncodeResult,
  type EncodeStatus,
  type ModbusBinding,
  type ModbusDataType,
  type ModbusTable,
  type WordOrder,
} from './codec.js';
export { planPolls, type PollGroup } from './poll-plan.js';
export { ModbusError, type ModbusErrorCode } from './errors.js';
