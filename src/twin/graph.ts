import graphology from 'graphology';
import type { TwinModel } from '../model/index.js';

const { MultiDirectedGraph } = graphology;

export type NodeKind = 'domain' | 'zone' | 'asset' | 'service' | 'account' | 'unit' | 'tag' | 'controller';
export type EdgeKind =
  | 'owns' // domain -> zone | asset | service | account
  | 'contains' // zone -> asset
  | 'conduit' // zone -> zone (initiator -> responder)
  | 'runs-on' // service -> asset
  | 'depends-on' // service -> service
  | 'valid-on' // account -> asset
  | 'trusts' // asset|domain -> asset (remote access, SSO...)
  | 'feeds' // unit -> unit (material flow)
  | 'measures' // tag -> unit
  | 'bound-to' // tag -> asset
  | 'controls'; // controller -> tag

export interface NodeAttrs {
  kind: NodeKind;
  id: string;
  label: string;
  domain?: string;
}
export interface EdgeAttrs {
  kind: EdgeKind;
  /** The model item that produced the edge: a conduit id, a trust id... */
  via?: string;
}

export type TwinGraph = InstanceType<typeof MultiDirectedGraph<NodeAttrs, EdgeAttrs>>;

export const nodeKey = (kind: NodeKind, id: string) => `${kind}:${id}`;

/**
 * The model as one typed graph: the shape attack paths, dependency impact
 * and the console's topology view all walk. Requires a model that passed
 * checkModel (every reference resolves).
 */
export function buildGraph(model: TwinModel): TwinGraph {
  const g: TwinGraph = new MultiDirectedGraph<NodeAttrs, EdgeAttrs>();
  const add = (kind: NodeKind, id: string, label: string, domain?: string) =>
    g.mergeNode(nodeKey(kind, id), { kind, id, label, ...(domain ? { domain } : {}) });
  const link = (from: string, to: string, kind: EdgeKind, via?: string) => {
    if (g.hasNode(from) && g.hasNode(to)) g.addEdge(from, to, { kind, ...(via ? { via } : {}) });
  };

  for (const d of model.domains) add('domain', d.id, d.name);
  for (const z of model.zones) add('zone', z.id, z.name, z.domain);
  for (const a of model.assets) add('asset', a.id, a.name, a.domain);
  for (const s of model.services) add('service', s.id, s.name, s.domain);
  for (const a of model.accounts) add('account', a.id, a.name, a.domain);
  for (const u of model.process.units) add('unit', u.id, u.name);
  for (const t of model.process.tags) add('tag', t.id, t.name ?? t.id);
  for (const c of model.process.controllers) add('controller', c.id, c.name ?? c.id);

  for (const z of model.zones) link(nodeKey('domain', z.domain), nodeKey('zone', z.id), 'owns');
  for (const a of model.assets) {
    link(nodeKey('domain', a.domain), nodeKey('asset', a.id), 'owns');
    link(nodeKey('zone', a.zone), nodeKey('asset', a.id), 'contains');
  }
  for (const c of model.conduits) {
    const [a, b] = c.zones;
    const initiators = new Set(c.flows.map((f) => f.initiator));
    const bidirectional = c.flows.some((f) => f.direction === 'bidirectional');
    if (initiators.has(a) || bidirectional) link(nodeKey('zone', a), nodeKey('zone', b), 'conduit', c.id);
    if (initiators.has(b) || bidirectional) link(nodeKey('zone', b), nodeKey('zone', a), 'conduit', c.id);
  }
  for (const s of model.services) {
    link(nodeKey('domain', s.domain), nodeKey('service', s.id), 'owns');
    for (const a of s.runsOn) link(nodeKey('service', s.id), nodeKey('asset', a), 'runs-on');
    for (const d of s.dependsOn) link(nodeKey('service', s.id), nodeKey('service', d.service), 'depends-on');
  }
  for (const a of model.accounts) {
    link(nodeKey('domain', a.domain), nodeKey('account', a.id), 'owns');
    for (const asset of a.validOn) link(nodeKey('account', a.id), nodeKey('asset', asset), 'valid-on');
  }
  for (const t of model.trust) {
    const from = t.from.asset ? nodeKey('asset', t.from.asset) : nodeKey('domain', t.from.domain);
    for (const to of t.to) link(from, nodeKey('asset', to), 'trusts', t.id);
  }
  for (const u of model.process.units) for (const i of u.inlets) link(nodeKey('unit', i), nodeKey('unit', u.id), 'feeds');
  for (const t of model.process.tags) {
    if (t.processUnit) link(nodeKey('tag', t.id), nodeKey('unit', t.processUnit), 'measures');
    link(nodeKey('tag', t.id), nodeKey('asset', t.asset), 'bound-to');
  }
  for (const c of model.process.controllers) {
    for (const block of c.logic) {
      const out = block.type === 'alarm' ? undefined : block.type === 'interlock' ? block.force.tag : block.output;
      if (out) link(nodeKey('controller', c.id), nodeKey('tag', out), 'controls');
    }
  }
  return g;
}

/** Services that (transitively) depend on `serviceId`, across domains: who is hurt when it fails. */
export function dependents(g: TwinGraph, serviceId: string): string[] {
  const start = nodeKey('service', serviceId);
  if (!g.hasNode(start)) return [];
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const cur = queue.shift()!;
    g.forEachInEdge(cur, (_e, attrs, source) => {
      if (attrs.kind === 'depends-on' && !seen.has(source)) {
        seen.add(source);
        queue.push(source);
      }
    });
  }
  return [...seen].map((k) => g.getNodeAttribute(k, 'id')).sort();
}
