import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { ManualClock } from '../../common/clock.js';
import type { ReplayTimer } from './pacer.js';
import { RecordingSink } from '../../../test/helpers/recording-sink.js';
import { ReplayConnector, type ReplayOptions } from './replay-connector.js';
import type { ReplayError } from './replay-error.js';

/** A timer that never waits: it records each requested delay and moves its clock by it. */
class FakeTimer implements ReplayTimer {
  t = 0;
  readonly sleeps: number[] = [];
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(Math.round(ms * 1000) / 1000);
    this.t += ms;
  }
}

/** `n` rows, one second apart unless `gaps` says otherwise (seconds after the previous row). */
function rows(n: number, gaps: Record<number, number> = {}): string {
  let t = Date.UTC(2026, 0, 31, 12);
  const out = ['time,level'];
  for (let i = 0; i < n; i++) {
    if (i > 0) t += (gaps[i] ?? 1) * 1000;
    out.push(`${new Date(t).toISOString()},${i}`);
  }
  return `${out.join('\n')}\n`;
}

async function replay(csv: string, opts: Partial<ReplayOptions> = {}, sink = new RecordingSink()) {
  const c = new ReplayConnector(sink, { file: 'r.csv', input: Readable.from([csv]), ...opts });
  await c.start();
  const counters = await c.done();
  return { c, sink, counters };
}

test('speed 10: a 10-row file recorded over 9 s is paced over 0.9 s', async () => {
  const timer = new FakeTimer();
  const { sink, counters } = await replay(rows(10), { speed: 10, timer });
  assert.deepEqual(timer.sleeps, Array(9).fill(100));
  assert.equal(timer.t, 900);
  assert.equal(counters.rows, 10);
  // Each row is sent before the wait for the next one, so it reaches the twin on schedule.
  assert.deepEqual(sink.readingBatches.map((b) => b.map((r) => r.value)), [[0], [1], [2], [3], [4], [5], [6], [7], [8], [9]]);
});

test('recorded gaps are kept, scaled by speed; rows sharing a time share a batch', async () => {
  const timer = new FakeTimer();
  const { sink } = await replay(rows(5, { 2: 4, 3: 0 }), { speed: 2, timer });
  assert.deepEqual(timer.sleeps, [500, 2000, 500]);
  assert.deepEqual(sink.readingBatches.map((b) => b.length), [1, 1, 2, 1]);
});

test('a slow sink makes the replay late, never drifting: the next row is due on the original schedule', async () => {
  const timer = new FakeTimer();
  const sink = new RecordingSink();
  sink.readings = async (batch) => {
    sink.readingBatches.push([...batch]);
    timer.t += 250; // each delivery costs 250 ms of (fake) time
  };
  await replay(rows(4), { speed: 1, timer }, sink);
  assert.deepEqual(timer.sleeps, [750, 750, 750]);
});

test('speed 0 and Infinity never wait', async () => {
  for (const speed of [0, Infinity]) {
    const timer = new FakeTimer();
    const { counters, sink } = await replay(rows(50), { speed, timer, batchSize: 20 });
    assert.deepEqual(timer.sleeps, []);
    assert.equal(counters.readings, 50);
    assert.deepEqual(sink.readingBatches.map((b) => b.length), [20, 20, 10]);
  }
});

test('times are kept by default and shifted to now with retime, gaps unchanged', async () => {
  const kept = await replay(rows(3, { 2: 5 }), { speed: Infinity });
  assert.deepEqual(kept.sink.readingsSeen.map((r) => r.time), ['2026-01-31T12:00:00.000Z', '2026-01-31T12:00:01.000Z', '2026-01-31T12:00:06.000Z']);
  const clock = new ManualClock('2030-05-01T08:00:00Z');
  const moved = await replay(rows(3, { 2: 5 }), { speed: Infinity, retime: true, clock });
  assert.deepEqual(moved.sink.readingsSeen.map((r) => r.time), ['2030-05-01T08:00:00.000Z', '2030-05-01T08:00:01.000Z', '2030-05-01T08:00:06.000Z']);
});

test('bad cells travel as bad, non-numeric readings; unknown columns are reported once', async () => {
  const problems: string[] = [];
  const csv = 'time,level,Spare Input\n1,3.2,7\n2,oops,8\n3,3.3,9\n';
  const { sink, counters } = await replay(csv, { speed: 0, knownTags: ['level'], onProblem: (p: ReplayError) => problems.push(p.message) });
  assert.deepEqual(sink.readingsSeen.map((r) => [r.value, r.quality]), [[3.2, undefined], ['oops', 'bad'], [3.3, undefined]]);
  assert.equal(sink.readingsSeen[1]!.source, 'replay:r.csv#level');
  assert.deepEqual(sink.unknown, [{ source: 'replay:r.csv#Spare Input', detail: 'column "Spare Input" maps to tag "spare-input", which the model does not have; not replayed' }]);
  assert.deepEqual(problems, ['r.csv:3: level: not a number: "oops"']);
  assert.deepEqual(counters, { rows: 3, readings: 3, badCells: 1, skipped: 0, unknownColumns: 1, batches: 1 });
});

