import type { AssetKind } from '../model/index.js';

/**
 * What the model does not say and the attack graph needs: which protocols an
 * asset of each kind answers on, which protocols log a user in, which carry
 * commands without authentication, and what each step and each hardening
 * change costs. Every figure here is a default a user can override (see
 * `AttackOptions`); none is tuned to an example.
 */

const OT = ['modbus-tcp', 'opc-ua', 'dnp3', 's7', 'ethernet-ip', 'bacnet', 'iec-104'];
const WINDOWS = ['rdp', 'smb', 'vnc', 'ssh'];
const WEB = ['http', 'https'];

/** Protocols an asset of each kind listens on (a conduit flow reaches it only on these). */
export const LISTENS: Record<AssetKind, readonly string[]> = {
  plc: OT,
  rtu: OT,
  'safety-controller': OT,
  drive: ['modbus-tcp', 'ethernet-ip', 'bacnet', 'opc-ua'],
  sensor: ['modbus-tcp', 'ethernet-ip', 'bacnet', 'opc-ua', 'mqtt', 'mqtts'],
  actuator: ['modbus-tcp', 'ethernet-ip', 'bacnet'],
  hmi: ['opc-ua', 'mqtt', 'mqtts', ...WINDOWS, ...WEB],
  'scada-server': ['opc-ua', 'mqtt', 'mqtts', 'sql', 'ntp', ...WINDOWS, ...WEB, ...OT],
  historian: ['opc-ua', 'sql', 'mqtt', 'mqtts', ...WINDOWS, ...WEB],
  'engineering-workstation': [...WINDOWS, ...WEB],
  server: [...WINDOWS, ...WEB, 'sql', 'ldap', 'kerberos', 'dns', 'ntp', 'syslog', 'snmp', 'mqtt', 'mqtts'],
  workstation: WINDOWS,
  'network-device': ['ssh', 'https', 'snmp'],
  firewall: ['ssh', 'https', 'snmp', 'ipsec'],
  'data-diode': [],
  'jump-host': [...WINDOWS, ...WEB],
  'vpn-gateway': ['https', 'ipsec', 'wireguard', 'ssh'],
  'medical-device': ['hl7-mllp', 'dicom', 'http', 'https', 'ssh', 'other'],
  'infusion-pump': ['hl7-mllp', 'http', 'https', 'other'],
  'patient-monitor': ['hl7-mllp', 'http', 'https', 'other'],
  'integration-engine': ['hl7-mllp', 'fhir', 'sql', ...WEB, ...WINDOWS],
  database: ['sql', 'ssh', 'rdp'],
  'cloud-service': ['https', 'mqtts', 'fhir', 'sql'],
  'iot-gateway': ['mqtt', 'mqtts', 'modbus-tcp', 'opc-ua', 'https', 'ssh'],
  other: [],
};

/** Protocols a cloud asset serves to the whole internet. */
export const INTERNET_FACING = new Set(['https', 'http', 'mqtts', 'fhir']);

/** Protocols a stolen or shared account logs in with. */
export const LOGIN = new Set(['rdp', 'ssh', 'vnc', 'smb', 'https', 'http']);

/** Engineering protocols: an engineer account on a controller downloads logic over these. */
export const ENGINEERING = new Set(OT);

/** Protocols that carry control commands without authenticating the sender (Modbus, DNP3 without SA, S7comm, CIP...). */
export const UNAUTHENTICATED = new Set(['modbus-tcp', 'dnp3', 's7', 'ethernet-ip', 'bacnet', 'iec-104']);

/** Assets that write process tags: taking one over is control of the process. */
export const CONTROLLERS = new Set<AssetKind>(['plc', 'rtu', 'safety-controller', 'drive', 'infusion-pump']);

/** Operator stations that legitimately send commands to controllers. */
export const OPERATOR_STATIONS = new Set<AssetKind>(['hmi', 'scada-server']);

/** Where a person reads mail and opens files: phishing lands here. */
export const INTERACTIVE = new Set<AssetKind>(['workstation', 'engineering-workstation', 'hmi', 'jump-host']);

/** Steps: mean attacker time (hours, also the "cost" of cheapest paths) and chance of success when tried. */
export interface StepCost {
  hours: number;
  p: number;
}

export const STEPS = {
  /** A known exploited (KEV) vulnerability; hours shrink and p grows with CVSS exploitability. */
  exploitKnown: { hours: 8, p: 0.9 },
  /** A vulnerability with no known exploitation: a working exploit must be found or written. */
  exploitUnknown: { hours: 72, p: 0.5 },
  /** A hypothetical zero-day (what-if), assumed weaponised. */
  zeroDay: { hours: 24, p: 0.9 },
  /** Extra for a vulnerability that needs a user to click. */
  userInteraction: { hours: 48, p: 0.3 },
  logon: { hours: 1, p: 0.95 },
  credentialDump: { hours: 2, p: 0.8 },
  sharedCredential: { hours: 4, p: 0.9 },
  defaultCredential: { hours: 1, p: 0.7 },
  trust: { hours: 2, p: 0.9 },
  dataFeed: { hours: 72, p: 0.2 },
  phishing: { hours: 72, p: 0.3 },
  supplyChain: { hours: 168, p: 0.9 },
  unauthenticatedCommand: { hours: 8, p: 0.8 },
  operatorCommand: { hours: 2, p: 0.9 },
  programDownload: { hours: 4, p: 0.85 },
  manipulate: { hours: 1, p: 0.95 },
  disrupt: { hours: 2, p: 0.9 },
  steal: { hours: 4, p: 0.9 },
} satisfies Record<string, StepCost>;

/** Default cost of each hardening change, in person-hours (patching a controller needs an outage). */
export const CHANGE_COSTS = {
  patch: 8,
  'patch-controller': 40,
  'close-flow': 4,
  'remove-trust': 16,
  'add-mfa': 8,
  'change-default-credentials': 1,
  'unshare-account': 8,
} satisfies Record<string, number>;

