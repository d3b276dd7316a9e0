import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTime } from './parse-time.js';
import { parseCell } from './parse-cell.js';

const iso = (raw: string) => parseTime(raw)?.toISOString();

test('ISO 8601 and SKAB date-times; no offset means UTC', () => {
  assert.equal(iso('2020-03-09 10:14:33'), '2020-03-09T10:14:33.000Z');
  assert.equal(iso('2020-03-09T10:14:33'), '2020-03-09T10:14:33.000Z');
  assert.equal(iso('2020-03-09T10:14:33Z'), '2020-03-09T10:14:33.000Z');
  assert.equal(iso('2020-03-09T13:14:33+03:00'), '2020-03-09T10:14:33.000Z');
  assert.equal(iso('2020-03-09 05:44:33-0430'), '2020-03-09T10:14:33.000Z');
  assert.equal(iso('2020-03-09T10:14:33.25Z'), '2020-03-09T10:14:33.250Z');
  assert.equal(iso('2020-03-09T10:14:33.123456789Z'), '2020-03-09T10:14:33.123Z');
  assert.equal(iso('2020-03-09T10:14Z'), '2020-03-09T10:14:00.000Z');
  assert.equal(iso('2020-03-09'), '2020-03-09T00:00:00.000Z');
  assert.equal(iso('  2020-03-09 10:14:33  '), '2020-03-09T10:14:33.000Z');
});

test('epoch seconds and milliseconds', () => {
  assert.equal(iso('1583748873'), '2020-03-09T10:14:33.000Z');
  assert.equal(iso('1583748873.5'), '2020-03-09T10:14:33.500Z');
  assert.equal(iso('1583748873000'), '2020-03-09T10:14:33.000Z');
  assert.equal(iso('0'), '1970-01-01T00:00:00.000Z');
});

test('rejects what is not a real time', () => {
  for (const raw of ['', 'yesterday', '2020-02-30 00:00:00', '2020-13-01', '2020-03-09 24:00:00', '2020-03-09 10:60:00',
    '2020-03-09 10:14:60', '2020-03-09T10:14:33+25:00', '1e400', '9e15', '2020/03/09 10:14:33', '10:14:33', '0x10']) {
    assert.equal(parseTime(raw), undefined, raw);
  }
  assert.equal(iso('2020-02-29 00:00:00'), '2020-02-29T00:00:00.000Z');
});

test('cells: decimals, booleans, gaps and bad values', () => {
  assert.deepEqual(parseCell(' 3.25 '), { kind: 'value', value: 3.25 });
  assert.deepEqual(parseCell('-1.2e-3'), { kind: 'value', value: -0.0012 });
  assert.deepEqual(parseCell('.5'), { kind: 'value', value: 0.5 });
  assert.deepEqual(parseCell('TRUE'), { kind: 'value', value: true });
  assert.deepEqual(parseCell(''), { kind: 'empty' });
  for (const raw of ['NaN', 'Infinity', '0x10', '1,5', 'three', '1e999']) assert.equal(parseCell(raw).kind, 'bad', raw);
  const long = parseCell('x'.repeat(1000));
  assert.equal(long.kind === 'bad' && long.value.length, 256);
});
