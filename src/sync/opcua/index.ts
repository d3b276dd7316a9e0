export { OpcUaConnector, type OpcUaConnectorOptions } from './connector.js';
export { OpcUaPlantServer, type OpcUaPlantServerOptions } from './server.js';
export { parseNodeId, opcuaBindings, type ParsedNodeId, type OpcUaBound } from './node-id.js';
export { qualityOf } from './quality.js';
export { freePort } from './free-port.js';
export { OpcUaError, type OpcUaErrorCode } from './errors.js';
