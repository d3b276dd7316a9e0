import type { Tag } from '../../model/index.js';

/**
 * A NodeId in its string form, OPC 10000-6 §5.3.1.10: `ns=<index>;<type>=<id>`
 * with type i (numeric), s (string), g (GUID) or b (opaque, base64); no
 * `ns=` means namespace 0, the OPC UA standard namespace.
 *
 * `ns` is an index into the server's NamespaceArray, not a stable name: 0 is
 * always http://opcfoundation.org/UA/, 1 the server's own namespace, and
 * 2.. whatever the server registered in that order. Models carry indices
 * because that is what engineers copy from a browser; the simulator
 * registers namespaces so that the indices the model uses exist.
 */
export interface ParsedNodeId {
  namespace: number;
  type: 'i' | 's' | 'g' | 'b';
  id: string;
}

/** Parses a NodeId string; undefined when it is not one (the model's schema already checks the shape). */
export function parseNodeId(text: string): ParsedNodeId | undefined {
  const m = /^(?:ns=(\d+);)?([isgb])=(.+)$/s.exec(text);
  if (!m) return undefined;
  const namespace = Number(m[1] ?? 0);
  const type = m[2] as ParsedNodeId['type'];
  const id = m[3]!;
  if (!Number.isSafeInteger(namespace) || namespace > 0xffff) return undefined;
  if (type === 'i' && !/^\d+$/.test(id)) return undefined;
  return { namespace, type, id };
}

/** One tag's OPC UA binding. */
export interface OpcUaBound {
  tag: Tag;
  nodeId: string;
}

/** The OPC UA bindings of `tags`, optionally only those of some assets; a tag with two bindings appears twice. */
export function opcuaBindings(tags: readonly Tag[], assets?: readonly string[]): OpcUaBound[] {
  const out: OpcUaBound[] = [];
  for (const tag of tags) {
    if (assets && !assets.includes(tag.asset)) continue;
    for (const b of tag.bindings) if (b.protocol === 'opcua') out.push({ tag, nodeId: b.nodeId });
  }
  return out;
}
