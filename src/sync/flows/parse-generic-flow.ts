import type { FlowObservation } from '../../twin/observations.js';
import { FieldProblem } from './flow-error.js';
import { isRecord, readCount, readHost, readPort, readTime, readTransport, readWord, type JsonRecord, type Transport } from './fields.js';
import { protocolWord } from './protocol-words.js';
import { sum } from './parse-zeek-conn.js';

/**
 * Field names accepted in generic flow records, compared after lowercasing
 * and dropping `_`, `-`, `.` and `@` (so `src_ip`, `srcIp`, `SRC-IP` and
 * `IPV4_SRC_ADDR` all work). The first present name wins. They cover the
 * usual JSON exports: plain `src/dst/sport/dport`, Suricata eve (`src_ip`,
 * `dest_ip`, `app_proto`, `flow.bytes_toserver`), nfdump (`src4_addr`,
 * `in_bytes`, `t_first`), ntopng/nProbe (`IPV4_SRC_ADDR`, `L4_DST_PORT`,
 * `IN_BYTES`), GoFlow2 (`SrcAddr`, `Bytes`), and Zeek-like `id.orig_h`.
 */
export const GENERIC_FIELDS = {
  time: ['ts', 'time', 'timestamp', 'start', 'starttime', 'tfirst', 'firstseen', 'firstswitched', 'flowstart'],
  src: ['src', 'srcip', 'srcaddr', 'source', 'sourceip', 'sourceaddress', 'saddr', 'sa', 'src4addr', 'src6addr', 'ipv4srcaddr', 'ipv6srcaddr', 'idorigh'],
  dst: ['dst', 'dstip', 'dstaddr', 'dest', 'destip', 'destination', 'destinationip', 'destinationaddress', 'daddr', 'da', 'dst4addr', 'dst6addr', 'ipv4dstaddr', 'ipv6dstaddr', 'idresph'],
  srcPort: ['sport', 'srcport', 'sourceport', 'sp', 'l4srcport', 'idorigp'],
  dstPort: ['dport', 'dstport', 'destport', 'destinationport', 'dp', 'l4dstport', 'idrespp'],
  transport: ['proto', 'transport', 'l4proto', 'ipproto', 'protocol', 'pr'],
  app: ['app', 'application', 'appproto', 'service', 'l7proto', 'protocol'],
  bytes: ['bytes', 'octets', 'totalbytes'],
  bytesParts: [['inbytes', 'outbytes'], ['origbytes', 'respbytes'], ['bytestoserver', 'bytestoclient']],
  packets: ['packets', 'pkts', 'totalpackets'],
  packetsParts: [['inpkts', 'outpkts'], ['inpackets', 'outpackets'], ['origpkts', 'resppkts'], ['pktstoserver', 'pktstoclient']],
} as const;

const norm = (k: string) => k.toLowerCase().replace(/[_\-.@]/g, '');

/** Top-level keys by normalized name, plus Suricata's nested `flow` object (top level wins). */
function index(rec: JsonRecord): Map<string, [string, unknown]> {
  const m = new Map<string, [string, unknown]>();
  const add = (obj: JsonRecord, prefix: string) => {
    for (const k of Object.keys(obj)) if (!m.has(norm(k))) m.set(norm(k), [`${prefix}${k}`, obj[k]]);
  };
  add(rec, '');
  const id = Object.hasOwn(rec, 'id') ? rec.id : undefined;
  if (isRecord(id)) for (const k of Object.keys(id)) if (!m.has(norm(`id${k}`))) m.set(norm(`id${k}`), [`id.${k}`, id[k]]);
  const flow = Object.hasOwn(rec, 'flow') ? rec.flow : undefined;
  if (isRecord(flow)) add(flow, 'flow.');
  return m;
}

/**
 * One generic flow record (a JSON object per line). Required: source and
 * destination address; everything else is optional. `proto` may carry the
 * transport (tcp/udp/icmp or 6/17/1) and `protocol` either the transport or
 * the application protocol: a transport word goes to `transport`, anything
 * else to the application protocol. Addresses may be host names.
 * Throws FieldProblem.
 */
export function parseGenericFlow(rec: JsonRecord, source: string): FlowObservation {
  const m = index(rec);
  const first = (names: readonly string[]) => {
    for (const n of names) {
      const hit = m.get(n);
      if (hit && hit[1] !== undefined && hit[1] !== null && hit[1] !== '') return { field: hit[0], value: hit[1] };
    }
    return undefined;
  };
  const need = (what: string, names: readonly string[]) => {
    const hit = first(names);
    if (!hit) throw new FieldProblem('missing-field', what, `missing (accepted names: ${names.join(', ')})`);
    return hit;
  };

  const src = need('src', GENERIC_FIELDS.src);
  const dst = need('dst', GENERIC_FIELDS.dst);
  const flow: FlowObservation = { kind: 'flow', src: readHost(src.value, src.field, true), dst: readHost(dst.value, dst.field, true), source };
  const time = first(GENERIC_FIELDS.time);
  if (time) flow.time = readTime(time.value, time.field);
  const sp = first(GENERIC_FIELDS.srcPort);
  const dp = first(GENERIC_FIELDS.dstPort);
  const srcPort = sp && readPort(sp.value, sp.field);
  const dstPort = dp && readPort(dp.value, dp.field);
  if (srcPort !== undefined) flow.srcPort = srcPort;
  if (dstPort !== undefined) flow.dstPort = dstPort;

  let transport: Transport | undefined;
  let appField: { field: string; value: unknown } | undefined;
  for (const n of GENERIC_FIELDS.transport) {
    const hit = first([n]);
    if (!hit) continue;
    const t = asTransport(hit.value);
    if (t) {
      transport = t;
      break;
    }
    // `protocol: "modbus"` is an application protocol, not a malformed transport.
    if (n === 'protocol') continue;
    transport = readTransport(hit.value, hit.field);
    break;
  }
  for (const n of GENERIC_FIELDS.app) {
    const hit = first([n]);
    if (hit && asTransport(hit.value) === undefined) {
      appField = hit;
      break;
    }
  }
  if (transport) flow.transport = transport;
  if (appField) {
    const word = protocolWord(readWord(appField.value, appField.field, 256), flow.dstPort);
    if (word) flow.protocol = word;
  }

  const total = (one: readonly string[], parts: readonly (readonly string[])[]) => {
    const hit = first(one);
    if (hit) return readCount(hit.value, hit.field);
    for (const pair of parts) {
      const hits = pair.map((p) => first([p]));
      if (hits.some(Boolean)) return sum(...hits.map((h) => (h ? readCount(h.value, h.field) : undefined)));
    }
    return undefined;
  };
  const bytes = total(GENERIC_FIELDS.bytes, GENERIC_FIELDS.bytesParts);
  if (bytes !== undefined) flow.bytes = bytes;
  const packets = total(GENERIC_FIELDS.packets, GENERIC_FIELDS.packetsParts);
  if (packets !== undefined) flow.packets = packets;
  return flow;
}

function asTransport(v: unknown): Transport | undefined {
  try {
    return readTransport(v, '');
  } catch {
    return undefined;
  }
}
