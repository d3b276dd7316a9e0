import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { openCsv, type CsvRow, type CsvSourceOptions } from './csv-source.js';
import { ReplayError } from './replay-error.js';

const here = new URL('./testdata/', import.meta.url);

async function readAll(input: AsyncIterable<Buffer | string>, opts: CsvSourceOptions) {
  const problems: string[] = [];
  const source = await openCsv(input, { onProblem: (p) => problems.push(p.message), ...opts });
  const rows: CsvRow[] = [];
  for await (const r of source.rows()) rows.push(r);
  return { source, rows, problems };
}

const text = (s: string) => Readable.from([s]);
const simple = (r: CsvRow) => ({ line: r.line, time: r.time.toISOString(), cells: Object.fromEntries(r.cells.map((c) => [c.tag, c.cell.value])) });

test('the same data in four separators and time formats reads the same', async () => {
  const expected = [
    { line: 2, time: '2026-01-31T12:00:00.000Z', cells: { 'intake-level-m': 3.2, 'pump-speed': 1450, valve_open: true } },
    { line: 3, time: '2026-01-31T12:00:01.000Z', cells: { 'intake-level-m': 3.21, 'pump-speed': 1452, valve_open: true } },
    { line: 4, time: '2026-01-31T12:00:02.000Z', cells: { 'intake-level-m': 3.19, valve_open: false } },
    { line: 5, time: '2026-01-31T12:00:03.000Z', cells: { 'intake-level-m': 3.22, 'pump-speed': 1449, valve_open: false } },
  ];
  for (const [name, sep, timeName] of [
    ['comma-iso.csv', ',', 'time'],
    ['semicolon-offset.csv', ';', 'Timestamp'],
    ['tab-epoch-s.tsv', '\t', 'time'],
    ['bom-quoted-epoch-ms.csv', ',', 'time'],
  ] as const) {
    const { source, rows, problems } = await readAll(createReadStream(new URL(name, here)), { file: name });
    assert.equal(source.header.separator, sep, name);
    assert.equal(source.header.time.name, timeName, name);
    assert.deepEqual(rows.map(simple), expected, name);
    assert.deepEqual(problems, [], name);
    assert.equal(source.stats.emptyCells, 1, name);
  }
});

test('bad cells, times and rows: positioned messages; bad cells still travel, bad rows are skipped', async () => {
  const { source, rows, problems } = await readAll(createReadStream(new URL('bad-cells.csv', here)), { file: 'bad-cells.csv' });
  assert.deepEqual(problems, [
    'bad-cells.csv:3: pressure: not a number: "NaN"',
    'bad-cells.csv:4: level: not a number: "three"',
    'bad-cells.csv:5: time: not a time: "2026-01-31 25:00:03" (expected ISO 8601, YYYY-MM-DD HH:MM:SS or epoch seconds/ms)',
    'bad-cells.csv:6: expected 3 fields, found 2',
    'bad-cells.csv:8: time: time goes back: 2026-01-31T12:00:03.000Z is before 2026-01-31T12:00:05.000Z (line 7)',
    'bad-cells.csv:9: time: no time',
    'bad-cells.csv:10: level: not a number: "0x10"',
  ]);
  assert.deepEqual(rows.map((r) => r.line), [2, 3, 4, 7, 10]);
  assert.deepEqual(rows[1]!.cells.map((c) => c.cell), [{ kind: 'value', value: 3.3 }, { kind: 'bad', value: 'NaN' }]);
  assert.deepEqual(source.stats, { rows: 5, skipped: 4, badRows: 1, badTimes: 2, outOfOrder: 1, badCells: 3, emptyCells: 0, badLabels: 0 });
});

test('rows out of time order: skip (default), keep or fail', async () => {
  const csv = 'time,x\n2026-01-01T00:00:02Z,1\n2026-01-01T00:00:01Z,2\n2026-01-01T00:00:03Z,3\n';
  const lines = async (outOfOrder?: 'skip' | 'keep' | 'fail') => (await readAll(text(csv), { file: 'o.csv', outOfOrder })).rows.map((r) => r.line);
  assert.deepEqual(await lines(), [2, 4]);
  assert.deepEqual(await lines('keep'), [2, 3, 4]);
  await assert.rejects(lines('fail'), (e: ReplayError) => e.code === 'time-goes-back' && e.message === 'o.csv:3: time: time goes back: 2026-01-01T00:00:01.000Z is before 2026-01-01T00:00:02.000Z (line 2)');
  // Equal times are not out of order: several rows may share a second.
  assert.deepEqual((await readAll(text('time,x\n5,1\n5,2\n'), { file: 'e.csv' })).rows.length, 2);
});

