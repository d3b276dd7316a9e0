import type { Tag } from '../../model/index.js';
import { JSON_SET_SUFFIX, parseSparkplugTopic, SPARKPLUG_NAMESPACE } from './topics.js';

/** A Sparkplug B device, or the edge node itself when `device` is undefined, and the tags bound to its metrics. */
export interface SparkplugDeviceBinding {
  group: string;
  edgeNode: string;
  device?: string;
  /** Metric name -> tag. */
  metrics: Map<string, Tag>;
  /** The assets of those tags: what a birth or death of this device says is online or offline. */
  assets: string[];
}

/** An edge node and everything bound under it. */
export interface SparkplugEdgeNodeBinding {
  group: string;
  edgeNode: string;
  /** Node-level metrics (NDATA), when any tag binds them. */
  node?: SparkplugDeviceBinding;
  devices: Map<string, SparkplugDeviceBinding>;
  /** Assets of every tag under the node: an NDEATH takes all of them offline (Sparkplug B 3.0 §6.4.7). */
  assets: string[];
}

/** The model's MQTT bindings, indexed both ways. */
export interface MqttBindings {
  /** JSON topic -> tags (normally one). */
  json: ReadonlyMap<string, readonly Tag[]>;
  /** `group/edge node` -> edge node. */
  edgeNodes: ReadonlyMap<string, SparkplugEdgeNodeBinding>;
  /** Tag id -> where it is published, for publishers. */
  byTag: ReadonlyMap<string, readonly TagTarget[]>;
  groups: ReadonlySet<string>;
  /** Bindings that could not be used, in words. */
  problems: readonly string[];
}

export type TagTarget =
  | { encoding: 'json'; topic: string }
  | { encoding: 'sparkplug-b'; group: string; edgeNode: string; device?: string; metric: string };

/** Key of an edge node in `edgeNodes`; Sparkplug elements never contain `/` (§4.1.1). */
export const nodeKey = (group: string, edgeNode: string) => `${group}/${edgeNode}`;

const addAsset = (list: string[], asset: string) => {
  if (!list.includes(asset)) list.push(asset);
};

/**
 * Builds the topic maps from the tags' `mqtt` bindings (src/model/schema/tags.ts).
 * A Sparkplug binding names a data topic (`spBv1.0/<g>/DDATA/<e>/<d>` or
 * `spBv1.0/<g>/NDATA/<e>`; birth topics are accepted too) and a metric,
 * which defaults to the tag id. A metric bound twice keeps its first tag.
 */
export function buildMqttBindings(tags: readonly Tag[]): MqttBindings {
  const json = new Map<string, Tag[]>();
  const edgeNodes = new Map<string, SparkplugEdgeNodeBinding>();
  const byTag = new Map<string, TagTarget[]>();
  const groups = new Set<string>();
  const problems: string[] = [];
  const target = (tag: Tag, t: TagTarget) => byTag.set(tag.id, [...(byTag.get(tag.id) ?? []), t]);

  for (const tag of tags) {
    for (const b of tag.bindings) {
      if (b.protocol !== 'mqtt') continue;
      if (b.encoding === 'json') {
        if (b.topic.endsWith(JSON_SET_SUFFIX)) problems.push(`tag ${tag.id}: JSON topic ${b.topic} ends in ${JSON_SET_SUFFIX}, which is reserved for writes`);
        json.set(b.topic, [...(json.get(b.topic) ?? []), tag]);
        target(tag, { encoding: 'json', topic: b.topic });
        continue;
      }
      const t = parseSparkplugTopic(b.topic);
      if (!t || t.type === 'STATE' || !['NDATA', 'DDATA', 'NBIRTH', 'DBIRTH'].includes(t.type)) {
        problems.push(`tag ${tag.id}: ${b.topic} is not a Sparkplug B data topic (${SPARKPLUG_NAMESPACE}/<group>/DDATA/<edge node>/<device> or .../NDATA/<edge node>)`);
        continue;
      }
      const metric = b.metric ?? tag.id;
      const key = nodeKey(t.group, t.edgeNode);
      const node: SparkplugEdgeNodeBinding = edgeNodes.get(key) ?? { group: t.group, edgeNode: t.edgeNode, devices: new Map(), assets: [] };
      edgeNodes.set(key, node);
      groups.add(t.group);
      let dev: SparkplugDeviceBinding;
      if (t.device === undefined) {
        dev = node.node ??= { group: t.group, edgeNode: t.edgeNode, metrics: new Map(), assets: [] };
      } else {
        dev = node.devices.get(t.device) ?? { group: t.group, edgeNode: t.edgeNode, device: t.device, metrics: new Map(), assets: [] };
        node.devices.set(t.device, dev);
      }
      const bound = dev.metrics.get(metric);
      if (bound && bound.id !== tag.id) {
        problems.push(`tag ${tag.id}: metric ${metric} on ${b.topic} is already bound to tag ${bound.id}`);
        continue;
      }
      dev.metrics.set(metric, tag);
      addAsset(dev.assets, tag.asset);
      addAsset(node.assets, tag.asset);
      target(tag, { encoding: 'sparkplug-b', group: t.group, edgeNode: t.edgeNode, ...(t.device === undefined ? {} : { device: t.device }), metric });
    }
  }
  return { json, edgeNodes, byTag, groups, problems };
}

/** The device (or node, for `device` undefined) of a Sparkplug message, if bound. */
export function findSparkplugDevice(b: MqttBindings, group: string, edgeNode: string, device?: string): SparkplugDeviceBinding | undefined {
  const node = b.edgeNodes.get(nodeKey(group, edgeNode));
  return device === undefined ? node?.node : node?.devices.get(device);
}

/** The tag a JSON command topic `<topic>/set` writes, if `<topic>` is bound. */
export function jsonCommandTags(b: MqttBindings, topic: string): readonly Tag[] | undefined {
  return topic.endsWith(JSON_SET_SUFFIX) ? b.json.get(topic.slice(0, -JSON_SET_SUFFIX.length)) : undefined;
}

/**
 * What a subscriber listens to: every JSON topic and, for each Sparkplug
 * group of the model, the whole group (`spBv1.0/<group>/#`) so births,
 * deaths and unbound devices of the group are seen too.
 */
export function subscriptionTopics(b: MqttBindings): string[] {
  return [...b.json.keys(), ...[...b.groups].map((g) => `${SPARKPLUG_NAMESPACE}/${g}/#`)];
}
