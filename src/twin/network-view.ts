import type { Asset, Conduit, TwinModel } from '../model/index.js';

/** Well-known ports of the protocols conduits name, used when a flow record carries only a port. */
const DEFAULT_PORTS: Record<string, number[]> = {
  'modbus-tcp': [502], 'opc-ua': [4840], mqtt: [1883], mqtts: [8883], dnp3: [20000], s7: [102], 'ethernet-ip': [44818, 2222],
  bacnet: [47808], 'iec-104': [2404], http: [80, 8080], https: [443, 8443], ssh: [22], rdp: [3389], vnc: [5900], smb: [445],
  sql: [1433, 5432, 3306, 1521], ldap: [389, 636], kerberos: [88], dns: [53], ntp: [123], syslog: [514, 6514], snmp: [161, 162],
  'hl7-mllp': [2575], fhir: [443], dicom: [104, 11112], ipsec: [500, 4500], wireguard: [51820],
};

export interface FlowVerdict {
  allowed: boolean;
  conduit: string | null;
  reason: string;
}

/**
 * The model's network as lookups: which asset an address belongs to, and
 * whether a conduit allows a flow. IEC 62443-3-2: traffic between zones must
 * go through a conduit that allows it; within a zone it is not policed here.
 */
export class NetworkView {
  readonly #byAddress = new Map<string, Asset>();
  readonly #byId = new Map<string, Asset>();
  readonly #conduits: Conduit[];

  constructor(model: TwinModel) {
    this.#conduits = model.conduits;
    for (const a of model.assets) {
      this.#byId.set(a.id, a);
      for (const addr of a.addresses) {
        if (addr.ip) this.#byAddress.set(normalizeIp(addr.ip), a);
        if (addr.hostname) this.#byAddress.set(addr.hostname.toLowerCase(), a);
      }
    }
  }

  /** The asset at an IP address, host name or asset id; undefined when the model has none. */
  asset(address: string): Asset | undefined {
    return this.#byId.get(address) ?? this.#byAddress.get(normalizeIp(address)) ?? this.#byAddress.get(address.toLowerCase());
  }

  /**
   * Whether a connection from `src` to `dst` on `port` is allowed. The flow's
   * initiator must be the conduit flow's initiator zone; a flow with no
   * declared port matches any port of its protocol's well-known ports, or any
   * port when the protocol is `other`.
   */
  judgeFlow(src: Asset, dst: Asset, flow: { dstPort?: number | undefined; protocol?: string | undefined; transport?: string | undefined }): FlowVerdict {
    if (src.zone === dst.zone) return { allowed: true, conduit: null, reason: `within zone ${src.zone}` };
    const joining = this.#conduits.filter((c) => c.zones.includes(src.zone) && c.zones.includes(dst.zone));
    if (joining.length === 0) return { allowed: false, conduit: null, reason: `no conduit joins zones ${src.zone} and ${dst.zone}` };
    for (const c of joining) {
      for (const f of c.flows) {
        if (f.initiator !== src.zone) continue;
        if (flow.transport && flow.transport !== f.transport) continue;
        const ports = f.port !== undefined ? [f.port] : (DEFAULT_PORTS[f.protocol] ?? []);
        const portOk = flow.dstPort === undefined ? flow.protocol === f.protocol : ports.length === 0 || ports.includes(flow.dstPort);
        const protocolOk = !flow.protocol || flow.protocol === f.protocol || f.protocol === 'other';
        if (portOk && protocolOk) return { allowed: true, conduit: c.id, reason: `conduit ${c.id} allows ${f.protocol}${f.port ? `/${f.port}` : ''} from ${f.initiator}` };
      }
    }
    const what = `${flow.protocol ?? flow.transport ?? 'traffic'}${flow.dstPort !== undefined ? `/${flow.dstPort}` : ''}`;
    return { allowed: false, conduit: joining[0]!.id, reason: `conduit ${joining.map((c) => c.id).join(', ')} does not allow ${what} initiated from zone ${src.zone}` };
  }
}

/** `::ffff:10.0.0.1` (IPv4-mapped, as Node reports sockets) and `10.0.0.1` are the same host. */
export function normalizeIp(ip: string): string {
  const lower = ip.trim().toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice(7) : lower;
}