test('header problems stop the file with bad-header', async () => {
  const cases: [string, string, Partial<CsvSourceOptions>?][] = [
    ['', 'h.csv:1: no header line'],
    ['\n1,2\n', 'h.csv:1: no header line'],
    ['time\n1\n', 'h.csv:1: a single column: expected a time column and data columns separated by ",", ";" or a tab'],
    ['when,a\n1,2\n', 'h.csv:1: no time column (looked for time, timestamp, datetime); name it with the time-column option'],
    ['when,a\n1,2\n', 'h.csv:1: no time column (looked for at); name it with the time-column option', { timeColumn: 'at' }],
    ['time,a,a\n1,2,3\n', 'h.csv:1: a: the column appears twice'],
    ['time,Pump Speed,pump-speed\n1,2,3\n', 'h.csv:1: pump-speed: maps to tag "pump-speed" like column "Pump Speed"'],
    ['datetime;Current\n1;2\n', 'h.csv:1: missing SKAB column "Accelerometer1RMS"; expected datetime;Accelerometer1RMS;Accelerometer2RMS;Current;Pressure;Temperature;Thermocouple;Voltage;Volume Flow RateRMS[;anomaly;changepoint]', { format: 'skab' }],
  ];
  for (const [csv, message, opts] of cases) {
    await assert.rejects(readAll(text(csv), { file: 'h.csv', ...opts }), (e: ReplayError) => e.code === 'bad-header' && e.message === message, JSON.stringify(csv));
  }
});

test('exclusions, explicit mappings and model tags', async () => {
  const csv = 'time,Level,Flow,Debug,Extra,\n1,1,2,3,4,5\n';
  const { source, rows, problems } = await readAll(text(csv), {
    file: 'm.csv',
    exclude: ['Debug', 'Nope'],
    columns: { Flow: 'intake-flow', Gone: 'x' },
    knownTags: new Set(['level', 'intake-flow']),
  });
  assert.deepEqual(source.header.columns.map((c) => [c.name, c.tag]), [['Level', 'level'], ['Flow', 'intake-flow']]);
  assert.deepEqual(source.header.unknown.map((c) => [c.name, c.tag]), [['Extra', 'extra']]);
  assert.deepEqual(source.header.excluded, ['Debug']);
  assert.deepEqual(rows.map(simple), [{ line: 2, time: '1970-01-01T00:00:01.000Z', cells: { level: 1, 'intake-flow': 2 } }]);
  assert.deepEqual(problems, [
    'm.csv:1: Nope: excluded column is not in the header',
    'm.csv:1: #6: a column without a name is ignored',
    'm.csv:1: Gone: mapped column is not in the header',
  ]);
});

test('a quoted cell spanning lines is positioned at its first line; CRLF and blank lines keep numbering', async () => {
  const csv = 'time;a;note\r\n1;2;"x"\r\n\r\n2;"bad\nvalue";y\r\n3;4;z\r\n';
  const { rows, problems } = await readAll(text(csv), { file: 'q.csv', exclude: ['note'] });
  assert.deepEqual(rows.map((r) => r.line), [2, 4, 6]);
  assert.deepEqual(problems, ['q.csv:4: a: not a number: "bad\\nvalue"']);
});

test('an unterminated quote is one bad row, not a crash', async () => {
  const csv = 'time,a\n1,2\n2,"3\n3,4\n';
  const { rows, problems } = await readAll(text(csv), { file: 'u.csv' });
  assert.deepEqual(rows.map((r) => r.line), [2]);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /^u\.csv:\d+: unreadable record: Quote Not Closed/);
});

test('SKAB labels are kept aside, not replayed', async () => {
  const csv = 'datetime;Accelerometer1RMS;Accelerometer2RMS;Current;Pressure;Temperature;Thermocouple;Voltage;Volume Flow RateRMS;anomaly;changepoint\n' +
    '2020-03-09 10:14:33;0.02;0.04;1.3;0.05;79.3;26.0;233.0;32.0;0.0;0.0\n' +
    '2020-03-09 10:14:34;0.02;0.04;1.3;0.05;79.3;26.0;233.0;32.0;1.0;1.0\n' +
    '2020-03-09 10:14:35;0.02;0.04;1.3;0.05;79.3;26.0;233.0;32.0;0.5;0.0\n';
  const { source, rows, problems } = await readAll(text(csv), { file: 's.csv', format: 'skab' });
  assert.equal(source.header.columns.length, 8);
  assert.deepEqual(rows.map((r) => r.labels), [{ anomaly: 0, changepoint: 0 }, { anomaly: 1, changepoint: 1 }, undefined]);
  assert.deepEqual(problems, ['s.csv:4: anomaly: expected 0 or 1, found "0.5"']);
  assert.ok(rows.every((r) => r.cells.every((c) => c.column !== 'anomaly' && c.column !== 'changepoint')));
});
