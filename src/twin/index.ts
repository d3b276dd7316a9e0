export * from './events.js';
export { type TwinState, type TagValue, type AssetState, emptyState } from './state.js';
export { Twin, type Reading } from './runtime.js';
export { buildGraph, dependents, nodeKey, type TwinGraph, type NodeKind, type EdgeKind, type NodeAttrs, type EdgeAttrs } from './graph.js';
export { TwinNode, type TwinNodeOptions, type Listener } from './node.js';
export type { Observation, FlowObservation, CommandObservation } from './observations.js';
export { NetworkView, normalizeIp } from './network-view.js';