test('status: starting, connected, stopped with a summary', async () => {
  const { sink } = await replay('time,a\n1,1\nx,2\n3,3\n', { speed: 0 });
  assert.deepEqual(sink.statuses, [
    { connector: 'replay:r.csv', state: 'starting', detail: 'opening r.csv' },
    { connector: 'replay:r.csv', state: 'connected', detail: 'replaying 1 columns as fast as possible' },
    { connector: 'replay:r.csv', state: 'stopped', detail: 'finished: 2 rows, 2 readings, 0 bad cells, 1 rows skipped' },
  ]);
});

test('stop() mid-run ends the wait at once and delivers what was read', async () => {
  const sink = new RecordingSink();
  const c = new ReplayConnector(sink, { file: 'r.csv', input: Readable.from([rows(100)]), speed: 1 });
  await c.start();
  while (sink.readingBatches.length < 1) await new Promise((r) => setImmediate(r));
  const t0 = performance.now();
  await c.stop();
  assert.ok(performance.now() - t0 < 500, 'stop waits for no recorded gap');
  const counters = await c.done();
  assert.equal(counters.rows, 1);
  assert.deepEqual(sink.statuses.at(-1), { connector: 'replay:r.csv', state: 'stopped', detail: 'stopped after line 2: 1 rows, 1 readings, 0 bad cells, 0 rows skipped' });
});

test('stopping or a bad header releases the file', async () => {
  const sink = new RecordingSink();
  const skab = new URL('../../../../shared/data/skab/valve1/0.csv', import.meta.url);
  const stream = createReadStream(skab);
  const c = new ReplayConnector(sink, { file: 'valve1/0.csv', input: stream, format: 'skab', speed: 1 });
  await c.start();
  await c.stop();
  assert.equal(stream.destroyed, true);
  const wrong = createReadStream(skab);
  await assert.rejects(new ReplayConnector(sink, { file: 'valve1/0.csv', input: wrong, csv: { timeColumn: 'when' } }).start(), /no time column/);
  assert.equal(wrong.destroyed, true);
  const single = createReadStream(new URL('./testdata/bad-cells.csv', import.meta.url));
  await assert.rejects(new ReplayConnector(sink, { file: 'b.csv', input: single, csv: { separator: ';' } }).start(), /no time column/);
  assert.equal(single.destroyed, true);
});

test('backpressure: one batch in flight at a time', async () => {
  const sink = new RecordingSink();
  let inFlight = 0;
  let most = 0;
  sink.readings = async (batch) => {
    most = Math.max(most, ++inFlight);
    await new Promise((r) => setTimeout(r, 2));
    sink.readingBatches.push([...batch]);
    inFlight--;
  };
  const { counters } = await replay(rows(30), { speed: 0, batchSize: 4 }, sink);
  assert.equal(most, 1);
  assert.equal(counters.readings, 30);
});

test('a missing file or a bad header rejects start() and reports status error', async () => {
  const sink = new RecordingSink();
  const c = new ReplayConnector(sink, { file: 'no/such/file.csv' });
  await assert.rejects(c.start(), (e: ReplayError) => e.code === 'unreadable' && e.message.startsWith('no/such/file.csv: cannot read: ENOENT'));
  assert.equal(sink.statuses.at(-1)?.state, 'error');
  await assert.rejects(replay('a;b\n1;2\n'), (e: ReplayError) => e.code === 'bad-header');
  const failing = new RecordingSink();
  failing.readings = async () => {
    throw new Error('store is down');
  };
  const d = new ReplayConnector(failing, { file: 'r.csv', input: Readable.from([rows(3)]), speed: 0 });
  await d.start();
  await assert.rejects(d.done(), (e: ReplayError) => e.code === 'unreadable' && e.message === 'r.csv:4: replay failed: store is down');
  assert.deepEqual(failing.statuses.at(-1), { connector: 'replay:r.csv', state: 'error', detail: 'r.csv:4: replay failed: store is down' });
});

test('options are checked', () => {
  const sink = new RecordingSink();
  assert.throws(() => new ReplayConnector(sink, { file: 'r.csv', speed: -1 }), /speed must be 0 or more, got -1/);
  assert.throws(() => new ReplayConnector(sink, { file: 'r.csv', speed: NaN }), /speed must be 0 or more/);
  assert.throws(() => new ReplayConnector(sink, { file: 'r.csv', batchSize: 0 }), /batch size/);
});
