import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slugifyColumn } from './columns.js';
import { detectSeparator, peekFirstLine } from './detect-separator.js';

test('column names slugify to tag ids', () => {
  assert.equal(slugifyColumn('Volume Flow RateRMS'), 'volume-flow-raterms');
  assert.equal(slugifyColumn('Intake Level (m)'), 'intake-level-m');
  assert.equal(slugifyColumn('Temp (°C)'), 'temp-c');
  assert.equal(slugifyColumn('valve_open'), 'valve_open');
  assert.equal(slugifyColumn('PLC1.Tank.Level'), 'plc1.tank.level');
  assert.equal(slugifyColumn('--x--'), 'x');
  assert.equal(slugifyColumn('°'), undefined);
  assert.equal(slugifyColumn('a'.repeat(80)), 'a'.repeat(64));
});

test('separator: the most frequent of tab, ; and , outside quotes', () => {
  assert.equal(detectSeparator('time,a,b'), ',');
  assert.equal(detectSeparator('time;a;b'), ';');
  assert.equal(detectSeparator('time\ta\tb'), '\t');
  assert.equal(detectSeparator('time;"a,b,c";d'), ';');
  assert.equal(detectSeparator('time;a,b'), ';');
  assert.equal(detectSeparator('time'), undefined);
});

test('peeking the first line keeps every byte', async () => {
  async function* chunks() {
    yield Buffer.from('\uFEFFti');
    yield Buffer.from('me;a\r\n1;');
    yield Buffer.from('2\n');
  }
  const { line, all } = await peekFirstLine(chunks());
  assert.equal(line, 'time;a');
  const rest: Buffer[] = [];
  for await (const c of all) rest.push(c);
  assert.equal(Buffer.concat(rest).toString(), '\uFEFFtime;a\r\n1;2\n');
});
