export { MqttError, type MqttErrorCode } from './errors.js';
export {
  SPARKPLUG_NAMESPACE, NODE_MESSAGE_TYPES, DEVICE_MESSAGE_TYPES, JSON_SET_SUFFIX, isSparkplugTopic, parseSparkplugTopic, sparkplugTopic,
  type SparkplugTopic, type EdgeMessageType, type NodeMessageType, type DeviceMessageType,
} from './topics.js';
export {
  buildMqttBindings, findSparkplugDevice, jsonCommandTags, subscriptionTopics, nodeKey,
  type MqttBindings, type SparkplugDeviceBinding, type SparkplugEdgeNodeBinding, type TagTarget,
} from './bindings.js';
export { encodeJsonSample, decodeJsonPayload, decodeJsonWrite, type JsonDecoded } from './json-codec.js';
export { encodeSparkplug, decodeSparkplug, BD_SEQ, REBIRTH, type SparkplugMessage, type SparkplugMetric, type MetricOut } from './sparkplug-codec.js';
export { MessageInterpreter, type Interpretation, type MessageKind } from './interpret.js';
export { describeCommands, isCommandTopic } from './commands.js';
export { MqttConnector, connectorName, type MqttConnectorOptions } from './connector.js';
export { MqttPublisher, type MqttPublisherOptions } from './publisher.js';
export { startEmbeddedBroker, type EmbeddedBroker, type EmbeddedBrokerOptions, type CommandWriter } from './embedded-broker.js';
export { rawBrokerRate, connectorRate, type RawBrokerRate, type ConnectorRate, type RateResult } from './bench.js';
