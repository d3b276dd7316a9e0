import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkModel, memoryModelFiles, type LoadedModel } from '../../model/index.js';
import { loadScenario } from '../../process/index.js';
import { TechniqueTable } from '../attack-techniques.js';
import { runScenario } from './scenario-run.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const techniques = new TechniqueTable(JSON.parse(readFileSync(`${root}data/attack-ics-techniques.json`, 'utf8')));
const water = async (): Promise<LoadedModel> =>
  (await checkModel('m.yaml', memoryModelFiles({ 'm.yaml': readFileSync(`${root}examples/water-treatment/model.yaml`, 'utf8') }))).loaded!;
const scenario = (model: LoadedModel, name: string) => loadScenario(name, readFileSync(`${root}examples/scenarios/${name}.yaml`, 'utf8'), model.model);

describe('scenario evaluation', () => {
  it('stays quiet on ten minutes of normal operation', async () => {
    const model = await water();
    const r = runScenario(model, loadScenario('normal.yaml', 'scenario: 1\nname: Normal\nduration: 600\n', model.model), techniques);
    assert.equal(r.alerts, 0);
    assert.equal(r.falseAlarms, 0);
    assert.ok(Math.abs(r.normalHours - 600 / 3600) < 1e-9);
  });

  it('detects the unauthorized writes at once and names the written tag', async () => {
    const model = await water();
    const r = runScenario(model, scenario(model, 'raw-tank-overflow'), techniques);
    const byId = Object.fromEntries(r.injections.map((i) => [i.id, i]));
    for (const id of ['force-intake-pump', 'cut-works-flow']) {
      assert.equal(byId[id]!.detected, true, id);
      assert.equal(byId[id]!.timeToDetect, 0, id);
      assert.equal(byId[id]!.namedTarget, true, id);
    }
    assert.equal(r.falseAlarms, 0);
  });

  it('detects a telemetry denial of service from stale tags', async () => {
    const model = await water();
    const r = runScenario(model, scenario(model, 'message-loss-dos'), techniques);
    assert.equal(r.injections[0]!.detected, true);
    assert.ok(r.injections[0]!.timeToDetect! <= 10, `within 10 s, got ${r.injections[0]!.timeToDetect}`);
  });

  it('is deterministic for a seed', async () => {
    const model = await water();
    const a = runScenario(model, scenario(model, 'raw-tank-overflow'), techniques, { seed: 5 });
    const b = runScenario(model, scenario(model, 'raw-tank-overflow'), techniques, { seed: 5 });
    assert.deepEqual(a, b);
  });
});
