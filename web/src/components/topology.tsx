import cytoscape, { type Core } from 'cytoscape';
import { useEffect, useRef } from 'react';
import type { Asset, AssetState, Conduit, Zone } from '../api/types';
import { applyAlertOverlay } from '../graph/alert-overlay';
import { applyAttackOverlay } from '../graph/attack-overlay';
import { applyDriftOverlay } from '../graph/drift-overlay';
import { buildGraph } from '../graph/elements';
import { placeZones } from '../graph/layout';
import { routeConduits } from '../graph/route-conduits';
import { graphStyle } from '../graph/style';
import type { AssetAlerts } from '../state/alerts';
import type { AttackPathOverlay } from '../state/attack-path';
import type { FlowDriftOverlay } from '../state/flow-drift';
import { GraphLegend } from './graph-legend';

declare global {
  interface Window {
    /** The topology's cytoscape instance, for browser tests; undefined until the model is loaded. */
    __twinwardGraph?: Core;
  }
}

interface Props {
  zones: Zone[];
  conduits: Conduit[];
  assets: Asset[];
  status: Record<string, AssetState>;
  selected: string | null;
  onSelect: (assetId: string | null) => void;
  /** Assets with recent drift: drawn with a red halo. */
  drifting: ReadonlySet<string>;
  /** Forbidden flows: marked on their conduits, or drawn as temporary edges where none exists. */
  flowDrift: FlowDriftOverlay;
  /** Assets with open alerts: a glow in the highest severity's colour and the count under the name. */
  alerting: ReadonlyMap<string, AssetAlerts>;
  /** An attack path chosen in the attack panel: its assets outlined and badged, its hops drawn, the rest faded. */
  attackPath?: AttackPathOverlay | null;
  /** Width (px) covered on the right by a panel over the graph: the selected asset is panned out from under it. */
  coveredRight?: number;
}

/** Fits the whole graph, but never blows a small model up past 1.5x. */
function fitGraph(cy: Core): void {
  cy.fit(undefined, 24);
  if (cy.zoom() > 1.5) {
    cy.zoom(1.5);
    cy.center();
  }
}

/**
 * The IEC 62443 topology: zones as boxes, assets inside, conduits between.
 * The graph is built once per model; live status and drift only restyle
 * it (and add or remove drift edges), so the analyst's zoom and pan survive.
 */
export function Topology({ zones, conduits, assets, status, selected, onSelect, drifting, flowDrift, alerting, attackPath = null, coveredRight = 0 }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const statusRef = useRef(status);
  statusRef.current = status;

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const { elements, blocks } = buildGraph(zones, conduits, assets, statusRef.current);
    const { positions, labels, slots } = placeZones(blocks, { w: el.clientWidth || 800, h: el.clientHeight || 500 });
    for (const e of elements) {
      const wrapped = e.data.id !== undefined ? labels.get(e.data.id) : undefined;
      if (wrapped) e.data.displayLabel = wrapped;
    }
    const cy = cytoscape({
      container: el,
      elements,
      style: graphStyle,
      layout: { name: 'preset', positions: Object.fromEntries(positions), fit: true, padding: 24 },
      minZoom: 0.2,
      maxZoom: 3,
      autoungrabify: false,
      boxSelectionEnabled: false,
    });
    routeConduits(cy, slots);
    fitGraph(cy);
    cy.nodes('[type = "zone"]').unselectify();
    cy.edges().unselectify();
    cy.on('tap', 'node[type = "asset"]', (e) => onSelectRef.current(e.target.id()));
    cy.on('tap', (e) => {
      if (e.target === cy) onSelectRef.current(null);
    });
    cyRef.current = cy;
    window.__twinwardGraph = cy;

    const resize = new ResizeObserver(() => {
      cy.resize();
      fitGraph(cy);
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      if (window.__twinwardGraph === cy) delete window.__twinwardGraph;
      cyRef.current = null;
      cy.destroy();
    };
  }, [zones, conduits, assets]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      for (const [id, s] of Object.entries(status)) {
        const node = cy.getElementById(id);
        if (node.nonempty() && node.data('status') !== s.status) node.data('status', s.status);
      }
    });
  }, [status]);

  useEffect(() => {
    const cy = cyRef.current;
    if (cy) applyDriftOverlay(cy, drifting, flowDrift);
  }, [drifting, flowDrift, zones, conduits, assets]);

  useEffect(() => {
    const cy = cyRef.current;
    if (cy) applyAlertOverlay(cy, alerting);
  }, [alerting, zones, conduits, assets]);

  useEffect(() => {
    const cy = cyRef.current;
    if (cy) applyAttackOverlay(cy, attackPath);
  }, [attackPath, zones, conduits, assets]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.$(':selected').unselect();
    if (selected) cy.getElementById(selected).select();
  }, [selected, zones, conduits, assets]);

  useEffect(() => {
    const cy = cyRef.current;
    const node = selected && cy ? cy.getElementById(selected) : undefined;
    if (!cy || !node || node.empty() || coveredRight <= 0) return;
    const right = cy.width() - coveredRight - 40;
    const x = node.renderedPosition().x;
    if (x > right && right > 40) cy.animate({ panBy: { x: right - x, y: 0 } }, { duration: 250 });
  }, [selected, coveredRight, zones, conduits, assets]);

  return (
    <section className="topology-panel">
      <div className="topology" data-testid="topology" ref={container} />
      <GraphLegend attack={attackPath !== null} />
    </section>
  );
}
