import type { FlowObservation } from '../../twin/observations.js';
import { readCount, readHost, readPort, readTime, readTransport, readWord, zeekField, type JsonRecord } from './fields.js';
import { protocolWord } from './protocol-words.js';

/**
 * One record of Zeek's conn.log written as JSON (LogAscii::use_json=T):
 * `ts`, `id.orig_h`, `id.orig_p`, `id.resp_h`, `id.resp_p`, `proto`,
 * `service`, `orig_bytes`, `resp_bytes`, `orig_pkts`, `resp_pkts`.
 * The originator is the source. Bytes and packets add both directions
 * (payload bytes, as Zeek counts them). For ICMP, Zeek stores the message
 * type and code in the port fields: they are dropped, not passed off as ports.
 * Throws FieldProblem.
 */
export function parseZeekConn(rec: JsonRecord, source: string): FlowObservation {
  const transport = readTransport(zeekField(rec, 'proto'), 'proto');
  const ports = transport !== 'icmp';
  const srcPort = ports ? readPort(zeekField(rec, 'id.orig_p'), 'id.orig_p') : undefined;
  const dstPort = ports ? readPort(zeekField(rec, 'id.resp_p'), 'id.resp_p') : undefined;
  const flow: FlowObservation = {
    kind: 'flow',
    time: readTime(zeekField(rec, 'ts'), 'ts'),
    src: readHost(zeekField(rec, 'id.orig_h'), 'id.orig_h'),
    dst: readHost(zeekField(rec, 'id.resp_h'), 'id.resp_h'),
    source,
  };
  if (srcPort !== undefined) flow.srcPort = srcPort;
  if (dstPort !== undefined) flow.dstPort = dstPort;
  if (transport) flow.transport = transport;
  const protocol = protocolWord(readWord(zeekField(rec, 'service'), 'service', 256), dstPort);
  if (protocol) flow.protocol = protocol;
  const bytes = sum(readCount(zeekField(rec, 'orig_bytes'), 'orig_bytes'), readCount(zeekField(rec, 'resp_bytes'), 'resp_bytes'));
  if (bytes !== undefined) flow.bytes = bytes;
  const packets = sum(readCount(zeekField(rec, 'orig_pkts'), 'orig_pkts'), readCount(zeekField(rec, 'resp_pkts'), 'resp_pkts'));
  if (packets !== undefined) flow.packets = packets;
  return flow;
}

/** Sum of the counts present; undefined when none is. */
export function sum(...xs: (number | undefined)[]): number | undefined {
  const present = xs.filter((x): x is number => x !== undefined);
  return present.length === 0 ? undefined : present.reduce((a, b) => a + b, 0);
}
