/**
 * How each asset kind is drawn. Kinds group into a few families an analyst
 * tells apart at a glance: controllers, field devices, supervisory hosts,
 * boundary devices, servers, user endpoints, medical devices.
 */
export type AssetFamily = 'controller' | 'field' | 'supervisory' | 'boundary' | 'server' | 'endpoint' | 'medical' | 'other';

const FAMILY_OF: Record<string, AssetFamily> = {
  plc: 'controller',
  rtu: 'controller',
  'safety-controller': 'controller',
  sensor: 'field',
  actuator: 'field',
  drive: 'field',
  hmi: 'supervisory',
  'scada-server': 'supervisory',
  historian: 'supervisory',
  'engineering-workstation': 'supervisory',
  firewall: 'boundary',
  'data-diode': 'boundary',
  'jump-host': 'boundary',
  'vpn-gateway': 'boundary',
  'network-device': 'boundary',
  server: 'server',
  database: 'server',
  'integration-engine': 'server',
  'cloud-service': 'server',
  'iot-gateway': 'server',
  workstation: 'endpoint',
  'medical-device': 'medical',
  'infusion-pump': 'medical',
  'patient-monitor': 'medical',
};

export function familyOf(kind: string): AssetFamily {
  return FAMILY_OF[kind] ?? 'other';
}

/** Shape and fill per family; cytoscape shape names. */
export const FAMILY_LOOK: Record<AssetFamily, { shape: string; color: string; label: string }> = {
  controller: { shape: 'rectangle', color: '#d9822b', label: 'controller' },
  field: { shape: 'ellipse', color: '#c9b037', label: 'field device' },
  supervisory: { shape: 'round-rectangle', color: '#3b82c4', label: 'supervisory' },
  boundary: { shape: 'diamond', color: '#9b6bd1', label: 'boundary' },
  server: { shape: 'barrel', color: '#2a9d8f', label: 'server' },
  endpoint: { shape: 'round-triangle', color: '#6c8aa3', label: 'endpoint' },
  medical: { shape: 'hexagon', color: '#e05d8c', label: 'medical' },
  other: { shape: 'ellipse', color: '#8b949e', label: 'other' },
};

/** Border colour of an asset by its live status. */
export const STATUS_COLOR: Record<string, string> = {
  unknown: '#7d8590',
  online: '#2ecc71',
  offline: '#e5484d',
  lost: '#e5484d',
};

/** Halo of assets with recent drift, and of conduits and paths with forbidden flows. */
export const DRIFT_COLOR = '#ff3b4e';

/** An attack path chosen in the attack panel: its assets' outline, its hops, its badges. */
export const ATTACK_COLOR = '#ffa657';

/** Colour of an alert's severity, on the topology and in its legend (the console's CSS uses the same values). */
export const SEVERITY_COLOR: Record<string, string> = {
  low: '#9aa4b0',
  medium: '#e3b341',
  high: '#f0883e',
  critical: '#ff5c61',
};
