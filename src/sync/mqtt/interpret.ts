import type { Tag } from '../../model/index.js';
import type { Reading } from '../../twin/index.js';
import { findSparkplugDevice, jsonCommandTags, nodeKey, type MqttBindings, type SparkplugDeviceBinding } from './bindings.js';
import { decodeJsonPayload, normalizeTime } from './json-codec.js';
import { describePayload, printable } from './payload-text.js';
import { BD_SEQ, decodeSparkplug, type SparkplugMessage, type SparkplugMetric } from './sparkplug-codec.js';
import { isSparkplugTopic, parseSparkplugTopic, type EdgeMessageType } from './topics.js';

export type MessageKind = 'data' | 'birth' | 'death' | 'stale-death' | 'command' | 'state' | 'unknown' | 'malformed';

/** What one MQTT message means for the twin. */
export interface Interpretation {
  kind: MessageKind;
  /** Readings for bound tags; a value the connector could not use travels as a non-number so the twin rejects it visibly. */
  readings: Reading[];
  /** A birth or death: these assets are now online or offline. */
  status?: { assets: string[]; online: boolean; reason: string };
  /** Input bound to no tag (a topic, a device, a metric), for sink.unknownSource. */
  unknown: { source: string; detail: string }[];
  /** Pieces that could not be decoded or were not numbers. */
  malformed: number;
  /** A Sparkplug seq that did not follow the previous one of its edge node (§6.4.2: a host should then ask for a rebirth). */
  seqGap: boolean;
}

interface NodeSession {
  bdSeq?: number;
  seq?: number;
  /** Device id ('' for the node) -> alias -> metric name, from the last birth (§6.4.15). */
  aliases: Map<string, Map<number, string>>;
}

export interface InterpretOptions {
  /** Payloads above this size are not decoded. */
  maxPayloadBytes?: number;
}

const empty = (kind: MessageKind): Interpretation => ({ kind, readings: [], unknown: [], malformed: 0, seqGap: false });

/**
 * Turns topic + payload into readings and status changes, following the
 * model's bindings. Keeps the Sparkplug B session state a host application
 * needs (Sparkplug B 3.0 §5.8, §6.4): bdSeq of the current birth, seq, and
 * metric aliases. Everything on the wire is untrusted; this never throws.
 */
export class MessageInterpreter {
  readonly #b: MqttBindings;
  readonly #sessions = new Map<string, NodeSession>();
  readonly #max: number;

  constructor(bindings: MqttBindings, options: InterpretOptions = {}) {
    this.#b = bindings;
    this.#max = options.maxPayloadBytes ?? 128 * 1024;
  }

