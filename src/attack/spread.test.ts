import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../common/random.js';
import { checkModel, memoryModelFiles } from '../model/index.js';
import { MinHeap } from './heap.js';
import { buildSpreadGraph, shortestPath, spreadEntry, spreadGraphOf, spreadRun } from './spread.js';
import { SMALL_MODEL } from './testdata/small.js';

describe('the spread graph (ransomware, worms)', async () => {
  const model = (await checkModel('m.yaml', memoryModelFiles({ 'm.yaml': SMALL_MODEL }))).loaded!.model;
  const g = buildSpreadGraph(model);

  it('spreads with the hand-computed chances: web 0.9, hmi 0.9 x 0.8 x 0.95 through the ops account, never the PLC', () => {
    const time = new Float64Array(g.size);
    const settled = new Uint8Array(g.size);
    const heap = new MinHeap();
    const rng = new Random(5);
    const runs = 20_000;
    const hits = { web: 0, hmi: 0, plc: 0 };
    for (let r = 0; r < runs; r++) {
      spreadRun(g, [spreadEntry(g, 'internet')!], rng, time, heap, settled);
      for (const k of Object.keys(hits) as (keyof typeof hits)[]) if (Number.isFinite(time[g.index(`asset:${k}`)!]!)) hits[k]++;
    }
    // Binomial standard error at 20,000 runs is at most 0.0035; allow 4 of them.
    assert.ok(Math.abs(hits.web / runs - 0.9) < 0.014, `web ${hits.web / runs}`);
    assert.ok(Math.abs(hits.hmi / runs - 0.9 * 0.8 * 0.95) < 0.014, `hmi ${hits.hmi / runs}`);
    assert.equal(hits.plc, 0, 'no exploit or account reaches the PLC');
  });

  it('is reproducible for a seed', () => {
    const once = (seed: number) => {
      const time = new Float64Array(g.size);
      spreadRun(g, [spreadEntry(g, 'internet')!], new Random(seed), time, new MinHeap(), new Uint8Array(g.size));
      return [...time];
    };
    assert.deepEqual(once(9), once(9));
  });

  it('finds the most likely path by -ln p', () => {
    const sg = spreadGraphOf(['a', 'b', 'c', 'd'], [
      { from: 0, to: 1, step: { p: 0.5, hours: 1 } },
      { from: 1, to: 3, step: { p: 0.5, hours: 1 } },
      { from: 0, to: 2, step: { p: 0.9, hours: 1 } },
      { from: 2, to: 3, step: { p: 0.8, hours: 1 } },
    ]);
    const r = shortestPath(sg, Float64Array.from(sg.p, (p) => -Math.log(p)), 0, 3);
    assert.deepEqual(r.path, [0, 2, 3]);
    assert.ok(Math.abs(Math.exp(-r.cost) - 0.72) < 1e-12);
    assert.deepEqual(shortestPath(sg, Float64Array.from(sg.p), 3, 0).path, [], 'no way back');
  });
});
