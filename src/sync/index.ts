export { NodeSink } from './node-sink.js';
export { backoff, type Connector, type ConnectorState, type Sink } from './types.js';
