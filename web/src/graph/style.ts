import type { StylesheetJson } from 'cytoscape';
import { ATTACK_COLOR, DRIFT_COLOR, FAMILY_LOOK, SEVERITY_COLOR, STATUS_COLOR } from './asset-kinds';
import { LATERAL_LABEL_WIDTH } from './layout';

const families = Object.entries(FAMILY_LOOK).map(([family, look]) => ({
  selector: `node[type = "asset"][family = "${family}"]`,
  style: { shape: look.shape, 'background-color': look.color },
}));

const severities = Object.entries(SEVERITY_COLOR).map(([severity, color]) => ({
  selector: `node[type = "asset"].alerting[alertSeverity = "${severity}"]`,
  style: { color, 'underlay-color': color },
}));

const statuses = Object.entries(STATUS_COLOR).map(([status, color]) => ({
  selector: `node[type = "asset"][status = "${status}"]`,
  style: { 'border-color': color },
}));

/** The topology's look, for a dark background. */
export const graphStyle = [
  {
    selector: 'node[type = "zone"]',
    style: {
      shape: 'round-rectangle',
      'background-color': '#1a2332',
      'background-opacity': 0.9,
      'border-color': '#3b4a61',
      'border-width': 1.5,
      // displayLabel is `label` broken into lines that fit the box (graph/layout.ts).
      label: 'data(displayLabel)',
      color: '#a8bdd6',
      'font-size': 13,
      'font-weight': 'bold',
      'text-wrap': 'wrap',
      'text-valign': 'top',
      'text-halign': 'center',
      'text-margin-y': -3,
      padding: '14px',
    },
  },
  {
    selector: 'node[type = "zone"][zoneKind = "dmz"]',
    style: { 'border-color': '#8a6d3b', 'border-style': 'dashed' },
  },
  {
    selector: 'node[type = "zone"][zoneKind = "external"]',
    style: { 'border-color': '#8b3a3a', 'border-style': 'dashed' },
  },
  {
    selector: 'node[type = "asset"]',
    style: {
      width: 26,
      height: 26,
      'border-width': 3,
      label: 'data(label)',
      color: '#d6dde6',
      'font-size': 11,
      'text-valign': 'bottom',
      'text-halign': 'center',
      'text-margin-y': 4,
      'text-wrap': 'wrap',
      'text-max-width': '90px',
    },
  },
  ...families,
  ...statuses,
  {
    // An outline outside the status border, so "drifting" and "offline" read apart.
    selector: 'node[type = "asset"].drift',
    style: { 'outline-width': 3, 'outline-color': DRIFT_COLOR, 'outline-offset': 3, 'outline-opacity': 0.95, 'outline-style': 'solid' },
  },
  {
    // Open alerts: a glow under the node in the severity's colour and a count under its name.
    selector: 'node[type = "asset"].alerting',
    style: {
      label: 'data(alertLabel)',
      'font-weight': 'bold',
      'text-background-color': '#1c0d10',
      'text-background-opacity': 0.85,
      'text-background-padding': '2px',
      'text-background-shape': 'roundrectangle',
      'underlay-opacity': 0.45,
      'underlay-padding': 7,
      'underlay-shape': 'ellipse',
    },
  },
  ...severities,
  // An attack path (attack panel): the rest fades, the path's assets get an outline and their step badges.
  { selector: 'node[type = "asset"].attack-dim', style: { opacity: 0.35 } },
  {
    selector: 'node[type = "asset"].attack-path',
    style: {
      label: 'data(attackLabel)',
      color: ATTACK_COLOR,
      'font-weight': 'bold',
      'text-background-color': '#1f140a',
      'text-background-opacity': 0.9,
      'text-background-padding': '2px',
      'text-background-shape': 'roundrectangle',
      'outline-width': 3,
      'outline-color': ATTACK_COLOR,
      'outline-offset': 3,
      'outline-opacity': 1,
      'outline-style': 'solid',
      'z-compound-depth': 'top',
    },
  },
  { selector: 'node[type = "asset"].attack-entry', style: { 'outline-style': 'double', 'outline-width': 5 } },
  {
    selector: 'node[type = "asset"]:selected',
    style: { 'underlay-color': '#f0f6fc', 'underlay-opacity': 0.35, 'underlay-padding': 6, 'underlay-shape': 'ellipse' },
  },
  {
    selector: 'edge[type = "conduit"]',
    style: {
      width: 2,
      'line-color': '#5b7aa3',
      'curve-style': 'bezier',
      label: 'data(label)',
      color: '#e8c872',
      'font-size': 10,
      'text-wrap': 'wrap',
      'text-max-width': '170px',
      'text-background-color': '#0d1117',
      'text-background-opacity': 0.85,
      'text-background-padding': '2px',
      'text-background-shape': 'roundrectangle',
      'arrow-scale': 0.9,
    },
  },
  { selector: 'edge.lateral', style: { 'text-max-width': `${LATERAL_LABEL_WIDTH}px` } },
  { selector: 'edge[arrows = "forward"]', style: { 'target-arrow-shape': 'triangle', 'target-arrow-color': '#5b7aa3' } },
  { selector: 'edge[arrows = "backward"]', style: { 'source-arrow-shape': 'triangle', 'source-arrow-color': '#5b7aa3' } },
  {
    selector: 'edge[arrows = "both"]',
    style: { 'target-arrow-shape': 'triangle', 'target-arrow-color': '#5b7aa3', 'source-arrow-shape': 'triangle', 'source-arrow-color': '#5b7aa3' },
  },
  {
    selector: 'edge[type = "conduit"].drift',
    style: {
      'line-color': DRIFT_COLOR,
      'line-style': 'dashed',
      'line-dash-pattern': [7, 4],
      'target-arrow-color': DRIFT_COLOR,
      'source-arrow-color': DRIFT_COLOR,
      label: 'data(driftLabel)',
      color: '#ffb4b4',
    },
  },
  {
    selector: 'edge[type = "drift"]',
    style: {
      width: 2,
      'line-color': DRIFT_COLOR,
      'line-style': 'dashed',
      'line-dash-pattern': [7, 4],
      'curve-style': 'bezier',
      'target-arrow-shape': 'triangle',
      'target-arrow-color': DRIFT_COLOR,
      'arrow-scale': 0.9,
      label: 'data(label)',
      color: '#ffb4b4',
      'font-size': 10,
      'font-weight': 'bold',
      'text-background-color': '#2a0f12',
      'text-background-opacity': 0.9,
      'text-background-padding': '2px',
      'text-background-shape': 'roundrectangle',
      // Drawn over the zone boxes it crosses: the path the model forbids must not hide behind them.
      'z-compound-depth': 'top',
      'z-index': 10,
    },
  },
  {
    selector: 'edge[type = "attack"]',
    style: {
      width: 3,
      'line-color': ATTACK_COLOR,
      'curve-style': 'bezier',
      'target-arrow-shape': 'triangle',
      'target-arrow-color': ATTACK_COLOR,
      'arrow-scale': 1.1,
      label: 'data(label)',
      color: ATTACK_COLOR,
      'font-size': 10,
      'font-weight': 'bold',
      'text-background-color': '#1f140a',
      'text-background-opacity': 0.9,
      'text-background-padding': '2px',
      'text-background-shape': 'roundrectangle',
      // Over the zone boxes it crosses, like the drift edges.
      'z-compound-depth': 'top',
      'z-index': 20,
    },
  },
] as StylesheetJson;
