import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildAttackGraph } from '../attack/index.js';
import { SMALL_MODEL } from '../attack/testdata/small.js';
import { nodeModelFiles } from '../cli/model-files.js';
import { checkModel, loadModel, memoryModelFiles, type TwinModel } from '../model/index.js';
import { assessRisk } from './assess.js';
import { RiskError } from './errors.js';
import { DEFAULT_LOSS } from './loss-model.js';

const examples = new URL('../../examples/', import.meta.url);
const load = async (yaml: string) => (await checkModel('m.yaml', memoryModelFiles({ 'm.yaml': yaml }))).loaded!.model;
/** The small network with a second service, "portal", whose only host is the internet-facing web server. */
const withPortal = (yaml: string) => yaml.replace('services:\n', 'services:\n  - { id: portal, name: Portal, domain: plant, runsOn: [web], criticality: high }\n');
/** Binomial standard error of a probability estimated from `runs` runs. */
const se = (p: number, runs: number) => Math.sqrt((p * (1 - p)) / runs);

describe('risk per owner', async () => {
  const small = await load(withPortal(SMALL_MODEL));
  const chain = (await loadModel(new URL('service-chain', examples).pathname, nodeModelFiles)).model;

  it('a service whose only host falls gives weight × probability (hand-checked, horizon and all)', () => {
    // web falls to the internet by its CVE (exploit: p, exponential time of mean m) or crashes by it (availability
    // impact: its own p and mean); both start at once, as the internet reaches web through zero-time steps. Within
    // h hours: P(outage) = 1 - (1 - pe (1 - exp(-h/me))) (1 - pc (1 - exp(-h/mc))).
    const g = buildAttackGraph(small);
    const exploit = g.find('exploit(web, CVE-2024-0001)')!;
    const crash = g.find('crash(web, CVE-2024-0001)')!;
    const runs = 20_000;
    for (const h of [1e6, 2]) {
      const within = (r: number) => g.prob[r]! * (1 - Math.exp(-h / g.cost[r]!));
      const want = 1 - (1 - within(exploit)) * (1 - within(crash));
      const r = assessRisk(small, { entries: ['internet'], horizonHours: h, runs, seed: 7 });
      const portal = r.services.find((s) => s.service === 'portal')!;
      assert.ok(Math.abs(portal.probability - want) < 4 * se(want, runs) + 1e-4, `horizon ${h}: simulated ${portal.probability}, hand ${want}`);
      assert.equal(portal.expectedLoss, portal.probability * DEFAULT_LOSS.outage.high);
      assert.equal(portal.throughDependency, 0);
    }
  });

  it('an asset weighs its criticality × (foothold + data classes)', () => {
    const r = assessRisk(small, { entries: ['internet'], runs: 500 });
    const web = r.assets.find((a) => a.asset === 'web')!;
    assert.ok(web.probability > 0.8);
    assert.equal(web.expectedLoss, web.probability * DEFAULT_LOSS.outage.medium * DEFAULT_LOSS.foothold);
    const plant = r.domains.find((d) => d.domain === 'plant')!;
    const sum = [...r.services, ...r.assets].reduce((s, x) => s + x.expectedLoss, 0);
    assert.ok(Math.abs(plant.expectedLoss - sum) < 1e-9, 'one owner: its loss is everything');
    assert.ok(Math.abs(plant.posture - 100 * (1 - plant.expectedLoss / plant.maximumLoss)) < 1e-9);
    assert.deepEqual(r.domains.find((d) => d.domain === 'vendor'), { domain: 'vendor', expectedLoss: 0, maximumLoss: 0, posture: 100, topRisks: [] });
    assert.match(r.method, /Monte Carlo/);
  });

  it('is deterministic for a seed and differs for another', () => {
    const a = assessRisk(chain, { runs: 300, seed: 5 });
    const b = assessRisk(chain, { runs: 300, seed: 5 });
    const c = assessRisk(chain, { runs: 300, seed: 6 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.services, c.services);
  });

  it("counts a hospital service failing because the utility's asset fell as the hospital's loss", () => {
    const r = assessRisk(chain, { runs: 2000 });
    assert.ok(!r.entries.some((e) => e.startsWith('domain:')), 'other owners are not assumed hostile');
    const dialysis = r.services.find((s) => s.service === 'dialysis')!;
    const water = r.services.find((s) => s.service === 'water-supply')!;
    assert.equal(dialysis.domain, 'lakeside-hospital');
    assert.equal(water.domain, 'metro-water');
    assert.ok(dialysis.probability > 0.1, `dialysis outage ${dialysis.probability}`);
    assert.equal(dialysis.throughDependency, 1, "the hospital's own hosts stand: every outage comes from the water");
    assert.ok(dialysis.probability <= water.probability + 1e-12, 'it cannot fail more often than what it needs');
    const hospital = r.domains.find((d) => d.domain === 'lakeside-hospital')!;
    assert.ok(hospital.expectedLoss >= dialysis.expectedLoss && hospital.posture < 100);
    assert.ok(hospital.topRisks.some((t) => t.includes('dialysis') && t.includes('through dependencies')), hospital.topRisks.join('; '));
    const total = r.domains.reduce((s, d) => s + d.expectedLoss, 0);
    assert.ok(Math.abs(total - r.totalExpectedLoss) < 1e-9);
  });

  it('keeps posture within 0..100 on every example, and lowers it when a vulnerability is added', async () => {
    const models: TwinModel[] = [chain];
    for (const f of ['water-treatment/model.yaml', 'hospital-icu/model.yaml']) models.push((await loadModel(new URL(f, examples).pathname, nodeModelFiles)).model);
    for (const m of models) for (const d of assessRisk(m, { runs: 200 }).domains) assert.ok(d.posture >= 0 && d.posture <= 100, `${m.name} ${d.domain} ${d.posture}`);

    const before = assessRisk(small, { entries: ['internet'], runs: 1000 });
    const vulnerable = await load(
      withPortal(SMALL_MODEL).replace(
        '{ id: plc, name: PLC, kind: plc, domain: plant, zone: ot, criticality: critical }',
        '{ id: plc, name: PLC, kind: plc, domain: plant, zone: ot, criticality: critical, vulnerabilities: [{ cve: CVE-2024-0002, cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", exploited: true }] }',
      ),
    );
    const after = assessRisk(vulnerable, { entries: ['internet'], runs: 1000 });
    const posture = (r: typeof before) => r.domains.find((d) => d.domain === 'plant')!.posture;
    assert.ok(posture(after) < posture(before) - 10, `${posture(before)} -> ${posture(after)}`);
    assert.ok(after.services.find((s) => s.service === 'production')!.probability > 0.5);
  });

  it('refuses bad options naming the field', () => {
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        assert.ok(err instanceof RiskError);
        return err.field;
      }
      assert.fail('no error');
    };
    assert.equal(field(() => assessRisk(small, { runs: 0 })), 'runs');
    assert.equal(field(() => assessRisk(small, { horizonHours: -1 })), 'horizonHours');
    assert.equal(field(() => assessRisk(small, { seed: 1.5 })), 'seed');
    assert.equal(field(() => assessRisk(small, { entries: ['internet', 'nowhere'] })), 'entries[1]');
  });
});
