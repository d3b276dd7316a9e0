import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Observation } from '../../twin/observations.js';
import { FlowError } from './flow-error.js';
import { modbusFunction } from './modbus-functions.js';
import { parseFlowLine, type FlowFormat, type LineResult } from './parse-line.js';
import { protocolWord } from './protocol-words.js';

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8').split('\n').filter((l) => l !== '');

function parseFile(name: string, format?: FlowFormat): LineResult[] {
  return fixture(name).map((text, i) => parseFlowLine(text, { file: name, line: i + 1 }, format));
}
const observations = (rs: LineResult[]) => rs.flatMap((r) => (r.kind === 'observation' ? [r.observation] : []));

test('Zeek conn.log JSON -> flows in the model protocol words', () => {
  const rs = parseFile('conn.log');
  assert.ok(rs.every((r) => r.kind === 'observation'));
  const flows = observations(rs);
  const s = 'flows:zeek:conn.log';
  assert.deepEqual(flows[0], {
    kind: 'flow', time: '2026-01-31T02:14:00.112Z', src: '10.10.20.10', dst: '10.10.10.11', srcPort: 49812, dstPort: 502,
    transport: 'tcp', protocol: 'modbus-tcp', bytes: 3720, packets: 241, source: s,
  });
  assert.deepEqual(flows.map((f) => f.kind === 'flow' && [f.src, f.dst, f.dstPort, f.transport, f.protocol]), [
    ['10.10.20.10', '10.10.10.11', 502, 'tcp', 'modbus-tcp'],
    ['10.10.20.21', '10.10.20.10', 443, 'tcp', 'https'], // service "ssl,http": the first known word
    ['10.10.30.10', '10.10.20.10', 4840, 'tcp', undefined], // no Zeek analyzer for OPC UA: no service
    ['10.10.30.20', '10.50.1.10', 53, 'udp', 'dns'],
    ['10.10.20.10', '10.10.10.12', undefined, 'icmp', undefined], // ICMP type/code are not ports
    ['10.10.10.20', '10.10.20.30', 1883, 'tcp', 'mqtt'],
    ['10.50.10.101', '10.10.10.12', 3389, 'tcp', 'rdp'], // corporate workstation into a control-zone PLC
    ['10.10.30.20', '10.10.10.13', 502, 'tcp', 'modbus-tcp'], // engineering workstation to the distribution PLC
    ['10.10.30.20', '10.10.30.1', 123, 'udp', 'ntp'],
    ['10.10.20.21', '10.10.20.10', 443, 'tcp', undefined], // S0: no payload, no service
  ]);
  const last = flows.at(-1)!;
  assert.equal(last.kind === 'flow' && last.bytes, undefined);
  assert.equal(last.kind === 'flow' && last.packets, 1);
});

test('Zeek modbus.log JSON -> commands; responses and exceptions skipped', () => {
  const rs = parseFile('modbus.log');
  assert.deepEqual(rs.map((r) => (r.kind === 'skip' ? r.why : r.kind)), [
    'observation', 'response', 'observation', 'response', 'observation', 'exception',
    'observation', 'response', 'observation', 'observation', 'observation', 'observation',
  ]);
  const cmds = observations(rs);
  assert.deepEqual(cmds.map((c) => c.kind === 'command' && [c.from, c.to, c.operation, c.functionCode]), [
    ['10.10.20.10', '10.10.10.11', 'read', 3],
    ['10.10.20.10', '10.10.10.11', 'read', 4],
    ['10.10.20.10', '10.10.10.11', 'read', 1],
    ['10.10.30.20', '10.10.10.13', 'write', 6], // the engineering workstation writes a register
    ['10.10.30.20', '10.10.10.13', 'write', 15],
    ['10.10.30.20', '10.10.10.13', 'other', 90], // Schneider UMAS programming
    ['10.10.30.20', '10.10.10.13', 'other', 100],
    ['10.10.20.10', '10.10.10.13', 'read', 3], // Zeek < 5: no pdu_type
  ]);
  assert.deepEqual(cmds[3], {
    kind: 'command', time: '2026-01-31T02:16:00.905Z', protocol: 'modbus-tcp', operation: 'write', functionCode: 6,
    from: '10.10.30.20', to: '10.10.10.13', source: 'flows:zeek:modbus.log',
  });
});

test('generic flow records in several tools\' field names', () => {
  const rs = parseFile('flows.jsonl');
  assert.deepEqual(rs[0], { kind: 'skip', why: 'comment' });
  const strip = (o: Observation) => {
    const { source, kind, ...rest } = o;
    assert.equal(source, 'flows:generic:flows.jsonl');
    assert.equal(kind, 'flow');
    return rest;
  };
  assert.deepEqual(observations(rs).map(strip), [
    { time: '2026-01-31T02:14:00.000Z', src: '10.10.20.10', dst: '10.10.10.11', srcPort: 49812, dstPort: 502, transport: 'tcp', protocol: 'modbus-tcp', bytes: 3720, packets: 241 },
    { time: '2026-01-31T02:14:01.503Z', src: '10.10.20.21', dst: '10.10.20.10', srcPort: 51234, dstPort: 443, transport: 'tcp', protocol: 'https', bytes: 18785, packets: 30 },
    { time: '2026-01-31T02:14:03.250Z', src: '10.10.30.20', dst: '10.50.1.10', srcPort: 58021, dstPort: 53, transport: 'udp', bytes: 148, packets: 2 },
    { time: '2026-01-31T02:15:00.000Z', src: '10.50.10.101', dst: '10.10.10.12', srcPort: 62144, dstPort: 3389, transport: 'tcp', protocol: 'rdp', bytes: 2673511, packets: 4535 },
    { time: '2026-01-31T02:16:00.904Z', src: 'ews01.plant.example', dst: 'plc-distribution.plant.example', dstPort: 502, protocol: 'modbus-tcp' },
    { time: '2026-01-31T02:16:02.500Z', src: 'fd00:10::21', dst: 'fd00:10::10', srcPort: 51300, dstPort: 8883, transport: 'tcp', protocol: 'mqtts' },
  ]);
});

