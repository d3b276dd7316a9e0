import { TwinwardError } from '../../common/errors.js';

/**
 * Codes of the MQTT area. Payload and topic codes describe field data and are
 * caught inside the connector (they become counters and rejected readings);
 * the others reach callers of start().
 */
export type MqttErrorCode =
  | 'bad-url' // the broker URL cannot be parsed or uses an unsupported scheme
  | 'bad-topic' // a topic is not a Sparkplug B topic where one is required
  | 'bad-payload' // a payload cannot be decoded (JSON, protobuf, size)
  | 'broker-failed'; // the embedded broker could not start or stop

export class MqttError extends TwinwardError<MqttErrorCode> {}
