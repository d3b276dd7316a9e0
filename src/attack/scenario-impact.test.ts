import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { nodeModelFiles } from '../cli/model-files.js';
import { loadModel } from '../model/index.js';
import { buildAttackGraph } from './build.js';
import { runAttackScenario } from './run-scenario.js';
import { parseAttackScenario } from './scenario.js';
import { takeoverSentence, trackTakeovers } from './scenario-impact.js';
import type { ImpactReport } from './impact.js';

const examples = new URL('../../examples/water-treatment/', import.meta.url);

describe('physical impact inside attack scenarios', async () => {
  const water = (await loadModel(new URL('model.yaml', examples).pathname, nodeModelFiles)).model;
  const apt = parseAttackScenario(readFileSync(new URL('scenarios/apt-vendor-access.yaml', examples), 'utf8'));

  it('counts controllers taken within the horizon and before containment, and which fell first', () => {
    const g = buildAttackGraph(water);
    const t = trackTakeovers(water, g, 100);
    const time = new Float64Array(g.size).fill(Infinity);
    const at = (asset: string, h: number) => (time[g.find(`controls(${asset})`)!] = h);
    // Run 1: intake at 5 h, treatment at 3 h (first); run 2: intake at 2 h (first), treatment after containment;
    // run 3: intake after the horizon; runs 4-10: nothing.
    at('plc-intake', 5);
    at('plc-treatment', 3);
    t.onRun(time, 100);
    at('plc-intake', 2);
    at('plc-treatment', 60);
    t.onRun(time, 50);
    at('plc-intake', 150);
    at('plc-treatment', Infinity);
    t.onRun(time, 200);
    const got = t.takeovers(10);
    assert.deepEqual(got.map((x) => [x.asset, x.probability, x.firstTaken, x.medianHours]), [
      ['plc-intake', 0.2, 0.1, 5],
      ['plc-treatment', 0.1, 0.1, 3],
    ]);
    assert.deepEqual(t.takeovers(30), [], 'under 10 % of runs is not a takeover to simulate');
  });

  it('the APT example names the controller most often taken, its odds and time, then the first unsafe crossing or says there is none', () => {
    const r = runAttackScenario(water, { ...apt, runs: 300 });
    const impact = r.impact!;
    assert.equal(impact.horizonSeconds, 3600);
    assert.ok(impact.takeovers.length >= 1);
    assert.ok(impact.takeovers.every((t, i) => t.probability >= 0.1 && (i === 0 || t.probability <= impact.takeovers[i - 1]!.probability)));
    assert.equal(impact.simulated.length, 1, 'one controller by default');
    const s = impact.simulated[0]!;
    assert.equal(s.asset, impact.takeovers[0]!.asset);
    assert.deepEqual(s.report.assets, [s.asset]);
    assert.equal(s.report.horizon, 3600);
    if (s.report.firstUnsafe) assert.match(s.sentence, new RegExp(`; then ${s.report.firstUnsafe.tag} passes its [\\w-]+ limit .* after .*\\.$`));
    else assert.match(s.sentence, /; then no safety limit is crossed within 1 h\.$/);
    // The water plant's intake or treatment PLC drains the raw tank or spoils the filtered water within the hour.
    assert.ok(s.report.firstUnsafe, s.report.summary);
    assert.match(s.sentence, /^plc-\w+ is taken in \d+(\.\d)?% of runs \(median \d+(\.\d)? h\); then /);
  });

  it('simulates up to `controllers` takeovers, each alone, and nothing without `impact`', () => {
    const r = runAttackScenario(water, { ...apt, runs: 200, impact: { horizonSeconds: 600, controllers: 2 } });
    assert.equal(r.impact!.simulated.length, 2);
    assert.notEqual(r.impact!.simulated[0]!.asset, r.impact!.simulated[1]!.asset);
    assert.equal(r.impact!.summary, r.impact!.simulated.map((x) => x.sentence).join(' '));
    const phases = new Set<string | undefined>();
    runAttackScenario(water, { ...apt, runs: 50, impact: { horizonSeconds: 60, controllers: 1 } }, (_d, _t, phase) => phases.add(phase));
    assert.ok(phases.has('impact'), 'progress reports the impact phase');
    assert.equal(runAttackScenario(water, { ...apt, runs: 50, impact: undefined }).impact, undefined);
  });

  it("samples the goal curves where the goals fall when the campaign is far shorter than its horizon", () => {
    const r = runAttackScenario(water, { ...apt, runs: 400, impact: undefined });
    const { times, goals } = r.campaign;
    assert.ok(times.every((t, i) => i === 0 || t > times[i - 1]!), 'increasing marks');
    assert.ok(times.at(-1)! <= apt.horizonHours);
    for (const g of goals) {
      assert.equal(g.reached.cdf.at(-1), g.reached.probability, 'each curve ends at its probability');
      assert.ok(times.filter((t) => t <= g.reached.p90!).length >= times.length / 2, 'most marks before the p90, not spread over 720 h');
    }
  });

  it('words a takeover with no crossing', () => {
    const report = { horizon: 1800, firstUnsafe: undefined } as unknown as ImpactReport;
    assert.equal(takeoverSentence({ asset: 'plc-x', domain: 'd', probability: 0.875, medianHours: 3.84, firstTaken: 0.5 }, report), 'plc-x is taken in 87.5% of runs (median 3.8 h); then no safety limit is crossed within 30 min.');
  });
});
