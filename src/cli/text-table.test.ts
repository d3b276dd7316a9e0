import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captureOutput } from '../../test/helpers/output.js';
import { hours, percent, table, TextTable } from './text-table.js';

test('columns are padded to their widest cell, the last never; later rows keep the widths', () => {
  const io = captureOutput();
  const t = table(io, ['tag', 'value', 'note'], [['level', '3 m', 'ok'], ['flow-rate', '12 l/s', '']], '  ');
  assert.deepEqual(io.stdout, ['  tag        value   note', '  level      3 m     ok', '  flow-rate  12 l/s']);
  assert.equal(t.line(['a-much-longer-tag', '1', 'x']), '  a-much-longer-tag  1       x', 'a longer cell shifts only its own row');
  assert.deepEqual(new TextTable(['a', 'b'], [], '', [4]).widths, [4, 1]);
  assert.deepEqual([percent(0.5), percent(0.999), percent(0.0004), hours(2.04), hours(0.55)], ['50.0%', '100%', '0%', '2 h', '0.6 h']);
});
