import type { Protocol } from '../../model/index.js';

type ProtocolWord = (typeof Protocol.options)[number];

/**
 * Application protocols as flow tools name them -> the model's Protocol
 * words (src/model/schema/network.ts). Keys are lowercase. Zeek names come
 * from its analyzers' `service` strings (and the CISA ICSNPP plugins for
 * s7comm, bacnet, enip/cip); the model's own words map to themselves, so a
 * generic record may use either.
 */
const WORDS: Readonly<Record<string, ProtocolWord>> = {
  modbus: 'modbus-tcp', 'modbus-tcp': 'modbus-tcp', modbus_tcp: 'modbus-tcp', mbtcp: 'modbus-tcp',
  dnp3: 'dnp3', dnp3_tcp: 'dnp3', dnp3_udp: 'dnp3',
  s7comm: 's7', s7comm_plus: 's7', s7: 's7', cotp: 's7',
  enip: 'ethernet-ip', cip: 'ethernet-ip', 'ethernet-ip': 'ethernet-ip', ethernetip: 'ethernet-ip',
  bacnet: 'bacnet', iec104: 'iec-104', 'iec-104': 'iec-104', iec60870_5_104: 'iec-104',
  opcua: 'opc-ua', 'opc-ua': 'opc-ua', opcua_binary: 'opc-ua', 'opcua-binary': 'opc-ua',
  mqtt: 'mqtt', mqtts: 'mqtts',
  http: 'http', https: 'https', ssl: 'https', tls: 'https',
  ssh: 'ssh', rdp: 'rdp', rdpeudp: 'rdp', vnc: 'vnc', rfb: 'vnc',
  smb: 'smb', dce_rpc: 'smb',
  mysql: 'sql', postgresql: 'sql', mssql: 'sql', tds: 'sql', sql: 'sql',
  ldap: 'ldap', ldap_tcp: 'ldap', ldap_udp: 'ldap', krb: 'kerberos', krb_tcp: 'kerberos', kerberos: 'kerberos',
  dns: 'dns', ntp: 'ntp', syslog: 'syslog', snmp: 'snmp',
  hl7: 'hl7-mllp', 'hl7-mllp': 'hl7-mllp', fhir: 'fhir', dicom: 'dicom',
  ipsec: 'ipsec', ike: 'ipsec', wireguard: 'wireguard',
};

/** Ports where TLS carries something other than HTTPS (IANA registry). */
const TLS_PORTS: Readonly<Record<number, ProtocolWord>> = { 8883: 'mqtts', 636: 'ldap', 3389: 'rdp', 2762: 'dicom', 5901: 'vnc' };

/**
 * The model word for a tool's protocol name, `other` for a name it does not
 * know, undefined when there is none. Zeek joins several analyzers with
 * commas (`ssl,http`) and marks failed ones with a leading `-`: the first
 * known, non-failed one wins. TLS is read as HTTPS unless the server port
 * says otherwise.
 */
export function protocolWord(name: string | undefined, dstPort?: number): ProtocolWord | undefined {
  if (name === undefined) return undefined;
  const parts = name.toLowerCase().split(',').map((s) => s.trim()).filter((s) => s !== '' && s !== '-' && !s.startsWith('-'));
  if (parts.length === 0) return undefined;
  for (const p of parts) {
    const w = WORDS[p];
    if (!w) continue;
    if (w === 'https' && (p === 'ssl' || p === 'tls') && dstPort !== undefined) return TLS_PORTS[dstPort] ?? 'https';
    return w;
  }
  return 'other';
}