  interpret(topic: string, payload: Uint8Array): Interpretation {
    const source = `mqtt:${topic}`;
    const tags = this.#b.json.get(topic);
    if (tags) return this.#json(tags, payload, source);
    if (jsonCommandTags(this.#b, topic)) return empty('command');
    if (isSparkplugTopic(topic)) return this.#sparkplug(topic, payload, `mqtt:${printable(topic, 200)}`);
    return { ...empty('unknown'), unknown: [{ source: `mqtt:${printable(topic, 200)}`, detail: `topic bound to no tag (${payload.length} bytes)` }] };
  }

  #json(tags: readonly Tag[], payload: Uint8Array, source: string): Interpretation {
    const d = decodeJsonPayload(payload, this.#max);
    if (!d.ok) return { ...empty('malformed'), malformed: 1, readings: tags.map((t) => ({ tag: t.id, value: d.text, source })) };
    const value = typeof d.value === 'boolean' ? Number(d.value) : d.value;
    const bad = typeof value !== 'number' || d.badTime === true;
    const readings = tags.map((t): Reading => ({ tag: t.id, value, source, ...(d.time === undefined ? {} : { time: d.time }) }));
    return { ...empty(bad && typeof value !== 'number' ? 'malformed' : 'data'), readings, malformed: bad ? 1 : 0 };
  }

  #sparkplug(topic: string, payload: Uint8Array, source: string): Interpretation {
    const t = parseSparkplugTopic(topic);
    if (!t) return { ...empty('unknown'), unknown: [{ source, detail: 'not a valid Sparkplug B topic' }] };
    if (t.type === 'STATE') return empty('state');
    if (t.type === 'NCMD' || t.type === 'DCMD') return empty('command');
    const key = nodeKey(t.group, t.edgeNode);
    const node = this.#b.edgeNodes.get(key);
    const dev = findSparkplugDevice(this.#b, t.group, t.edgeNode, t.device);
    const isNodeMessage = t.device === undefined;
    // An NBIRTH/NDEATH of a bound edge node matters even when no node-level metric is bound.
    if (!node || (!isNodeMessage && !dev)) {
      return { ...empty('unknown'), unknown: [{ source, detail: `Sparkplug B ${isNodeMessage ? 'edge node' : 'device'} bound to no tag (${t.type})` }] };
    }
    if (payload.length > this.#max) return this.#malformed(source, describePayload(payload, `payload over ${this.#max} bytes`));
    let msg: SparkplugMessage;
    try {
      msg = decodeSparkplug(payload);
    } catch {
      return this.#malformed(source, describePayload(payload, 'not a Sparkplug B payload'));
    }
    const session: NodeSession = this.#sessions.get(key) ?? { aliases: new Map() };
    this.#sessions.set(key, session);
    const seqGap = this.#checkSeq(t.type, session, msg);
    const devId = t.device ?? '';
    switch (t.type) {
      case 'NBIRTH': {
        const bd = msg.metrics.find((m) => m.name === BD_SEQ);
        session.bdSeq = typeof bd?.value === 'number' ? bd.value : undefined;
        session.aliases.clear();
        session.aliases.set('', aliasesOf(msg.metrics));
        const out = this.#readings(dev, msg, session, '', source, true);
        return { ...out, kind: 'birth', seqGap, status: { assets: node.node?.assets ?? [], online: true, reason: `Sparkplug B NBIRTH of ${t.group}/${t.edgeNode}` } };
      }
      case 'NDEATH': {
        const bd = msg.metrics.find((m) => m.name === BD_SEQ);
        // §6.4.7: an NDEATH carries bdSeq; without one it cannot be matched to a birth, so it cannot take anything offline.
        if (typeof bd?.value !== 'number') return this.#malformed(source, 'NDEATH without a bdSeq metric');
        // §6.4.7 / §5.8: a host must ignore an NDEATH whose bdSeq is not that of the current NBIRTH (a late Will of an older session).
        if (session.bdSeq !== undefined && bd?.value !== session.bdSeq) return empty('stale-death');
        this.#sessions.delete(key);
        return { ...empty('death'), status: { assets: node.assets, online: false, reason: `Sparkplug B NDEATH of ${t.group}/${t.edgeNode}` } };
      }
      case 'DBIRTH': {
        session.aliases.set(devId, aliasesOf(msg.metrics));
        const out = this.#readings(dev, msg, session, devId, source, true);
        return { ...out, kind: 'birth', seqGap, status: { assets: dev!.assets, online: true, reason: `Sparkplug B DBIRTH of ${t.group}/${t.edgeNode}/${devId}` } };
      }
      case 'DDEATH':
        session.aliases.delete(devId);
        return { ...empty('death'), seqGap, status: { assets: dev!.assets, online: false, reason: `Sparkplug B DDEATH of ${t.group}/${t.edgeNode}/${devId}` } };
      default:
        return { ...this.#readings(dev, msg, session, devId, source, false), seqGap };
    }
  }

  #malformed(source: string, detail: string): Interpretation {
    return { ...empty('malformed'), malformed: 1, unknown: [{ source, detail }] };
  }

  /** §6.4.2: seq runs 0-255 per edge node across its node and device messages; NBIRTH restarts it. */
  #checkSeq(type: EdgeMessageType, session: NodeSession, msg: SparkplugMessage): boolean {
    if (type === 'NDEATH') return false;
    const seq = msg.seq;
    const expected = session.seq === undefined ? undefined : (session.seq + 1) % 256;
    if (seq !== undefined) session.seq = seq;
    return type !== 'NBIRTH' && expected !== undefined && seq !== expected;
  }

  #readings(dev: SparkplugDeviceBinding | undefined, msg: SparkplugMessage, session: NodeSession, devId: string, source: string, birth: boolean): Interpretation {
    const out = empty('data');
    const aliases = session.aliases.get(devId);
    for (const m of msg.metrics) {
      const name = m.name ?? (m.alias === undefined ? undefined : aliases?.get(m.alias));
      if (name === undefined) {
        out.malformed++;
        out.unknown.push({ source, detail: `metric without a name${m.alias === undefined ? '' : ` or a known alias (${m.alias})`}` });
        continue;
      }
      const tag = dev?.metrics.get(name);
      if (!tag) {
        // Births list every metric of a device; only data for an unbound metric is news.
        if (!(birth && isProtocolMetric(name))) out.unknown.push({ source: `${source}#${printable(name, 100)}`, detail: `metric ${printable(name, 100)} bound to no tag` });
        continue;
      }
      const value = metricValue(m);
      const time = normalizeTime(m.timestamp ?? msg.timestamp);
      if (typeof value !== 'number' || ((m.timestamp ?? msg.timestamp) !== undefined && time === undefined)) out.malformed++;
      out.readings.push({ tag: tag.id, value, source, ...(time === undefined ? {} : { time }) });
    }
    return out;
  }
}

/** Sparkplug's own metrics in births (§6.4.16-19: bdSeq, Node/Device Control, Properties); no model binds them. */
const isProtocolMetric = (name: string) => name === BD_SEQ || /^(Node Control|Device Control|Node Info|Device Info|Properties)\//.test(name);

function aliasesOf(metrics: readonly SparkplugMetric[]): Map<number, string> {
  const m = new Map<number, string>();
  for (const x of metrics) if (x.alias !== undefined && x.name !== undefined) m.set(x.alias, x.name);
  return m;
}

/** Numbers and booleans (as 0/1) pass; anything else stays a non-number the twin rejects. */
function metricValue(m: SparkplugMetric): unknown {
  if (typeof m.value === 'boolean') return Number(m.value);
  if (m.value !== null && typeof m.value === 'object') return `[${m.value.opaque}]`;
  return m.value;
}
