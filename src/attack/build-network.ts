import type { Asset } from '../model/index.js';
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
  for (const c of model.conduits) {
    c.flows.forEach((flow, i) => {
      const id = `${c.id}#${i + 1}`;
      const prim = f.primitive(`conduitFlow(${id}, ${flow.protocol}${flow.port ? `/${flow.port}` : ''})`, c.id, 'conduit', { kind: 'close-flow', target: id, cost: changeCost(ix.options, 'close-flow') }, ix.zoneDomain.get(flow.initiator));
      const other = c.zones[0] === flow.initiator ? c.zones[1] : c.zones[0];
      const directions: [string, string][] = [[flow.initiator, other]];
      if (flow.direction === 'bidirectional') directions.push([other, flow.initiator]);
      for (const [from, to] of directions) {
        const pos = f.netPos(from);
        for (const a of ix.zoneAssets.get(to) ?? []) {
          if (!listensOn(a, flow.protocol)) continue;
          g.rule({ label: `connect(${from} -> ${a.id}, ${flow.protocol}, ${id})`, subject: a.id, subjectKind: 'asset', domain: a.domain }, 0, 1, [pos, prim], f.reach(a.id, flow.protocol));
        }
      }
    });
  }
  // Flows the live network shows that no conduit allows.
  for (const o of ix.options.observedFlows ?? []) {
    if (!ix.assets.has(o.from) || !ix.assets.has(o.to)) continue;
    const label = `observedFlow(${o.from} -> ${o.to}, ${o.protocol}${o.port ? `/${o.port}` : ''})`;
    const prim = f.primitive(label, o.to, 'asset', { kind: 'close-flow', target: label.slice('observedFlow('.length, -1), cost: changeCost(ix.options, 'close-flow') }, ix.assets.get(o.from)!.domain);
    g.rule({ label: `connect(${o.from} -> ${o.to}, ${o.protocol}, observed)`, subject: o.to, subjectKind: 'asset', domain: ix.assets.get(o.to)!.domain }, 0, 1, [f.exec(o.from, 'user'), prim], f.reach(o.to, o.protocol));
  }
}
