import type { Core } from 'cytoscape';
import type { AttackPathOverlay } from '../state/attack-path';

/** Id prefix of the edges drawn for an attack path's hops; they are not part of the model. */
const ATTACK_EDGE_PREFIX = 'attack-edge:';

/**
 * Draws a chosen attack path on a built graph, replacing any earlier one:
 * assets on the path get the `attack-path` class (the first one also
 * `attack-entry`) and a badge line with their step numbers and techniques;
 * every other asset gets `attack-dim`; each hop becomes a temporary
 * `attack` edge labelled with its steps. `null` clears it all. Assets the
 * graph lacks are skipped.
 */
export function applyAttackOverlay(cy: Core, path: AttackPathOverlay | null): void {
  cy.batch(() => {
    cy.nodes('[type = "asset"]').forEach((n) => {
      const m = path?.assets.get(n.id());
      n.toggleClass('attack-path', m !== undefined);
      n.toggleClass('attack-entry', m?.entry === true);
      n.toggleClass('attack-dim', path !== null && m === undefined);
      const badge = m ? [m.steps.length ? m.steps.join(',') : '', m.techniques.join(' ')].filter(Boolean).join(' · ') : '';
      n.data('attackLabel', m ? `${n.data('label') as string}\n⚔ ${badge || 'foothold'}` : '');
    });
    cy.edges('[type = "attack"]').remove();
    if (!path) return;
    for (const h of path.hops) {
      if (cy.getElementById(h.from).empty() || cy.getElementById(h.to).empty()) continue;
      cy.add({
        group: 'edges',
        data: {
          id: `${ATTACK_EDGE_PREFIX}${h.from}->${h.to}`,
          type: 'attack',
          source: h.from,
          target: h.to,
          label: [h.steps.join(','), h.techniques.join(' ')].filter(Boolean).join(' '),
        },
        selectable: false,
      });
    }
  });
}
