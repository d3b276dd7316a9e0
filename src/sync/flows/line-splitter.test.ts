import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter } from './line-splitter.js';

test('lines across chunks: CRLF, a UTF-8 character split in two, a last line without a break', () => {
  const s = new LineSplitter();
  const bytes = Buffer.from('a\r\nvalve \u00e9tat\nlast');
  const cut = bytes.indexOf(0xc3) + 1; // inside the two bytes of "é"
  assert.deepEqual(s.push(bytes.subarray(0, cut)), [{ number: 1, text: 'a' }]);
  assert.deepEqual(s.push(bytes.subarray(cut)), [{ number: 2, text: 'valve \u00e9tat' }]);
  assert.deepEqual(s.end(), { number: 3, text: 'last' });
  assert.equal(s.end(), undefined);
});

test('an over-long line is cut and flagged; the next line is whole; reset restarts numbering', () => {
  const s = new LineSplitter(4);
  assert.deepEqual(s.push(Buffer.from('abcdefgh')), []);
  assert.deepEqual(s.push(Buffer.from('ij\nok\n')), [{ number: 1, text: 'abcd', tooLong: true }, { number: 2, text: 'ok' }]);
  s.reset();
  assert.deepEqual(s.push(Buffer.from('x\n')), [{ number: 1, text: 'x' }]);
});
