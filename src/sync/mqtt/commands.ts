import type { CommandObservation } from '../../twin/observations.js';
import { findSparkplugDevice, jsonCommandTags, type MqttBindings } from './bindings.js';
import { decodeJsonWrite } from './json-codec.js';
import { decodeSparkplug } from './sparkplug-codec.js';
import { JSON_SET_SUFFIX, parseSparkplugTopic } from './topics.js';

/** True for the topics on which a PUBLISH is a write to the plant: Sparkplug NCMD/DCMD and JSON `<topic>/set`. */
export function isCommandTopic(topic: string): boolean {
  if (topic.endsWith(JSON_SET_SUFFIX)) return true;
  const t = parseSparkplugTopic(topic);
  return t !== undefined && (t.type === 'NCMD' || t.type === 'DCMD');
}

/**
 * The write commands one PUBLISH on a command topic carries: one per
 * Sparkplug metric (with its tag when bound), or one for a JSON write. A
 * payload that cannot be decoded is still a command attempt and is reported
 * without a value: the twin judges the writer, not the payload.
 * Returns [] for topics that are not command topics.
 */
export function describeCommands(b: MqttBindings, topic: string, payload: Uint8Array, from: string, source: string, time: Date): CommandObservation[] {
  const base = { kind: 'command' as const, time, protocol: 'mqtt' as const, operation: 'write' as const, from, address: topic, source };
  if (topic.endsWith(JSON_SET_SUFFIX)) {
    const value = decodeJsonWrite(payload);
    const tags = jsonCommandTags(b, topic) ?? [];
    const withValue = value === undefined ? {} : { value };
    if (tags.length === 0) return [{ ...base, ...withValue }];
    return tags.map((tag) => ({ ...base, ...withValue, tag: tag.id, to: tag.asset }));
  }
  const t = parseSparkplugTopic(topic);
  if (!t || (t.type !== 'NCMD' && t.type !== 'DCMD')) return [];
  const dev = findSparkplugDevice(b, t.group, t.edgeNode, t.device);
  let metrics;
  try {
    metrics = decodeSparkplug(payload).metrics;
  } catch {
    return [{ ...base, ...(dev?.assets[0] === undefined ? {} : { to: dev.assets[0] }) }];
  }
  if (metrics.length === 0) return [{ ...base }];
  return metrics.map((m) => {
    const tag = m.name === undefined ? undefined : dev?.metrics.get(m.name);
    const to = tag?.asset ?? dev?.assets[0];
    const value = typeof m.value === 'object' && m.value !== null ? `[${m.value.opaque}]` : m.value;
    return { ...base, address: m.name === undefined ? topic : `${topic}#${m.name}`, value, ...(tag ? { tag: tag.id } : {}), ...(to === undefined ? {} : { to }) };
  });
}
