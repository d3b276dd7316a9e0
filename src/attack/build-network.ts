import type { Asset, Conduit } from '../model/index.js';
import type { Facts } from './build.js';
import { LISTENS } from './defaults.js';
import { changeCost } from './options.js';

/** The protocols an asset answers on: its `listens` in the model, else the default for its kind. */
export function protocolsOf(asset: Asset): readonly string[] {
  return asset.listens ?? LISTENS[asset.kind];
}

/** Does an asset answer on this protocol? `other` flows reach every asset. */
export function listensOn(asset: Asset, protocol: string): boolean {
  return protocol === 'other' || protocolsOf(asset).includes(protocol);
}

/**
 * Reachability. A foothold on an asset is a network position in its zone;
 * inside a zone every asset reaches every other (zones are flat, which is
 * what IEC 62443 zoning assumes); between zones only a conduit's flows, from
 * the flow's initiator zone (both ways when bidirectional), to the assets
 * of the other zone that listen on the flow's protocol. Each flow is a
 * primitive, so closing or narrowing it is a hardening change. Flows seen on
 * the live network but not declared (options.observedFlows) add
 * asset-to-asset reachability.
 */
export function addNetworkRules(f: Facts): void {
  const { g, ix } = f;
  const { model } = ix;
  // A foothold gives a network position in the asset's zone.
  for (const a of model.assets) {
    g.rule({ label: `pivot(${a.id})`, subject: a.id, subjectKind: 'asset', domain: a.domain }, 0, 1, [f.exec(a.id, 'user')], f.netPos(a.zone));
  }
  // Inside a zone: everything the assets listen on.
  for (const [zone, assets] of ix.zoneAssets) {
    const pos = f.netPos(zone);
    for (const a of assets) {
      for (const p of protocolsOf(a)) g.rule({ label: `local(${zone} -> ${a.id}, ${p})`, subject: a.id, subjectKind: 'asset', domain: a.domain }, 0, 1, [pos], f.reach(a.id, p));
    }
  }
  // Across a conduit: its flows only.
  for (const d of directedFlows(model.conduits)) {
    const prim = f.primitive(d.label, d.conduit, 'conduit', { kind: 'close-flow', target: d.id, cost: changeCost(ix.options, 'close-flow') }, ix.zoneDomain.get(d.initiator));
    const pos = f.netPos(d.from);
    for (const a of ix.zoneAssets.get(d.to) ?? []) {
      if (!listensOn(a, d.protocol)) continue;
      g.rule({ label: `connect(${d.from} -> ${a.id}, ${d.protocol}, ${d.id})`, subject: a.id, subjectKind: 'asset', domain: a.domain }, 0, 1, [pos, prim], f.reach(a.id, d.protocol));
    }
  }
  // Routed flows: a flow into a zone that the same enforcing asset (a firewall in both conduits' `via`) lets on,
  // with the same protocol and port, into the next zone reaches that zone's assets too (L3 -> L2 -> L1 engineering traffic).
  for (const r of routedFlows(ix.model.conduits)) {
    const pos = f.netPos(r.from);
    // The flows' primitives exist already (the conduit loop above made them).
    const prims = r.flows.map((x) => f.primitive(x.label, x.conduit, 'conduit', { kind: 'close-flow', target: x.id, cost: changeCost(ix.options, 'close-flow') }, ix.zoneDomain.get(x.initiator)));
    for (const a of ix.zoneAssets.get(r.to) ?? []) {
      if (!listensOn(a, r.protocol)) continue;
      g.rule({ label: `routed(${r.from} -> ${a.id}, ${r.protocol}, ${r.flows.map((x) => x.id).join(' + ')})`, subject: a.id, subjectKind: 'asset', domain: a.domain }, 0, 1, [pos, ...prims], f.reach(a.id, r.protocol));
    }
  }
  // Flows the live network shows that no conduit allows.
  for (const o of ix.options.observedFlows ?? []) {
    if (!ix.assets.has(o.from) || !ix.assets.has(o.to)) continue;
    const label = `observedFlow(${o.from} -> ${o.to}, ${o.protocol}${o.port ? `/${o.port}` : ''})`;
    const prim = f.primitive(label, o.to, 'asset', { kind: 'close-flow', target: label.slice('observedFlow('.length, -1), cost: changeCost(ix.options, 'close-flow') }, ix.assets.get(o.from)!.domain);
    g.rule({ label: `connect(${o.from} -> ${o.to}, ${o.protocol}, observed)`, subject: o.to, subjectKind: 'asset', domain: ix.assets.get(o.to)!.domain }, 0, 1, [f.exec(o.from, 'user'), prim], f.reach(o.to, o.protocol));
  }
}

/** One direction a conduit flow may be opened in, named as the graph names its primitive. */
export interface DirectedFlow {
  conduit: string;
  /** `<conduit>#<n>`, n counting the conduit's flows from 1: what `close-flow` targets. */
  id: string;
  /** The primitive's label: `conduitFlow(<id>, <protocol>[/<port>])`. */
  label: string;
  initiator: string;
  from: string;
  to: string;
  protocol: string;
  port?: number;
  /** Assets enforcing the conduit. */
  via: readonly string[];
}

/** Every conduit flow in each direction it may be opened: from its initiator zone, and back when bidirectional. */
export function directedFlows(conduits: readonly Conduit[]): DirectedFlow[] {
  const out: DirectedFlow[] = [];
  for (const c of conduits) {
    c.flows.forEach((fl, i) => {
      const other = c.zones[0] === fl.initiator ? c.zones[1] : c.zones[0];
      const id = `${c.id}#${i + 1}`;
      const base = { conduit: c.id, id, label: `conduitFlow(${id}, ${fl.protocol}${fl.port ? `/${fl.port}` : ''})`, initiator: fl.initiator, protocol: fl.protocol, port: fl.port, via: c.via };
      out.push({ ...base, from: fl.initiator, to: other });
      if (fl.direction === 'bidirectional') out.push({ ...base, from: other, to: fl.initiator });
    });
  }
  return out;
}

/** A two-hop flow through one enforcing asset (see routedFlows). */
export interface RoutedFlow {
  from: string;
  to: string;
  protocol: string;
  /** The two conduit flows it crosses. */
  flows: [DirectedFlow, DirectedFlow];
}

/**
 * Two-hop flows through one enforcing asset: conduit A lets zone X open
 * `protocol/port` into zone Y, conduit B lets Y open the same into Z, and an
 * asset listed in both conduits' `via` routes between them. Models write
 * routed engineering traffic this way (it appears in both conduits).
 */
export function routedFlows(conduits: readonly Conduit[]): RoutedFlow[] {
  const hops = directedFlows(conduits);
  const out: RoutedFlow[] = [];
  for (const a of hops) {
    for (const b of hops) {
      if (a.conduit === b.conduit || a.to !== b.from || b.to === a.from || a.protocol !== b.protocol || a.port !== b.port) continue;
      if (!a.via.some((v) => b.via.includes(v))) continue;
      out.push({ from: a.from, to: b.to, protocol: a.protocol, flows: [a, b] });
    }
  }
  return out;
}
