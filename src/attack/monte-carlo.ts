import { Random } from '../common/random.js';
import { bestValues, derivation } from './best.js';
import { type AttackGraph, Kind } from './graph.js';
import type { Mask } from './reach.js';

export interface CampaignOptions {
  runs: number;
  seed: number;
  /** Goals count as reached only within this many hours (default: a year). */
  horizonHours?: number;
  /** Per rule: chance the defenders notice the step when it completes (default 0). */
  detection?: Float64Array;
  /** Hours from a detection to containment: steps completing later do not happen (default 24). */
  responseHours?: number;
  onProgress?: (done: number, total: number) => void;
  /** Called after each run with every node's time (hours; Infinity when it did not hold) and the containment time. */
  onRun?: (time: Float64Array, stop: number) => void;
  /**
   * Where the curves are sampled: 'horizon' (default), evenly up to the
   * horizon; 'events', at the quantiles of the goal times of every run and
   * at the last goal or asset time, so that campaigns far shorter than
   * their horizon get curves with detail where the goals fall.
   */
  marks?: 'horizon' | 'events';
}

export interface Distribution {
  /** Fraction of runs in which it happened within the horizon. */
  probability: number;
  /** Hours, over the runs in which it happened (undefined when it never did). */
  mean?: number;
  p10?: number;
  p50?: number;
  p90?: number;
  /** Cumulative fraction of runs in which it had happened by each `times` mark. */
  cdf: number[];
}

export interface CampaignResult {
  runs: number;
  seed: number;
  horizonHours: number;
  /** Hours at which the curves are sampled, increasing: evenly up to the horizon, or where the events fall (CampaignOptions.marks). */
  times: number[];
  goals: { goal: string; reached: Distribution }[];
  /** Per asset taken in any run: chance of compromise within the horizon. */
  assets: { asset: string; domain?: string; compromised: Distribution }[];
  /** Fraction of runs in which a detection contained the campaign before it was done: a goal (ransomware: a host's encryption) was still to come. */
  detected: number;
}

const MARKS = 48;

/** Exponential time with the given mean (memoryless attacker effort, as in time-to-compromise models). */
const expo = (rng: Random, mean: number) => (mean > 0 ? -Math.log(1 - rng.next()) * mean : 0);

/**
 * Monte Carlo over the attack graph: in each run every rule either works
 * (with its probability) after an exponential time with its mean hours, or
 * does not work at all; facts then hold at the earliest time any of their
 * rules completes, a rule completes its own time after the last of its
 * preconditions (branches run in parallel). A detected step stops the
 * campaign `responseHours` after it completes. Seeded: the same graph,
 * options and seed give the same result.
 */
export function simulateCampaign(g: AttackGraph, off: Mask, goals: readonly number[], o: CampaignOptions): CampaignResult {
  const horizon = o.horizonHours ?? 24 * 365;
  const response = o.responseHours ?? 24;
  const rng = new Random(o.seed);
  const assetFacts: number[] = [];
  for (let i = 0; i < g.size; i++) if (g.kinds[i] === Kind.Fact && g.info[i]!.label.startsWith('execCode(') && g.info[i]!.label.endsWith(', user)')) assetFacts.push(i);
  const goalTimes = goals.map(() => [] as number[]);
  const assetTimes = assetFacts.map(() => [] as number[]);
  const w = new Float64Array(g.size);
  let detectedRuns = 0;
  let last = 0;
  const mask = new Uint8Array(g.size);
  for (let run = 0; run < o.runs; run++) {
    mask.set(off);
    for (let i = 0; i < g.size; i++) {
      if (g.kinds[i] !== Kind.Rule) continue;
      if (g.prob[i]! < 1 && rng.next() >= g.prob[i]!) mask[i] = 1;
      w[i] = expo(rng, g.cost[i]!);
    }
    const best = bestValues(g, w, mask, 'max');
    let stop = horizon;
    if (o.detection) {
      // The earliest detection among the steps the attacker actually took towards the goals.
      const taken = new Set<number>();
      for (const x of goals) if (best.value[x]! <= horizon) for (const r of derivation(g, best, x)) taken.add(r);
      for (const r of taken) {
        const d = o.detection[r]!;
        if (d > 0 && rng.next() < d) stop = Math.min(stop, best.value[r]! + response);
      }
      if (stop < horizon && goals.some((x) => best.value[x]! > stop)) detectedRuns++;
    }
    goals.forEach((x, k) => {
      const t = best.value[x]!;
      if (t <= stop) {
        goalTimes[k]!.push(t);
        last = Math.max(last, t);
      }
    });
    assetFacts.forEach((x, k) => {
      const t = best.value[x]!;
      if (t <= stop) {
        assetTimes[k]!.push(t);
        last = Math.max(last, t);
      }
    });
    o.onRun?.(best.value, stop);
    o.onProgress?.(run + 1, o.runs);
  }
  const times = o.marks === 'events' && last > 0 ? eventMarks(goalTimes.flat(), last) : Array.from({ length: MARKS }, (_, i) => (horizon * (i + 1)) / MARKS);
  const dist = (ts: number[]): Distribution => distribution(ts, times, o.runs);
  return {
    runs: o.runs,
    seed: o.seed,
    horizonHours: horizon,
    times,
    goals: goals.map((x, k) => ({ goal: g.info[x]!.label, reached: dist(goalTimes[k]!) })),
    assets: assetFacts
      .map((x, k) => ({ asset: g.info[x]!.subject!, domain: g.info[x]!.domain, compromised: dist(assetTimes[k]!) }))
      .filter((a) => a.compromised.probability > 0)
      .sort((a, b) => b.compromised.probability - a.compromised.probability || a.asset.localeCompare(b.asset)),
    detected: o.runs ? detectedRuns / o.runs : 0,
  };
}

/** The distribution of event times (hours) over `runs` runs (runs where it did not happen are absent from `ts`). */
export function distribution(ts: number[], times: readonly number[], runs: number): Distribution {
  ts.sort((a, b) => a - b);
  const q = (f: number) => ts[Math.min(ts.length - 1, Math.floor(f * ts.length))];
  let j = 0;
  const cdf = times.map((t) => {
    while (j < ts.length && ts[j]! <= t) j++;
    return runs ? j / runs : 0;
  });
  return { probability: runs ? ts.length / runs : 0, mean: ts.length ? ts.reduce((s, x) => s + x, 0) / ts.length : undefined, p10: q(0.1), p50: q(0.5), p90: q(0.9), cdf };
}

/** Up to MARKS increasing times: the quantiles of `ts` (hours of events, unsorted), then `last`, the latest event of all. */
function eventMarks(ts: number[], last: number): number[] {
  const sorted = ts.filter((t) => t > 0).sort((a, b) => a - b);
  const q = Array.from({ length: MARKS - 1 }, (_, i) => sorted[Math.min(sorted.length - 1, Math.floor(((i + 1) * sorted.length) / MARKS))]);
  const out: number[] = [];
  for (const t of [...q, last]) if (t !== undefined && t <= last && (out.length === 0 || t > out.at(-1)!)) out.push(t);
  return out;
}
