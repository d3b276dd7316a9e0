import type { TwinModel } from '../model/index.js';
import { CONTROLLERS } from './defaults.js';
import type { AttackGraph } from './graph.js';
import { formatDuration, LIMIT_WORDS, physicalImpact, type ImpactReport } from './impact.js';
import { writersByAsset } from './takeover.js';

/**
 * The physical side of an attack scenario: which controllers the attacker
 * comes to control in the Monte Carlo runs, and what the process does once
 * the most often taken ones are in the attacker's hands (the plant
 * simulator, via `physicalImpact`).
 */

/** Controllers taken in fewer runs than this share are listed by nobody and not simulated. */
export const TAKEOVER_SHARE = 0.1;

export interface ScenarioTakeover {
  asset: string;
  domain: string;
  /** Share of runs in which the attacker controlled it within the horizon, before any containment. */
  probability: number;
  /** Median hours to control it, over those runs. */
  medianHours: number;
  /** Share of runs in which it was the first controller taken. */
  firstTaken: number;
}

export interface TakeoverImpact extends ScenarioTakeover {
  report: ImpactReport;
  /** One sentence: which controller is taken in what share of runs (and the median time), then the first safety-limit crossing of its takeover, or none. */
  sentence: string;
}

export interface ScenarioImpact {
  /** Simulated seconds after each takeover. */
  horizonSeconds: number;
  /** Every controller taken in at least TAKEOVER_SHARE of the runs, the most often taken first. */
  takeovers: ScenarioTakeover[];
  /** The physical impact of the first `controllers` of them, each taken alone, in that order. */
  simulated: TakeoverImpact[];
  /** The simulated sentences joined, or why nothing was simulated. */
  summary: string;
}

export interface TakeoverTracker {
  /** The campaign's onRun hook: every node's time (hours) and the containment time. */
  onRun: (time: Float64Array, stop: number) => void;
  /** The controllers taken often enough, after `runs` runs. */
  takeovers: (runs: number) => ScenarioTakeover[];
}

/**
 * Follows the `controls(<asset>)` facts of the controllers (CONTROLLERS
 * kinds that write a process tag) over the campaign's runs. A takeover
 * counts when it happens within the horizon and before containment.
 */
export function trackTakeovers(model: TwinModel, g: AttackGraph, horizonHours: number): TakeoverTracker {
  const candidates = model.assets.flatMap((a) => {
    const node = CONTROLLERS.has(a.kind) && writersByAsset(model, new Set([a.id])).has(a.id) ? g.find(`controls(${a.id})`) : undefined;
    return node === undefined ? [] : [{ asset: a.id, domain: a.domain, node, times: [] as number[], first: 0 }];
  });
  return {
    onRun: (time, stop) => {
      let first: (typeof candidates)[number] | undefined;
      for (const c of candidates) {
        const t = time[c.node]!;
        if (t > stop || t > horizonHours) continue;
        c.times.push(t);
        if (!first || t < first.times.at(-1)!) first = c;
      }
      if (first) first.first++;
    },
    takeovers: (runs) =>
      candidates
        .filter((c) => runs > 0 && c.times.length / runs >= TAKEOVER_SHARE)
        .map((c) => {
          const sorted = c.times.slice().sort((a, b) => a - b);
          return { asset: c.asset, domain: c.domain, probability: sorted.length / runs, medianHours: sorted[Math.floor(sorted.length / 2)]!, firstTaken: c.first / runs };
        })
        .sort((a, b) => b.probability - a.probability || b.firstTaken - a.firstTaken || a.medianHours - b.medianHours || a.asset.localeCompare(b.asset)),
  };
}

/**
 * Runs `physicalImpact` (worst manipulation, the scenario's seed) on each
 * of the first `controllers` takeovers, one at a time. `onProgress` counts
 * simulator runs across them (the total grows as each one is planned).
 */
export function scenarioImpact(
  model: TwinModel,
  takeovers: ScenarioTakeover[],
  o: { horizonSeconds: number; controllers: number; seed: number },
  onProgress?: (done: number, total: number) => void,
): ScenarioImpact {
  let before = 0;
  const simulated = takeovers.slice(0, o.controllers).map((t): TakeoverImpact => {
    let last = 0;
    const report = physicalImpact(model, { assets: [t.asset], horizon: o.horizonSeconds, seed: o.seed % 2 ** 32 }, (done, total) => {
      last = total;
      onProgress?.(before + done, before + total);
    });
    before += last;
    return { ...t, report, sentence: takeoverSentence(t, report) };
  });
  const summary = simulated.length
    ? simulated.map((s) => s.sentence).join(' ')
    : `No controller is taken in at least ${Math.round(TAKEOVER_SHARE * 100)}% of the runs; no takeover simulated.`;
  return { horizonSeconds: o.horizonSeconds, takeovers, simulated, summary };
}

const pct = (p: number) => `${Number((p * 100).toFixed(p >= 0.995 ? 0 : 1))}%`;
const num = (v: number) => String(Number(v.toPrecision(4)));

/** The takeover's odds and timing, then its first unsafe consequence or a stated absence of one. */
export function takeoverSentence(t: ScenarioTakeover, r: ImpactReport): string {
  const head = `${t.asset} is taken in ${pct(t.probability)} of runs (median ${Number(t.medianHours.toFixed(1))} h)`;
  const f = r.firstUnsafe;
  const unit = f && f.unit && f.unit !== 'bool' ? ` ${f.unit}` : '';
  const then = f
    ? `then ${f.tag} passes its ${LIMIT_WORDS[f.limit]} limit ${num(f.threshold)}${unit} after ${formatDuration(f.at)}`
    : `then no safety limit is crossed within ${formatDuration(r.horizon)}`;
  return `${head}; ${then}.`;
}
