import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../../test/helpers/cli.js';
import { captureOutput } from '../../../test/helpers/output.js';
import { main } from '../main.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const water = join(root, 'examples/water-treatment/model.yaml');

/** The CLI as `twinward paths ...` runs it, in-process: parsing, the command, the exit code and both streams. */
async function paths(...args: string[]) {
  const io = captureOutput();
  const code = await main(['node', 'twinward', 'paths', ...args], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('twinward paths on the water-treatment example', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twinward-paths-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a table per goal with a path from the SCADA vendor, its steps with technique names, choke points and hardening', async () => {
    const r = await paths('--model', water, '-k', '2');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Goals: \d+ of \d+ reachable$/m);
    // The vendor's remote access into the engineering workstation leads to the intake PLC.
    assert.match(r.out, /^ {2}unit:river +yes +\d+\.\d% +\d+ h +\d+ h +domain:aquaflow-scada > ews > (\S+ > )?plc-intake$/m);
    assert.match(r.out, /^ {2}unit:raw-water-main +no +- +- +- +-$/m, 'an unreachable goal says so');
    assert.match(r.out, /^Most likely path to unit:river: [\d.]+%, \d+ h, from domain:aquaflow-scada$/m);
    assert.match(r.out, /vendor-laptop -> ews +T0822 External Remote Services +2 h +0\.90 +useTrust\(aquaflow-remote-access, ews\)/);
    assert.match(r.out, /ews -> plc-intake +T0843 Program Download/);
    assert.match(r.out, /^Choke points/m);
    assert.match(r.out, /^Hardening plan: \d+ changes?, total cost \d+ \((optimal: proven least-cost|not proven optimal: greedy bound); \d+ rounds\)$/m);
  });

  it('--json prints the PathsReport; --from and --to pick entries and goals', async () => {
    const r = await paths('--model', water, '--from', 'internet', '--to', 'unit:river,data:pii', '-k', '1', '--json', '--no-harden');
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out) as { entries: string[]; goals: { goal: string; reachable: boolean; mostLikely: { entry: string; steps: unknown[] }[] }[]; hardening?: unknown };
    assert.deepEqual(report.entries, ['internet']);
    assert.deepEqual(report.goals.map((g) => g.goal), ['unit:river', 'data:pii']);
    assert.ok(report.goals.every((g) => g.reachable && g.mostLikely.length === 1 && g.mostLikely[0]!.entry === 'internet'));
    assert.equal(report.hardening, undefined, '--no-harden');
  });

  it('--dot writes the reachable graph as Graphviz; --graph-json the whole graph', async () => {
    const dot = join(dir, 'g.dot');
    const json = join(dir, 'g.json');
    const r = await paths('--model', water, '--to', 'unit:river', '--dot', dot, '--graph-json', json);
    assert.equal(r.code, 0, r.err);
    const text = readFileSync(dot, 'utf8');
    assert.ok(text.startsWith('digraph'), text.slice(0, 40));
    assert.match(text, /manipulates\(river\)/);
    const graph = JSON.parse(readFileSync(json, 'utf8')) as { nodes: { label: string; holds: boolean }[]; edges: unknown[] };
    assert.ok(graph.nodes.some((n) => n.label === 'manipulates(river)' && n.holds));
    assert.ok(graph.edges.length > 0);
  });

  it('refuses a goal, an entry or a -k it cannot use with one line and exit 2', async () => {
    const goal = await paths('--model', water, '--to', 'unit:nope');
    assert.equal(goal.code, 2);
    assert.equal(goal.err, 'twinward: --to "unit:nope": no such goal in this model (use unit:<id>, asset:<id>, service:<id>, data:<class> or data:<asset>:<class>)');
    assert.equal(goal.out, '');
    const entry = await paths('--model', water, '--from', 'internet,moon');
    assert.equal(entry.code, 2);
    assert.match(entry.err, /^twinward: --from "moon": no such entry point in this model \(one of internet, phishing:<asset>, /);
    for (const k of ['0', '-1', '2.5', 'x']) {
      const r = await paths('--model', water, '-k', k);
      assert.equal(r.code, 2, `-k ${k}`);
      assert.equal(r.err, `twinward: -k expects a whole number from 1 to 50, got "${k}"`);
    }
  });

  it('refuses a model it cannot read as an invalid input (exit 1, as validate does)', async () => {
    const r = await paths('--model', join(dir, 'missing.yaml'));
    assert.equal(r.code, 1);
    assert.match(r.err, /missing\.yaml: not a valid model \(run twinward validate\)$/);
  });

  it('exits 2 from a real process on an unknown goal', () => {
    const r = runCli(['paths', '--model', water, '--to', 'asset:nope']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim(), 'twinward: --to "asset:nope": no such goal in this model (use unit:<id>, asset:<id>, service:<id>, data:<class> or data:<asset>:<class>)');
    assert.equal(r.stdout, '');
  });
});
