import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { RecordingSink } from '../../../test/helpers/recording-sink.js';
import { FlowConnector, type FlowOptions } from './flow-connector.js';
import type { FlowError } from './flow-error.js';

const fixture = (name: string) => fileURLToPath(new URL(`./testdata/${name}`, import.meta.url));

async function readOnce(opts: FlowOptions, sink = new RecordingSink()) {
  const problems: string[] = [];
  const c = new FlowConnector(sink, { onProblem: (e) => problems.push(e.message), ...opts });
  await c.start();
  const counters = await c.done();
  return { sink, counters, problems };
}

/** Polls `cond` (a file follower runs on its own timers) for up to 5 s. */
async function until(cond: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('a conn.log and a modbus.log are read once, in batches', async () => {
  const conn = await readOnce({ path: fixture('conn.log'), batchSize: 4 });
  assert.deepEqual(conn.counters, { lines: 10, flows: 10, commands: 0, malformed: 0, skipped: 0, resets: 0, batches: 3 });
  assert.deepEqual(conn.sink.observationBatches.map((b) => b.length), [4, 4, 2]);
  assert.equal(conn.sink.observations[6]!.kind === 'flow' && conn.sink.observations[6]!.protocol, 'rdp');
  const modbus = await readOnce({ path: fixture('modbus.log') });
  assert.deepEqual(modbus.counters, { lines: 12, flows: 0, commands: 8, malformed: 0, skipped: 4, resets: 0, batches: 1 });
  assert.deepEqual(modbus.sink.statuses.map((s) => s.state), ['starting', 'connected', 'stopped']);
  assert.equal(modbus.sink.statuses.at(-1)!.detail, 'finished: 12 lines, 0 flows, 8 commands, 0 malformed');
});

test('malformed lines are counted and reported, and reading goes on', async () => {
  const { counters, problems, sink } = await readOnce({ path: fixture('malformed.log') });
  assert.equal(counters.lines, 12);
  assert.equal(counters.malformed, 10);
  assert.equal(counters.flows, 2);
  assert.equal(problems.length, 10);
  assert.equal(problems[2], `${fixture('malformed.log')}:4: id.resp_h: missing`);
  assert.equal(sink.observations.length, 2);
});

test('an over-long line is malformed, not a memory problem', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'twinward-flows-'));
  const path = join(dir, 'long.jsonl');
  await writeFile(path, `${'x'.repeat(5000)}\n{"src":"10.0.0.1","dst":"10.0.0.2"}\n`);
  const { counters, problems } = await readOnce({ path, maxLineBytes: 1024 });
  assert.deepEqual([counters.malformed, counters.flows], [1, 1]);
  assert.deepEqual(problems, [`${path}:1: longer than 1024 bytes`]);
  await rm(dir, { recursive: true });
});

test('Zeek TSV stops the connector with the fix', async () => {
  const sink = new RecordingSink();
  const c = new FlowConnector(sink, { path: fixture('conn-tsv.log') });
  await c.start();
  await assert.rejects(c.done(), (e: FlowError) => e.code === 'zeek-tsv' && e.message.endsWith('conn-tsv.log:1: Zeek TSV is not supported; set LogAscii::use_json=T'));
  assert.equal(sink.statuses.at(-1)!.state, 'error');
});

test('a missing file rejects start()', async () => {
  const sink = new RecordingSink();
  await assert.rejects(new FlowConnector(sink, { path: 'no/such/conn.log' }).start(), (e: FlowError) => e.code === 'unreadable' && e.message.startsWith('no/such/conn.log: cannot read: ENOENT'));
  await assert.rejects(new FlowConnector(sink, { path: 'no/such/conn.log', follow: true }).start(), /ENOENT/);
  assert.throws(() => new FlowConnector(sink, { path: '-', follow: true }), /standard input cannot be followed/);
  assert.throws(() => new FlowConnector(sink, { path: 'x', format: 'netflow' as never }), /format must be one of auto, generic, zeek-conn, zeek-modbus/);
});

