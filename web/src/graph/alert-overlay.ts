import type { Core } from 'cytoscape';
import type { AssetAlerts } from '../state/alerts';

/**
 * Marks assets with open alerts on a built graph, replacing earlier marks:
 * the `alerting` class, the highest severity (`alertSeverity`, which picks
 * the colour) and a second label line with the count. Assets the graph
 * lacks are skipped.
 */
export function applyAlertOverlay(cy: Core, open: ReadonlyMap<string, AssetAlerts>): void {
  cy.batch(() => {
    cy.nodes('[type = "asset"]').forEach((n) => {
      const a = open.get(n.id());
      n.toggleClass('alerting', a !== undefined);
      n.data('alertSeverity', a?.severity ?? '');
      n.data('alertCount', a?.count ?? 0);
      n.data('alertLabel', a ? `${n.data('label') as string}\n▲ ${a.count} alert${a.count === 1 ? '' : 's'} · ${a.severity}` : '');
    });
  });
}
