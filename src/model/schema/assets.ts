import { z } from 'zod';
import { Criticality, Description, Id, Name, Ref } from './common.js';
import { Protocol } from './network.js';

export const AssetKind = z.enum([
  'plc', 'rtu', 'safety-controller', 'hmi', 'scada-server', 'historian', 'engineering-workstation',
  'server', 'workstation', 'network-device', 'firewall', 'data-diode', 'jump-host', 'vpn-gateway',
  'sensor', 'actuator', 'drive', 'medical-device', 'infusion-pump', 'patient-monitor',
  'integration-engine', 'database', 'cloud-service', 'iot-gateway', 'other',
]);

export const DataClass = z.enum([
  'phi', 'pii', 'credentials', 'process-control', 'safety', 'configuration', 'telemetry',
  'financial', 'intellectual-property', 'logs', 'backups',
]);

export const Address = z.strictObject({
  ip: z.union([z.ipv4(), z.ipv6()], { message: 'expected an IPv4 or IPv6 address' }).optional(),
  mac: z.mac({ message: 'expected a MAC address like 00:1a:2b:3c:4d:5e' }).optional(),
  hostname: z.string().regex(/^[A-Za-z0-9.-]{1,253}$/, { message: 'expected a host name' }).optional(),
});

/** CPE 2.3 formatted string binding (NISTIR 7695 §6.2): 13 colon-separated parts. */
const Cpe = z
  .string()
  .regex(/^cpe:2\.3:[aho\*\-](:(?:[^:\\]|\\.)*){10}$/, { message: 'expected a CPE 2.3 name like cpe:2.3:h:vendor:product:version:*:*:*:*:*:*:*' });

export const Vulnerability = z.strictObject({
  cve: z.string().regex(/^CVE-\d{4}-\d{4,}$/, { message: 'expected a CVE id like CVE-2023-12345' }),
  cvss: z
    .string()
    .regex(/^CVSS:(3\.[01]|4\.0)\//, { message: 'expected a CVSS 3.1 or 4.0 vector starting with CVSS:3.1/ or CVSS:4.0/' })
    .optional(),
  exploited: z.boolean().default(false).describe('Known exploited in the wild (e.g. CISA KEV)'),
  description: Description.optional(),
});

export const Asset = z.strictObject({
  id: Id,
  name: Name,
  kind: AssetKind,
  domain: Ref('domain').describe('Owner domain'),
  zone: Ref('zone'),
  addresses: z.array(Address).default([]),
  vendor: z.string().optional(),
  product: z.string().optional(),
  version: z.string().optional(),
  cpe: Cpe.optional(),
  vulnerabilities: z.array(Vulnerability).default([]),
  criticality: Criticality.default('medium'),
  dataClasses: z.array(DataClass).default([]),
  listens: z
    .array(Protocol)
    .optional()
    .describe('Protocols the asset answers on; default: what assets of its kind usually answer on (attack analysis reads it)'),
  description: Description.optional(),
});

export type Asset = z.infer<typeof Asset>;
export type AssetKind = z.infer<typeof AssetKind>;
