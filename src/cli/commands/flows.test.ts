import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ExitError, type Output } from '../output.js';
import { flowsCommand } from './flows.js';
import { captureOutput } from '../../../test/helpers/output.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../sync/flows/testdata/${name}`, import.meta.url));

const capture = captureOutput;

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
    'parsed 10 flows and 8 commands; --api <url> sends them to a node, --json prints them',
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

test('--api: sends the observations to a node, which answers with the drift it finds', async () => {
  const { apiFixture } = await import('../../../test/helpers/api.js');
  const fx = await apiFixture();
  try {
    const url = await fx.app.listen({ host: '127.0.0.1', port: 0 });
    const lines: string[] = [];
    const errs: string[] = [];
    const io: Output = { out: (l) => lines.push(l), err: (l) => errs.push(l), tty: false };
    const flows = [
      { ts: 1700000000.5, 'id.orig_h': '10.0.2.10', 'id.orig_p': 50000, 'id.resp_h': '10.0.1.10', 'id.resp_p': 502, proto: 'tcp', service: 'modbus' },
      { ts: 1700000001.5, 'id.orig_h': '10.0.2.10', 'id.orig_p': 50001, 'id.resp_h': '10.0.1.10', 'id.resp_p': 3389, proto: 'tcp', service: 'rdp' },
    ];
    const stdin = Readable.from([flows.map((f) => JSON.stringify(f)).join('\n') + '\n']);
    assert.equal(await flowsCommand({ files: ['-'], api: url, stdin }, io), 0);
    assert.equal(errs.filter((e) => e.includes('flow-not-allowed')).length, 1, errs.join('\n'));
    assert.match(lines.at(-1)!, /^sent 2 flows and 0 commands to http:\/\/127\.0\.0\.1:\d+; the node found 1 drift$/);
    const stored = await fx.node.store.read({ limit: 10, types: ['observation.flow'] });
    assert.equal(stored.length, 2);
  } finally {
    await fx.close();
  }
});
