import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ExitError, type Output } from '../output.js';
import { flowsCommand } from './flows.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../sync/flows/testdata/${name}`, import.meta.url));

function capture(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), tty: false };
}

test('a summary of what the twin would observe', async () => {
  const io = capture();
  assert.equal(await flowsCommand({ files: [fixture('conn.log'), fixture('modbus.log')] }, io), 0);
  assert.deepEqual(io.stderr, []);
  assert.deepEqual(io.stdout, [
    `${fixture('conn.log')}: 10 lines, 10 flows, 0 commands, 0 malformed, 0 skipped`,
    `${fixture('modbus.log')}: 12 lines, 0 flows, 8 commands, 0 malformed, 4 skipped`,
    'flows by protocol: modbus-tcp 2, tcp (no application protocol) 2, dns 1, https 1, icmp (no application protocol) 1, mqtt 1, ntp 1, rdp 1',
    'commands:',
    '  10.10.20.10 -> 10.10.10.11  modbus-tcp read  fc 1 x1, fc 3 x1, fc 4 x1',
    '  10.10.20.10 -> 10.10.10.13  modbus-tcp read  fc 3 x1',
    '  10.10.30.20 -> 10.10.10.13  modbus-tcp other  fc 90 x1, fc 100 x1',
    '  10.10.30.20 -> 10.10.10.13  modbus-tcp write  fc 6 x1, fc 15 x1',
    'would send 10 flows and 8 commands (the API does not accept observations yet; --json prints them)',
  ]);
});

test('--json: normalized observations on stdout, summary on stderr; stdin with -', async () => {
  const io = capture();
  const stdin = Readable.from(['{"ts":1769825700.3,"id.orig_h":"10.50.10.101","id.orig_p":62144,"id.resp_h":"10.10.10.12","id.resp_p":3389,"proto":"tcp","service":"rdp"}\n']);
  assert.equal(await flowsCommand({ files: ['-'], json: true, stdin }, io), 0);
  assert.deepEqual(io.stdout.map((l) => JSON.parse(l)), [
    { kind: 'flow', time: '2026-01-31T02:15:00.300Z', src: '10.50.10.101', dst: '10.10.10.12', srcPort: 62144, dstPort: 3389, transport: 'tcp', protocol: 'rdp', source: 'flows:zeek:stdin' },
  ]);
  assert.equal(io.stderr[0], 'stdin: 1 lines, 1 flows, 0 commands, 0 malformed, 0 skipped');
});

test('malformed lines are reported and counted; Zeek TSV exits 1 with the fix', async () => {
  const io = capture();
  assert.equal(await flowsCommand({ files: [fixture('malformed.log')] }, io), 0);
  assert.equal(io.stderr.length, 10);
  assert.ok(io.stderr[0]!.startsWith(`${fixture('malformed.log')}:2: not JSON: `), io.stderr[0]);
  assert.equal(io.stderr[2], `${fixture('malformed.log')}:4: id.resp_h: missing`);
  assert.match(io.stdout[0]!, /: 12 lines, 2 flows, 0 commands, 10 malformed, 0 skipped$/);

  const tsv = capture();
  assert.equal(await flowsCommand({ files: [fixture('conn-tsv.log')] }, tsv), 1);
  assert.deepEqual(tsv.stderr, [`${fixture('conn-tsv.log')}:1: Zeek TSV is not supported; set LogAscii::use_json=T`]);

  await assert.rejects(flowsCommand({ files: ['x'], format: 'netflow' }, capture()), (e: ExitError) => e.exitCode === 2);
  await assert.rejects(flowsCommand({ files: ['-', '-'] }, capture()), (e: ExitError) => e.exitCode === 2);
});
