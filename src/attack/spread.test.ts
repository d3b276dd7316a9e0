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

  it('logs a stolen account in only over a login protocol the host answers on, and phishes only where a person reads mail', async () => {
    // The operator account also valid on the PLC: a PLC answers no login protocol, so no logon edge.
    const text = SMALL_MODEL.replace('validOn: [web, hmi]', 'validOn: [web, hmi, plc]');
    const m = (await checkModel('m.yaml', memoryModelFiles({ 'm.yaml': text }))).loaded!.model;
    const sg = buildSpreadGraph(m);
    const out = (name: string) => [...sg.target.subarray(sg.start[sg.index(name)!]!, sg.start[sg.index(name)! + 1]!)].map((i) => sg.names[i]);
    assert.ok(out('account:ops').includes('asset:hmi'), 'RDP to the HMI');
    assert.ok(!out('account:ops').includes('asset:plc'), 'no logon to the PLC');
    assert.equal(sg.index('phishing:ws') !== undefined, true, 'the office PC can be phished');
    assert.equal(sg.index('phishing:plc'), undefined, 'a PLC cannot');
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

  it('finds shortest paths equal to a plain Dijkstra on random graphs (the search is bidirectional)', () => {
    const rng = new Random(11);
    for (let t = 0; t < 60; t++) {
      const n = 5 + Math.floor(rng.next() * 60);
      const edges = Array.from({ length: Math.floor(n * (1 + rng.next() * 4)) }, () => ({ from: Math.floor(rng.next() * n), to: Math.floor(rng.next() * n), step: { p: 0.05 + 0.95 * rng.next(), hours: 1 } }));
      const sg = spreadGraphOf(Array.from({ length: n }, (_, i) => `n${i}`), edges);
      const w = Float64Array.from(sg.p, (p) => -Math.log(p));
      // Reference: O(n^2) Dijkstra.
      const a = Math.floor(rng.next() * n);
      const b = Math.floor(rng.next() * n);
      const dist = new Array<number>(n).fill(Infinity);
      const done = new Array<boolean>(n).fill(false);
      dist[a] = 0;
      for (;;) {
        let u = -1;
        for (let i = 0; i < n; i++) if (!done[i] && (u < 0 || dist[i]! < dist[u]!)) u = i;
        if (u < 0 || dist[u] === Infinity) break;
        done[u] = true;
        for (let e = sg.start[u]!; e < sg.start[u + 1]!; e++) dist[sg.target[e]!] = Math.min(dist[sg.target[e]!]!, dist[u]! + w[e]!);
      }
      const r = shortestPath(sg, w, a, b);
      if (dist[b] === Infinity) assert.deepEqual(r.path, [], `graph ${t}: unreachable`);
      else {
        assert.ok(Math.abs(r.cost - dist[b]!) < 1e-9, `graph ${t}: ${r.cost} vs ${dist[b]}`);
        assert.equal(r.path[0], a);
        assert.equal(r.path.at(-1), b);
        // The path's own weight is its cost.
        let sum = 0;
        for (let k = 0; k + 1 < r.path.length; k++) {
          let bestEdge = Infinity;
          for (let e = sg.start[r.path[k]!]!; e < sg.start[r.path[k]! + 1]!; e++) if (sg.target[e] === r.path[k + 1]) bestEdge = Math.min(bestEdge, w[e]!);
          sum += bestEdge;
        }
        assert.ok(Math.abs(sum - r.cost) < 1e-9, `graph ${t}: path weight ${sum} vs cost ${r.cost}`);
      }
    }
  });
});
