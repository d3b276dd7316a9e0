/**
 * A network small enough to check by hand.
 *
 *   internet (external zone "net")
 *     | conduit net-dmz: https -> web (CVE-A, AV:N/PR:N, gains admin)
 *   dmz: web
 *     | conduit dmz-ot: rdp -> hmi (flow #1), modbus-tcp -> plc (flow #2)
 *   ot: hmi, plc (drives unit "tank")
 *   office: ws (phishing target); conduit office-dmz: rdp -> web (flow #1)
 *   account "ops" (operator, no MFA) valid on web and hmi
 *
 * Paths from the internet to manipulating the tank:
 *   A: exploit web (CVE-A) -> modbus-tcp to the plc without authentication -> tank
 *   B: exploit web -> dump "ops" on web -> RDP logon to hmi -> operator command to the plc -> tank
 * Every path starts with the internet flow net-dmz#1 and the exploit of web, then crosses flow dmz-ot#2 or
 * ("ops" without MFA and dmz-ot#1). Least-cost cut with the defaults (close a flow 4, patch 8, MFA 8): close
 * net-dmz#1 (4). With flows at 9: patch CVE-2024-0001 (8). With the internet flow kept and flows at 3: both OT
 * flows (6), cheaper than the patch or MFA plus one flow.
 */
export const SMALL_MODEL = `
twinward: 1
name: Small
node: { domain: plant }
domains:
  - { id: plant, name: Plant }
  - { id: vendor, name: Vendor, kind: vendor }
zones:
  - { id: net, name: Internet, domain: plant, kind: external, securityLevel: { target: 0 } }
  - { id: dmz, name: DMZ, domain: plant, kind: dmz, securityLevel: { target: 2 } }
  - { id: ot, name: OT, domain: plant, kind: control, securityLevel: { target: 3 } }
  - { id: office, name: Office, domain: plant, kind: enterprise, securityLevel: { target: 1 } }
conduits:
  - { id: net-dmz, zones: [net, dmz], flows: [{ protocol: https, port: 443, initiator: net }] }
  - id: dmz-ot
    zones: [dmz, ot]
    flows:
      - { protocol: rdp, port: 3389, initiator: dmz }
      - { protocol: modbus-tcp, port: 502, initiator: dmz }
  - { id: office-dmz, zones: [office, dmz], flows: [{ protocol: rdp, port: 3389, initiator: office }] }
assets:
  - id: web
    name: Web portal
    kind: server
    domain: plant
    zone: dmz
    vulnerabilities: [{ cve: CVE-2024-0001, cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", exploited: true }]
  - { id: hmi, name: HMI, kind: hmi, domain: plant, zone: ot }
  - { id: plc, name: PLC, kind: plc, domain: plant, zone: ot, criticality: critical }
  - { id: ws, name: Office PC, kind: workstation, domain: plant, zone: office }
services:
  - { id: production, name: Production, domain: plant, runsOn: [plc], criticality: critical }
accounts:
  - { id: ops, name: Operator, domain: plant, kind: directory, privilege: operator, validOn: [web, hmi] }
process:
  units:
    - { id: tank, name: Tank, kind: tank, area: 10, height: 5, initialLevel: 2, asset: plc }
`;
