import { MqttError } from './errors.js';

/** Sparkplug B 3.0 §4.1.1: the namespace element of every Sparkplug B topic. */
export const SPARKPLUG_NAMESPACE = 'spBv1.0';

/** Sparkplug B 3.0 §4.1.1.3 message types sent by or to an edge node itself. */
export const NODE_MESSAGE_TYPES = ['NBIRTH', 'NDEATH', 'NDATA', 'NCMD'] as const;
/** ... and by or to one of its devices (these carry a device_id element). */
export const DEVICE_MESSAGE_TYPES = ['DBIRTH', 'DDEATH', 'DDATA', 'DCMD'] as const;

export type NodeMessageType = (typeof NODE_MESSAGE_TYPES)[number];
export type DeviceMessageType = (typeof DEVICE_MESSAGE_TYPES)[number];
export type EdgeMessageType = NodeMessageType | DeviceMessageType;

/** A parsed Sparkplug B topic: an edge node / device message, or a host application's STATE. */
export type SparkplugTopic =
  | { type: 'STATE'; hostId: string }
  | { type: EdgeMessageType; group: string; edgeNode: string; device?: string };

const nodeTypes = new Set<string>(NODE_MESSAGE_TYPES);
const deviceTypes = new Set<string>(DEVICE_MESSAGE_TYPES);

/** §4.1.1: elements are non-empty UTF-8 strings without the reserved characters + # and /. */
const validElement = (s: string | undefined): s is string => s !== undefined && s.length > 0 && !/[+#/]/.test(s);

/** True when the topic is in the Sparkplug B namespace (it may still be malformed). */
export function isSparkplugTopic(topic: string): boolean {
  return topic === SPARKPLUG_NAMESPACE || topic.startsWith(`${SPARKPLUG_NAMESPACE}/`);
}

/**
 * Parses `spBv1.0/<group_id>/<message_type>/<edge_node_id>[/<device_id>]`
 * (Sparkplug B 3.0 §4.1.1) and `spBv1.0/STATE/<host_id>` (§4.1.3). Node
 * message types take no device_id, device message types require one.
 * Topics come from the wire: anything else returns undefined, never throws.
 */
export function parseSparkplugTopic(topic: string): SparkplugTopic | undefined {
  const parts = topic.split('/');
  if (parts[0] !== SPARKPLUG_NAMESPACE) return undefined;
  if (parts[1] === 'STATE') return parts.length === 3 && validElement(parts[2]) ? { type: 'STATE', hostId: parts[2] } : undefined;
  const [, group, type, edgeNode, device] = parts;
  if (!validElement(group) || type === undefined || !validElement(edgeNode)) return undefined;
  if (nodeTypes.has(type) && parts.length === 4) return { type: type as NodeMessageType, group, edgeNode };
  if (deviceTypes.has(type) && parts.length === 5 && validElement(device)) return { type: type as DeviceMessageType, group, edgeNode, device };
  return undefined;
}

/**
 * The topic of a message of `type` from or to an edge node, or one of its
 * devices when `device` is given. Requires valid elements (§4.1.1).
 */
export function sparkplugTopic(type: EdgeMessageType, group: string, edgeNode: string, device?: string): string {
  const needsDevice = deviceTypes.has(type);
  if (!validElement(group) || !validElement(edgeNode) || needsDevice !== (device !== undefined) || (device !== undefined && !validElement(device))) {
    throw new MqttError('bad-topic', `cannot build a Sparkplug B ${type} topic from group ${JSON.stringify(group)}, edge node ${JSON.stringify(edgeNode)}, device ${JSON.stringify(device)}`);
  }
  return [SPARKPLUG_NAMESPACE, group, type, edgeNode, ...(device === undefined ? [] : [device])].join('/');
}

/** Suffix of the JSON command topic of a tag: a write to tag topic `t` is a PUBLISH to `t/set`. */
export const JSON_SET_SUFFIX = '/set';
