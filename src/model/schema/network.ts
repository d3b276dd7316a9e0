import { z } from 'zod';
import { Description, Id, Name, Port, Ref, SecurityLevel } from './common.js';

export const ZoneKind = z.enum(['control', 'safety', 'supervisory', 'dmz', 'enterprise', 'remote-access', 'cloud', 'external', 'clinical', 'field']);

/** An IEC 62443-3-2 zone: assets that share security requirements. */
export const Zone = z.strictObject({
  id: Id,
  name: Name,
  domain: Ref('domain'),
  kind: ZoneKind,
  purdueLevel: z.number().min(0).max(5).optional().describe('Purdue level 0-5 (3.5 for an IT/OT DMZ)'),
  securityLevel: z.strictObject({ target: SecurityLevel, achieved: SecurityLevel.optional() }),
  description: Description.optional(),
});

export const Protocol = z.enum([
  'modbus-tcp', 'opc-ua', 'mqtt', 'mqtts', 'dnp3', 's7', 'ethernet-ip', 'bacnet', 'iec-104',
  'http', 'https', 'ssh', 'rdp', 'vnc', 'smb', 'sql', 'ldap', 'kerberos', 'dns', 'ntp', 'syslog', 'snmp',
  'hl7-mllp', 'fhir', 'dicom', 'ipsec', 'wireguard', 'other',
]);

/** One flow a conduit allows. `initiator` is the zone that opens connections. */
export const Flow = z.strictObject({
  protocol: Protocol,
  port: Port.optional(),
  transport: z.enum(['tcp', 'udp']).default('tcp'),
  direction: z.enum(['one-way', 'bidirectional']).default('one-way'),
  initiator: Ref('zone').describe('The zone allowed to open the connection; one of the conduit\'s zones'),
  description: Description.optional(),
});

/** An IEC 62443 conduit: the only allowed paths between two zones. */
export const Conduit = z.strictObject({
  id: Id,
  name: Name.optional(),
  zones: z.tuple([Ref('zone'), Ref('zone')]).describe('The two zones the conduit joins'),
  securityLevel: SecurityLevel.optional(),
  via: z.array(Ref('asset')).default([]).describe('Assets enforcing the conduit: firewalls, data diodes, jump hosts'),
  flows: z.array(Flow).min(1, { message: 'a conduit must allow at least one flow' }),
  description: Description.optional(),
});

export type Zone = z.infer<typeof Zone>;
export type Conduit = z.infer<typeof Conduit>;
export type Flow = z.infer<typeof Flow>;
