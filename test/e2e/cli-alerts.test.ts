import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BIN, ROOT, runCli, startCli, stopCli, type Served } from '../helpers/cli.js';

const MODEL = 'examples/water-treatment/model.yaml';

const post = async (url: string, path: string, body: unknown) => {
  const r = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(r.status, 200, await r.text());
};
const alertCount = async (url: string) => ((await (await fetch(`${url}/api/alerts?limit=1000`)).json()) as { items: unknown[] }).items.length;
async function waitForAlerts(url: string, n: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await alertCount(url)) >= n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`fewer than ${n} alerts after 10 s`);
}
/** An unauthorized write of the assist intake pump from the site historian, as the raw-tank-overflow scenario makes. */
const historianWrite = (time: string) => ({
  observations: [{ kind: 'command', time, protocol: 'mqtt', operation: 'write', from: '10.10.30.10', to: 'plc-intake', tag: 'intake-pump-2-run', value: 1 }],
});
/** The data rows of a printed table: every line after the header. */
const rows = (stdout: string) => stdout.trim().split('\n').slice(1);

describe('twinward alerts, incidents and incident against a running node', () => {
  let node: Served;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tw-alerts-'));
    node = await startCli(['serve', '--model', MODEL, '--port', '0', '--data', dir]);
    // Raw-water pH past its high limit (8.8), then its high-high trip (9.5); then the historian's write.
    await post(node.url, '/api/readings', {
      readings: [
        { tag: 'raw-ph', value: 7.8, time: '2026-03-01T10:00:00Z' },
        { tag: 'raw-ph', value: 9.0, time: '2026-03-01T10:00:10Z' },
        { tag: 'raw-ph', value: 9.7, time: '2026-03-01T10:00:20Z' },
      ],
    });
    await post(node.url, '/api/observations', historianWrite('2026-03-01T10:00:30Z'));
    await waitForAlerts(node.url, 3);
  });
  after(async () => {
    if (node) await stopCli(node);
    rmSync(dir, { recursive: true, force: true });
  });

  it('alerts: a table of the newest alerts, oldest first, with severity, assets and techniques', () => {
    const r = runCli(['alerts', '--api', node.url]);
    assert.equal(r.code, 0, r.stderr);
    const [head, ...lines] = r.stdout.trim().split('\n');
    assert.match(head!, /^time\s+severity\s+alert\s+assets\s+techniques\s+message$/);
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^2026-03-01 10:00:10Z\s+medium\s+alert-\d+\s+plc-intake\s+-\s+raw-ph at 9 pH is past its high limit 8.8 pH$/);
    assert.match(lines[1]!, /^2026-03-01 10:00:20Z\s+critical\s+alert-\d+\s+plc-intake\s+-\s+raw-ph at 9.7 pH is past its highHigh limit 9.5 pH$/);
    assert.match(lines[2]!, /^2026-03-01 10:00:30Z\s+high\s+alert-\d+\s+plc-intake,historian\s+T0855,T0831\s+mqtt write to tag intake-pump-2-run/);
    // Columns line up: every row's severity starts where the header's does.
    const col = head!.indexOf('severity');
    for (const l of lines) assert.match(l.slice(col), /^(medium|critical|high) /);
  });

  it('alerts: filters by severity and asset, and limits', () => {
    const critical = runCli(['alerts', '--api', node.url, '--severity', 'critical,high']);
    assert.deepEqual(rows(critical.stdout).map((l) => l.split(/\s+/)[2]), ['critical', 'high']);
    const historian = runCli(['alerts', '--api', node.url, '-a', 'historian']);
    assert.equal(rows(historian.stdout).length, 1);
    assert.match(historian.stdout, /intake-pump-2-run/);
    assert.equal(rows(runCli(['alerts', '--api', node.url, '-n', '1']).stdout).length, 1);
    assert.equal(runCli(['alerts', '--api', node.url, '--asset', 'ews']).stdout.trim(), 'no alerts');
    const json = runCli(['alerts', '--api', node.url, '--json', '--technique', 'T0855']);
    const parsed = json.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(parsed.map((a) => a.techniques.map((t: { name: string }) => t.name)), [['Unauthorized Command Message', 'Manipulation of Control']]);
  });

  it('alerts: a bad filter is a usage error naming the parameter', () => {
    const r = runCli(['alerts', '--api', node.url, '--severity', 'urgent']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /query\.severity\[0\]: unexpected value "urgent"; expected one of: low, medium, high, critical/);
  });

  it('incidents and incident: the grouped alerts and one incident in detail', () => {
    const list = runCli(['incidents', '--api', node.url]);
    assert.equal(list.code, 0, list.stderr);
    const [head, ...lines] = list.stdout.trim().split('\n');
    assert.match(head!, /^incident\s+severity\s+alerts\s+first\s+last\s+assets\s+techniques\s+title$/);
    assert.equal(lines.length, 1, 'all three alerts share plc-intake within minutes');
    const [id, severity, count] = lines[0]!.split(/\s+/);
    assert.deepEqual([severity, count], ['critical', '3']);
    assert.match(lines[0]!, /plc-intake,historian\s+T0855,T0831\s+raw-ph at 9 pH is past its high limit/);

    const one = runCli(['incident', id!, '--api', node.url]);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, new RegExp(`^incident   ${id}\n`));
    assert.match(one.stdout, /\nseverity   critical \(highest of 3 alerts\)\n/);
    assert.match(one.stdout, /\ntechniques T0855 Unauthorized Command Message, T0831 Manipulation of Control\n/);
    assert.match(one.stdout, /\nfirst      2026-03-01 10:00:10Z\nlast       2026-03-01 10:00:30Z\n/);
    assert.equal(one.stdout.split('\n\n')[1]!.trim().split('\n').length, 4, 'the alerts table: a header and three rows');

    const missing = runCli(['incident', 'incident-0', '--api', node.url]);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /no incident "incident-0"/);
  });

  it('alerts --follow prints a new alert as detection raises it, until Ctrl+C', async () => {
    const child = spawn(process.execPath, [BIN, 'alerts', '--api', node.url, '--follow', '--asset', 'historian', '-n', '1'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const waitFor = async (re: RegExp, what: string) => {
      for (let i = 0; i < 100 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      assert.match(out, re, what);
    };
    await waitFor(/10:00:30Z/, 'the newest past alert first');
    // A reading alert on plc-intake only: filtered out. Then a second write from the historian: shown.
    await post(node.url, '/api/readings', { readings: [{ tag: 'raw-ph', value: 7.8, time: '2026-03-01T10:01:00Z' }, { tag: 'raw-ph', value: 5.0, time: '2026-03-01T10:01:10Z' }] });
    await post(node.url, '/api/observations', historianWrite('2026-03-01T10:02:00Z'));
    await waitFor(/10:02:00Z\s+high\s+alert-\d+\s+plc-intake,historian/, 'the new alert, live');
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.doesNotMatch(out, /raw-ph at 5/, 'the filter applies to live alerts too');
    assert.equal(rows(out).length, 2);
  });
});
