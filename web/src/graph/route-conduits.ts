import type { Core } from 'cytoscape';

/**
 * Keeps conduit lines and labels clear of the zone boxes they do not join,
 * given where graph/layout.ts put each zone. Between neighbours in one row a
 * label only has the gap between the boxes, so it is narrowed ('lateral');
 * a conduit that skips over zones of its row arcs below them instead of
 * running (and hiding its label) underneath. Requires positions to be set.
 */
export function routeConduits(cy: Core, slots: Map<string, { row: number; col: number }>): void {
  cy.edges('[type = "conduit"]').forEach((edge) => {
    const a = slots.get(edge.source().id());
    const b = slots.get(edge.target().id());
    if (!a || !b || a.row !== b.row) return;
    if (Math.abs(a.col - b.col) === 1) {
      edge.addClass('lateral');
      return;
    }
    const left = Math.min(a.col, b.col);
    const right = Math.max(a.col, b.col);
    const between = cy.nodes('[type = "zone"]').filter((z) => {
      const s = slots.get(z.id());
      return !!s && s.row === a.row && s.col > left && s.col < right;
    });
    const sy = (edge.source().boundingBox({ includeLabels: false }).y1 + edge.source().boundingBox({ includeLabels: false }).y2) / 2;
    const bottom = Math.max(...between.map((z) => z.boundingBox({ includeLabels: false }).y2));
    // A quadratic curve reaches half its control point's distance from the chord.
    const distance = 2 * (bottom - sy + 24);
    // Positive distances bend to the right of the source->target direction: below, going left to right.
    edge.style({
      'curve-style': 'unbundled-bezier',
      'control-point-distances': a.col < b.col ? distance : -distance,
      'control-point-weights': 0.5,
    });
  });
}
