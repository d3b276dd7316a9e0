// Risk per owner (src/risk assessRisk) on the shipped examples: the time of a full assessment (2,000 runs, the
// default) beside the Monte Carlo campaign alone on the same graph and entries, measured in the same run, so
// the cost of the outage propagation and loss model shows as the difference.
//   node --import tsx bench/risk.ts [--runs=2000]
import { fileURLToPath } from 'node:url';
import { buildAttackGraph, entryMask, resolveEntry, simulateCampaign } from '../src/attack/index.js';
import { nodeModelFiles } from '../src/cli/model-files.js';
import { loadModel } from '../src/model/index.js';
import { assessRisk, riskEntries } from '../src/risk/index.js';

const EXAMPLES = ['water-treatment/model.yaml', 'service-chain', 'hospital-icu/model.yaml'];
const REPEAT = 5;

const median = (fn: () => unknown) => {
  fn(); // warm the JIT
  const ms: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b)[Math.floor(REPEAT / 2)]!;
};

const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 2000);
console.log(`assessRisk, ${runs} runs, median of ${REPEAT} (node ${process.version})`);
console.log('example                      assets  services  graph nodes  assessRisk  campaign alone  per run');
for (const f of EXAMPLES) {
  const model = (await loadModel(fileURLToPath(new URL(`../examples/${f}`, import.meta.url)), nodeModelFiles)).model;
  const g = buildAttackGraph(model);
  const off = entryMask(g, riskEntries(g, model).map((e) => resolveEntry(g, e)));
  const full = median(() => assessRisk(model, { runs }));
  const campaign = median(() => simulateCampaign(g, off, [], { runs, seed: 1, horizonHours: 720 }));
  const cells = [f.padEnd(27), String(model.assets.length).padStart(6), String(model.services.length).padStart(9), String(g.size).padStart(12), `${full.toFixed(0)} ms`.padStart(11), `${campaign.toFixed(0)} ms`.padStart(15), `${((full * 1000) / runs).toFixed(0)} µs`.padStart(8)];
  console.log(cells.join('  '));
}
