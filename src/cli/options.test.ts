import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { captureOutput } from '../../test/helpers/output.js';
import { main } from './main.js';
import { listArg, MAX_SEED, seedArg, wholeArg } from './options.js';
import { ExitError } from './output.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const water = join(root, 'examples/water-treatment/model.yaml');

/** `twinward ...` in-process: parsing, the command, the exit code and both streams. */
async function twinward(...args: string[]) {
  const io = captureOutput();
  const code = await main(['node', 'twinward', ...args], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('option values', () => {
  it('a whole number is digits within its range; anything else names the flag', () => {
    const k = wholeArg('-k', 1, 50);
    assert.equal(k('7'), 7);
    assert.equal(k(' 50 '), 50);
    for (const v of ['0', '51', '-1', '2.5', '1e1', '0x10', '', 'x']) {
      assert.throws(() => k(v), (e: unknown) => e instanceof ExitError && e.exitCode === 2 && e.message === `-k expects a whole number from 1 to 50, got "${v}"`, v);
    }
  });

  it('a seed is 0 to 4294967295, the 32 bits the PRNG keeps', () => {
    assert.equal(MAX_SEED, 2 ** 32 - 1);
    assert.equal(seedArg('0'), 0);
    assert.equal(seedArg('4294967295'), 4294967295);
    for (const v of ['4294967296', '-1', '9007199254740993', '1.5']) assert.throws(() => seedArg(v), ExitError, v);
  });

  it('a list option splits at commas and gathers repeats', () => {
    const parse = (...vs: string[]) => vs.reduce<string[] | undefined>((prev, v) => listArg(v, prev), undefined);
    assert.deepEqual(parse('internet, phishing:ws-1', 'domain:x'), ['internet', 'phishing:ws-1', 'domain:x']);
    assert.deepEqual(parse('a,,b,'), ['a', 'b']);
  });
});

describe('--seed on every command that takes one', () => {
  const commands: string[][] = [
    ['simulate', '--model', water, '--scenario', join(root, 'examples/water-treatment/scenarios/zero-day-sweep.yaml')],
    ['whatif', '--model', water, '--changes', join(root, 'examples/water-treatment/changes/new-cve.yaml')],
    ['risk', '--model', water],
    ['simulate-plant', '--model', water, '--duration', '1'],
    ['eval', 'scenarios', '--model', water],
    // Refused while the command line is parsed: the demo never starts.
    ['demo', '--port', '0'],
  ];

  it('refuses 4294967296 (it would run as seed 0) and -1 with one line and exit 2, before doing anything', async () => {
    for (const args of commands) {
      for (const seed of ['4294967296', '-1']) {
        const r = await twinward(...args, '--seed', seed);
        assert.equal(r.code, 2, `${args[0]} --seed ${seed}: ${r.err}`);
        assert.equal(r.err, `twinward: --seed expects a whole number from 0 to 4,294,967,295, got "${seed}"`);
        assert.equal(r.out, '');
      }
    }
  });

  it('takes the largest seed', async () => {
    const r = await twinward('simulate-plant', '--model', water, '--duration', '1', '--seed', '4294967295');
    assert.equal(r.code, 0, r.err);
  });
});
