import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { captureOutput } from '../../../test/helpers/output.js';
import type { RiskReport } from '../../risk/index.js';
import { main } from '../main.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const chain = join(root, 'examples/service-chain');

/** The CLI as `twinward risk ...` runs it, in-process: parsing, the command, the exit code and both streams. */
async function risk(...args: string[]) {
  const io = captureOutput();
  const code = await main(['node', 'twinward', 'risk', ...args], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('twinward risk on the service-chain example', () => {
  it('prints owners with posture bars, then the services and assets at most risk', async () => {
    const r = await risk('--model', chain, '--runs', '500');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Metro Water service chain: risk per owner within 720 h, 500 runs \(seed 1\), assessed in [\d.]+ s$/m);
    assert.match(r.out, /^entries: internet, phishing:/m);
    assert.match(r.out, /^ {2}lakeside-hospital +[█░]{20} +\d+ +[\d.]+ +[\d.]+ +service (dialysis|patient-care): \d+% outage, 100% of it through dependencies/m);
    assert.match(r.out, /^ {2}cirrus-historian +█{20} +100 +0\.0 /m);
    assert.match(r.out, /^ {2}dialysis +lakeside-hospital +critical +[\d.]+% +100% +[\d.]+ h +[\d.]+$/m);
    assert.match(r.out, /^Assets at most risk \(\d+ of 27 can be compromised\)$/m);
    assert.match(r.out, /^How: 500 seeded Monte Carlo runs/m);
  });

  it('--json prints the RiskReport; --horizon, --seed and --from are passed on', async () => {
    const r = await risk('--model', chain, '--runs', '200', '--seed', '9', '--horizon', '48', '--from', 'internet', '--json');
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out) as RiskReport;
    assert.deepEqual([report.runs, report.seed, report.horizonHours, report.entries], [200, 9, 48, ['internet']]);
    assert.equal(report.services.length, 13);
    assert.ok(report.domains.every((d) => d.posture >= 0 && d.posture <= 100));
  });

  it('refuses bad flags and entries with a usage error naming the flag', async () => {
    for (const [args, want] of [
      [['--runs', '0'], /^twinward: --runs: expected a whole number of runs/],
      [['--runs', 'many'], /^twinward: --runs expects a number, got "many"/],
      [['--horizon', '-3'], /^twinward: --horizon: expected hours > 0/],
      [['--from', 'internet,domain:nowhere'], /^twinward: --from: "domain:nowhere": no such entry point in this model/],
    ] as const) {
      const r = await risk('--model', chain, ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, want);
    }
    const missing = await risk('--model', join(root, 'examples/nowhere.yaml'));
    assert.equal(missing.code, 1, missing.err);
  });
});
