import { canonicalJson } from '../common/canonical-json.js';
import { bestValues, weights } from './best.js';
import { writersByAsset } from './takeover.js';
import { Kind } from './graph.js';
import { physicalImpact, type LimitCrossing } from './impact.js';
import { pathOf } from './paths.js';
import { entryMask } from './reach.js';
import type { Side } from './whatif-diff.js';
import { resolveEntry } from './goals.js';

/** What a takeover of one controller does to the process (a summary of physicalImpact's report). */
export interface ImpactSummary {
  summary: string;
  /** The first safety (trip) limit crossed, seconds after the takeover. */
  firstUnsafe?: LimitCrossing;
  /** Limit crossings (alarm and trip) within the horizon. */
  crossings: number;
}

/** A controller whose takeover probability the changes move. */
export interface ControllerDiff {
  asset: string;
  domain?: string;
  /** Probability of the most likely path to control of it (0: unreachable). */
  before: number;
  after: number;
  /** With `impact`: the process outcome of the takeover, simulated on the model as it was. */
  impact?: ImpactSummary;
  /** With `impact`, when the changes touch the process section (or drop the controller): the outcome on the changed model. */
  impactAfter?: ImpactSummary;
}

const EPS = 1e-9;

/**
 * Probability of the most likely path to `controls(<asset>)` for every
 * controller, from one entry at a time (as analyzeGraph searches paths, so
 * one attacker's foothold never lends a step to another).
 */
export function takeoverOdds(s: Side): Map<string, number> {
  const targets: number[] = [];
  for (let i = 0; i < s.g.size; i++) if (s.g.kinds[i] === Kind.Fact && s.g.info[i]!.label.startsWith('controls(')) targets.push(i);
  const out = new Map<string, number>(targets.map((t) => [s.g.info[t]!.subject!, 0]));
  const w = weights(s.g, 'likely');
  for (const e of s.report.entries) {
    const mask = entryMask(s.g, [resolveEntry(s.g, e)]);
    const best = bestValues(s.g, w, mask, 'max', targets);
    for (const t of targets) {
      if (!Number.isFinite(best.value[t]!)) continue;
      const p = pathOf(s.g, best, t).probability;
      const id = s.g.info[t]!.subject!;
      if (p > out.get(id)!) out.set(id, p);
    }
  }
  return out;
}

/** Controllers whose takeover probability differs between the sides, the largest move first. */
export function diffControllers(before: Side, after: Side): ControllerDiff[] {
  const b = takeoverOdds(before);
  const a = takeoverOdds(after);
  const ids = [...new Set([...b.keys(), ...a.keys()])];
  const domain = (id: string) => (before.model.assets.find((x) => x.id === id) ?? after.model.assets.find((x) => x.id === id))?.domain;
  return ids
    .map((id) => ({ asset: id, domain: domain(id), before: b.get(id) ?? 0, after: a.get(id) ?? 0 }))
    .filter((c) => Math.abs(c.after - c.before) > EPS)
    .sort((x, y) => Math.abs(y.after - y.before) - Math.abs(x.after - x.before) || x.asset.localeCompare(y.asset));
}

function impactOf(side: Side, asset: string, seed: number, horizon: number, onProgress: (done: number, total: number) => void): ImpactSummary | undefined {
  if (!side.model.assets.some((a) => a.id === asset)) return undefined;
  // An asset that writes no process tag has no physical impact to simulate; any error past this is a real fault.
  if (!writersByAsset(side.model, new Set([asset])).has(asset)) return { summary: `no process impact simulated: ${asset} writes no process tag`, crossings: 0 };
  const r = physicalImpact(side.model, { assets: [asset], seed: seed % 2 ** 32, horizon }, onProgress);
  return { summary: r.summary, firstUnsafe: r.firstUnsafe, crossings: r.timeline.length };
}

/**
 * Simulates the takeover of each controller in `diffs` (physicalImpact:
 * seconds each). The process does not change with access changes, so the
 * outcome is simulated once, on the model as it was; again on the changed
 * model only when the changes touched the process section.
 */
export function addImpact(diffs: ControllerDiff[], before: Side, after: Side, options: { seed: number; horizon: number }, onProgress: (done: number, total: number) => void): void {
  const processChanged = canonicalJson(before.model.process) !== canonicalJson(after.model.process);
  diffs.forEach((d, i) => {
    const tick = (done: number, total: number) => onProgress(i + done / total, diffs.length);
    d.impact = impactOf(before, d.asset, options.seed, options.horizon, tick);
    if (processChanged || !after.model.assets.some((a) => a.id === d.asset)) d.impactAfter = impactOf(after, d.asset, options.seed, options.horizon, () => {}) ?? { summary: `${d.asset} is not in the changed model`, crossings: 0 };
    onProgress(i + 1, diffs.length);
  });
}
