import type { Core } from 'cytoscape';
import type { FlowDriftOverlay } from '../state/flow-drift';
import { zoneNodeId } from './elements';

/** Id prefix of the edges drawn for forbidden paths that no conduit joins; they are not part of the model. */
export const DRIFT_EDGE_PREFIX = 'drift-edge:';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Marks drift on a built graph, replacing any earlier marks: assets in
 * `drifting` get the `drift` class (a red halo, apart from the status
 * border); conduits with forbidden flows get the `drift` class and a label
 * with their count; forbidden paths between zones with no conduit become
 * temporary `drift` edges. Zones the graph lacks are skipped.
 */
export function applyDriftOverlay(cy: Core, drifting: ReadonlySet<string>, flows: FlowDriftOverlay): void {
  cy.batch(() => {
    cy.nodes('[type = "asset"]').forEach((n) => {
      n.toggleClass('drift', drifting.has(n.id()));
    });
    cy.edges('[type = "conduit"]').forEach((edge) => {
      const count = flows.conduits.get(edge.data('ref') as string) ?? 0;
      edge.toggleClass('drift', count > 0);
      edge.data('driftLabel', count > 0 ? `${edge.data('label') as string}\n⚠ ${plural(count, 'flow', 'flows')} not allowed` : '');
    });
    cy.edges('[type = "drift"]').remove();
    for (const m of flows.missing) {
      const source = zoneNodeId(m.srcZone);
      const target = zoneNodeId(m.dstZone);
      if (cy.getElementById(source).empty() || cy.getElementById(target).empty()) continue;
      cy.add({
        group: 'edges',
        data: {
          id: `${DRIFT_EDGE_PREFIX}${m.srcZone}->${m.dstZone}`,
          type: 'drift',
          source,
          target,
          label: `⚠ ${plural(m.count, 'flow', 'flows')}, no conduit`,
        },
        selectable: false,
      });
    }
  });
}
