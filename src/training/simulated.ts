import type { GroupModel } from '../detect/group-rule.js';
import { resample, type TimedValue } from '../detect/resample.js';
import { groupTags, type LoadedModel } from '../model/index.js';
import { PlantSimulator } from '../process/index.js';
import type { UnsignedBundle } from './bundle.js';
import { maxAge } from './sources.js';
import { groupModel, trainGroup } from './train.js';

/**
 * Trains every detection group of a model on the model's own simulator run
 * without any injection (normal operation only) for `seconds` simulated
 * seconds: how the demo and `eval scenarios` get trained groups without a
 * recording of the real plant. Deterministic for a seed.
 */
export async function trainOnSimulation(
  model: LoadedModel,
  options: { seconds: number; seed: number; onGroup?: (group: string) => void },
): Promise<{ bundles: Omit<UnsignedBundle, 'version'>[]; groups: GroupModel[] }> {
  const groups = model.model.detection.groups;
  if (groups.length === 0) return { bundles: [], groups: [] };
  const sim = new PlantSimulator(model.model, { seed: options.seed });
  const readings: TimedValue[] = [];
  const wanted = new Set(groups.flatMap((g) => groupTags(g, model.model.process.tags)));
  const end = sim.time + options.seconds * 1000;
  while (sim.time < end) {
    const r = sim.step();
    for (const s of r.samples) if (wanted.has(s.tag)) readings.push({ tag: s.tag, time: s.time, value: s.value });
  }
  const source = `simulator:seed=${options.seed},${options.seconds}s`;
  const bundles: Omit<UnsignedBundle, 'version'>[] = [];
  const out: GroupModel[] = [];
  for (const g of groups) {
    options.onGroup?.(g.id);
    const tags = groupTags(g, model.model.process.tags);
    const r = resample(readings, tags, g.period, maxAge(model, g, tags));
    const bundle = await trainGroup(model, g, { rows: r.rows, times: r.times, source, skipped: r.skipped });
    bundles.push(bundle);
    out.push(await groupModel(model, { ...bundle, version: 1 }));
  }
  return { bundles, groups: out };
}
