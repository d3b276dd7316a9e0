import type { ElementDefinition } from 'cytoscape';
import type { Asset, AssetStatus, Conduit, Flow, Zone } from '../api/types';
import { familyOf } from './asset-kinds';
import type { ZoneBlock } from './layout';

/**
 * Cytoscape element ids. Asset nodes use the asset id itself (what a test or
 * an analyst would look up); zones and conduits are prefixed because ids are
 * only unique within their own collection.
 */
export const zoneNodeId = (zoneId: string) => `zone:${zoneId}`;
export const conduitEdgeId = (conduitId: string) => `conduit:${conduitId}`;

/** Zones in display order: by Purdue level, highest (enterprise) first; zones without a level keep model order, last. */
export function sortZones(zones: readonly Zone[]): Zone[] {
  return zones
    .map((z, i) => ({ z, i }))
    .sort((a, b) => {
      const la = a.z.purdueLevel;
      const lb = b.z.purdueLevel;
      if (la !== undefined && lb !== undefined && la !== lb) return lb - la;
      if (la === undefined && lb !== undefined) return 1;
      if (la !== undefined && lb === undefined) return -1;
      return a.i - b.i;
    })
    .map(({ z }) => z);
}

/** "Control (SL-T 3)". */
export const zoneLabel = (z: Zone) => `${z.name} (SL-T ${z.securityLevel.target})`;

/**
 * "modbus-tcp/502, ethernet-ip/44818,2222": each protocol once, in flow
 * order, with its distinct ports.
 */
export function flowLabel(flows: readonly Flow[]): string {
  const ports = new Map<string, number[]>();
  for (const f of flows) {
    const list = ports.get(f.protocol) ?? [];
    if (f.port !== undefined && !list.includes(f.port)) list.push(f.port);
    ports.set(f.protocol, list);
  }
  return [...ports].map(([protocol, list]) => (list.length ? `${protocol}/${list.join(',')}` : protocol)).join(', ');
}

/** Which ends of a conduit open connections: drawn as arrows from the initiator. */
function arrowsOf(c: Conduit): 'forward' | 'backward' | 'both' {
  const [a, b] = c.zones;
  const fromA = c.flows.some((f) => f.initiator === a || f.direction === 'bidirectional');
  const fromB = c.flows.some((f) => f.initiator === b || f.direction === 'bidirectional');
  return fromA && fromB ? 'both' : fromB ? 'backward' : 'forward';
}

export interface GraphModel {
  elements: ElementDefinition[];
  /** Zones in display order with their asset node ids, for the layout. */
  blocks: ZoneBlock[];
}

/**
 * Zones become compound nodes, assets their children, conduits edges between
 * zone nodes. Assets whose zone is unknown, and conduits naming an unknown
 * zone, are left out rather than breaking the graph.
 */
export function buildGraph(zones: readonly Zone[], conduits: readonly Conduit[], assets: readonly Asset[], status: Record<string, { status: AssetStatus }>): GraphModel {
  const ordered = sortZones(zones);
  const known = new Set(ordered.map((z) => z.id));
  const elements: ElementDefinition[] = [];
  const blocks: ZoneBlock[] = [];
  for (const z of ordered) {
    elements.push({ group: 'nodes', data: { id: zoneNodeId(z.id), ref: z.id, type: 'zone', label: zoneLabel(z), displayLabel: zoneLabel(z), zoneKind: z.kind } });
    const members = assets.filter((a) => a.zone === z.id);
    blocks.push({ id: zoneNodeId(z.id), label: zoneLabel(z), members: members.map((a) => a.id) });
    for (const a of members) {
      elements.push({
        group: 'nodes',
        data: {
          id: a.id,
          ref: a.id,
          type: 'asset',
          parent: zoneNodeId(z.id),
          label: a.name,
          kind: a.kind,
          family: familyOf(a.kind),
          status: status[a.id]?.status ?? a.state.status,
        },
      });
    }
  }
  for (const c of conduits) {
    const [a, b] = c.zones;
    if (!known.has(a) || !known.has(b) || a === b) continue;
    elements.push({
      group: 'edges',
      data: { id: conduitEdgeId(c.id), ref: c.id, type: 'conduit', source: zoneNodeId(a), target: zoneNodeId(b), label: flowLabel(c.flows), arrows: arrowsOf(c) },
    });
  }
  return { elements, blocks };
}