test('malformed lines: one positioned error each, never a throw', () => {
  const rs = parseFile('malformed.log');
  assert.equal(rs[0]!.kind, 'observation');
  const messages = rs.slice(1).map((r) => (r.kind === 'malformed' ? r.error.message : `${r.kind}`));
  assert.deepEqual(messages.map((m) => m.replace(/not JSON: .*/, 'not JSON: ...')), [
    'malformed.log:2: not JSON: ...',
    'malformed.log:3: not a JSON object',
    'malformed.log:4: id.resp_h: missing',
    'malformed.log:5: id.orig_h: expected an IP address, got "10.10.20.999"',
    'malformed.log:6: id.orig_p: expected a port 0-65535, got 70000',
    'malformed.log:7: ts: expected epoch seconds or an ISO 8601 time, got "yesterday"',
    'malformed.log:8: func: not a Modbus function: "FROB_THE_PLC"',
    'malformed.log:9: proto: expected tcp, udp or icmp, got "sctp"',
    'malformed.log:10: not JSON: ...',
    'malformed.log:11: orig_bytes: expected a whole number of 0 or more, got -5',
    'observation',
  ]);
  assert.ok(!messages[0]!.includes('this is not json'), 'the offending line is not echoed into the message');
  // `__proto__` in a line is an own key of the parsed object, never Object.prototype.
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('generic records name what is missing', () => {
  const r = parseFlowLine('{"src":"10.0.0.1","port":502}', { file: 'g.jsonl', line: 7 }, 'generic');
  assert.equal(r.kind === 'malformed' && r.error.message, 'g.jsonl:7: dst: missing (accepted names: dst, dstip, dstaddr, dest, destip, destination, destinationip, destinationaddress, daddr, da, dst4addr, dst6addr, ipv4dstaddr, ipv6dstaddr, idresph)');
  const h = parseFlowLine('{"src":"not a host!","dst":"10.0.0.2"}', { file: 'g.jsonl', line: 8 });
  assert.equal(h.kind === 'malformed' && h.error.message, 'g.jsonl:8: src: expected an IP address or host name, got "not a host!"');
});

test('Zeek TSV is refused with the fix; other # lines are comments', () => {
  assert.throws(() => parseFile('conn-tsv.log'), (e: FlowError) => e.code === 'zeek-tsv' && e.message === 'conn-tsv.log:1: Zeek TSV is not supported; set LogAscii::use_json=T');
  assert.deepEqual(parseFlowLine('# exported by flowtool 2.1', { file: 'f', line: 1 }), { kind: 'skip', why: 'comment' });
  assert.deepEqual(parseFlowLine('   ', { file: 'f', line: 2 }), { kind: 'skip', why: 'blank' });
});

test('Modbus function names and codes (spec V1.1b3 §6)', () => {
  assert.deepEqual(modbusFunction('WRITE_SINGLE_REGISTER'), { code: 6, operation: 'write', exception: false });
  assert.deepEqual(modbusFunction('READ_WRITE_MULTIPLE_REGISTERS'), { code: 23, operation: 'write', exception: false });
  assert.deepEqual(modbusFunction('MASK_WRITE_REGISTER'), { code: 22, operation: 'write', exception: false });
  assert.deepEqual(modbusFunction('DIAGNOSTICS'), { code: 8, operation: 'other', exception: false });
  assert.deepEqual(modbusFunction('READ_COILS_EXCEPTION'), { code: 1, operation: 'read', exception: true });
  assert.deepEqual(modbusFunction('unknown-65'), { code: 65, operation: 'other', exception: false });
  assert.deepEqual(modbusFunction('unknown-134'), { code: 6, operation: 'write', exception: true });
  for (const bad of ['', 'unknown-0', 'unknown-256', 'toString', '__proto__', 'constructor']) assert.equal(modbusFunction(bad), undefined, bad);
});

test('protocol words', () => {
  assert.equal(protocolWord('modbus'), 'modbus-tcp');
  assert.equal(protocolWord('ssl', 443), 'https');
  assert.equal(protocolWord('ssl', 8883), 'mqtts');
  assert.equal(protocolWord('-http,ssh'), 'ssh');
  assert.equal(protocolWord('gopher'), 'other');
  assert.equal(protocolWord('-'), undefined);
  assert.equal(protocolWord(undefined), undefined);
});
