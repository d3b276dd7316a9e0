import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tag } from '../../model/index.js';
import { NO_LABEL } from './injections.js';
import { CsvEncoder, csvField, formatNumber } from './csv.js';
import type { StepResult } from './simulator.js';

const tag = (id: string) => ({ id }) as Tag;
const step = (time: number, samples: [string, number][], extra: Partial<StepResult> = {}): StepResult => ({
  time,
  samples: samples.map(([t, value]) => ({ tag: t, value, time })),
  dropped: [],
  alarms: [],
  writes: [],
  label: NO_LABEL,
  ...extra,
});

test('rows per interval: last value in the window, forward fill, empty when lost, label at the row start', () => {
  const enc = new CsvEncoder([tag('a'), tag('b')], 1000);
  assert.equal(enc.header, 'time,a,b,label,class,injections,target');
  const attack = { active: ['x', 'y'], class: 'attack' as const, targets: ['a', 'pump,1'] };
  const rows = [
    ...enc.add(step(0, [['a', 1], ['b', 10]])),
    ...enc.add(step(500, [['a', 1.5]])),
    ...enc.add(step(1000, [['a', 2]], { label: attack })),
    ...enc.add(step(2000, [], { dropped: ['a'] })),
    ...enc.finish(),
  ];
  assert.deepEqual(rows, [
    '1970-01-01T00:00:00.000Z,1.5,10,0,,,',
    '1970-01-01T00:00:01.000Z,2,10,1,attack,x;y,"a;pump,1"',
    '1970-01-01T00:00:02.000Z,,10,0,,,',
  ]);
  assert.equal(enc.rows, 3);
});

test('numbers keep 7 significant digits; fields are quoted per RFC 4180', () => {
  assert.equal(formatNumber(3), '3');
  assert.equal(formatNumber(1 / 3), '0.3333333');
  assert.equal(formatNumber(400.00000001), '400');
  assert.equal(csvField('a"b'), '"a""b"');
});