test('stdin: read until it ends, a last line without a line break included', async () => {
  const text = await readFile(fixture('modbus.log'), 'utf8');
  const stdin = new PassThrough();
  const sink = new RecordingSink();
  const c = new FlowConnector(sink, { path: '-', stdin });
  await c.start();
  // Split mid-line to prove lines are reassembled across chunks.
  stdin.write(text.slice(0, 100));
  stdin.write(text.slice(100).trimEnd());
  stdin.end();
  const counters = await c.done();
  assert.equal(c.name, 'flows:stdin');
  assert.deepEqual([counters.lines, counters.commands], [12, 8]);
  assert.equal(sink.observations[0]!.source, 'flows:zeek:stdin');
  const generic = await readOnce({ path: '-', stdin: Readable.from(['{"src":"10.0.0.1","dst":"10.0.0.2","dport":22,"proto":"tcp","app":"ssh"}\n']) });
  assert.equal(generic.counters.flows, 1);
});

test('follow: appended lines, truncation and rotation', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'twinward-flows-'));
  const path = join(dir, 'conn.log');
  const lines = (await readFile(fixture('conn.log'), 'utf8')).split('\n').filter(Boolean).map((l) => `${l}\n`);
  await writeFile(path, lines[0]! + lines[1]!);
  const sink = new RecordingSink();
  const c = new FlowConnector(sink, { path, follow: true, pollMs: 20 });
  await c.start();
  try {
    await until(() => sink.observations.length === 2, 'the first two flows');

    // A line written in two parts is delivered once, whole.
    await appendFile(path, lines[2]!.slice(0, 50));
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(sink.observations.length, 2, 'a partial line waits for its end');
    await appendFile(path, lines[2]!.slice(50) + lines[3]!);
    await until(() => sink.observations.length === 4, 'appended flows');

    // Truncation: read again from the start.
    await truncate(path, 0);
    await new Promise((r) => setTimeout(r, 60));
    await appendFile(path, lines[6]!);
    await until(() => sink.observations.length === 5, 'the flow after truncation');
    assert.equal(sink.observations[4]!.kind === 'flow' && sink.observations[4]!.protocol, 'rdp');

    // Rotation: the old file moves away, a new one takes its name.
    await rename(path, `${path}.1`);
    await writeFile(path, lines[7]!);
    await until(() => sink.observations.length === 6, 'the flow in the rotated file');
    assert.equal(sink.observations[5]!.kind === 'flow' && sink.observations[5]!.dst, '10.10.10.13');
    assert.deepEqual(sink.statuses.filter((s) => /was (truncated|rotated)/.test(s.detail ?? '')).map((s) => s.detail!.replace(path, 'conn.log')), [
      'conn.log was truncated; reading it from the start',
      'conn.log was rotated; reading it from the start',
    ]);
  } finally {
    await c.stop();
  }
  const counters = await c.done();
  assert.deepEqual([counters.flows, counters.resets, counters.malformed], [6, 2, 0]);
  assert.match(sink.statuses.at(-1)!.detail!, /^stopped: /);
  await rm(dir, { recursive: true });
});

test('follow from the end skips what the file holds', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'twinward-flows-'));
  const path = join(dir, 'modbus.log');
  const text = await readFile(fixture('modbus.log'), 'utf8');
  await writeFile(path, text);
  const sink = new RecordingSink();
  const c = new FlowConnector(sink, { path, follow: true, fromEnd: true, pollMs: 20 });
  await c.start();
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(sink.observations.length, 0);
  await appendFile(path, text.split('\n')[6]! + '\n');
  await until(() => sink.observations.length === 1, 'the appended write');
  await c.stop();
  assert.equal(sink.observations[0]!.kind === 'command' && sink.observations[0]!.operation, 'write');
  await rm(dir, { recursive: true });
});
