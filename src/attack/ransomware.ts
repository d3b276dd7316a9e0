import { Random } from '../common/random.js';
import type { TwinModel } from '../model/index.js';
import { AttackError } from './errors.js';
import { MinHeap } from './heap.js';
import type { CampaignResult, Distribution } from './monte-carlo.js';
import { serviceOutages } from './service-outage.js';
import { buildSpreadGraph, spreadEntry, spreadRun } from './spread.js';

export interface RansomwareOptions {
  entries: readonly string[];
  runs: number;
  seed: number;
  horizonHours: number;
  /** Hours from a host falling to its encryption. */
  dwellHours: number;
  /** Chance each infected host is noticed (containment `responseHours` later). */
  detection: number;
  responseHours: number;
  onProgress?: (done: number, total: number) => void;
}

export interface RansomwareResult {
  campaign: CampaignResult;
  spread: { times: number[]; mean: number[]; p90: number[]; hosts: number };
  services: { service: string; domain: string; outage: Distribution; throughDependency: number }[];
}

const MARKS = 48;

/** Counts of events per time mark over the runs, kept as a histogram so memory does not grow with runs. */
class Histogram {
  readonly counts: Uint32Array;
  sum = 0;
  n = 0;
  constructor(readonly times: readonly number[]) {
    this.counts = new Uint32Array(times.length);
  }
  /** Counts `t` in the first mark at or after it (the last mark for anything later); returns that mark's index. */
  add(t: number): number {
    let lo = 0;
    let hi = this.times.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    this.counts[lo]!++;
    this.sum += t;
    this.n++;
    return lo;
  }
  /** The distribution over `runs`; quantiles at the resolution of the marks. */
  distribution(runs: number): Distribution {
    const cdf: number[] = [];
    let c = 0;
    for (const x of this.counts) cdf.push((c += x) / runs);
    const q = (f: number) => {
      if (!this.n) return undefined;
      const want = f * this.n;
      let acc = 0;
      for (let k = 0; k < this.counts.length; k++) if ((acc += this.counts[k]!) > want) return this.times[k];
      return this.times.at(-1);
    };
    return { probability: this.n / runs, mean: this.n ? this.sum / this.n : undefined, p10: q(0.1), p50: q(0.5), p90: q(0.9), cdf };
  }
}

/**
 * Ransomware over the spread graph (src/attack/spread.ts): each run draws
 * the spread from the entries, encrypts each host `dwellHours` after it
 * falls (within the horizon and before containment), and takes services
 * down through their required dependencies across owners. Memory is a
 * histogram per asset and service and one row of counts per run, so 10,000
 * runs on 10,000 hosts fit. Seeded and reproducible.
 */
export function simulateRansomware(model: TwinModel, o: RansomwareOptions): RansomwareResult {
  const g = buildSpreadGraph(model);
  const entries = o.entries.map((e, i) => {
    const n = spreadEntry(g, e);
    if (n === undefined) throw new AttackError('invalid-scenario', `entries[${i}] "${e}": ransomware starts from internet, phishing:<asset>, domain:<id>, insider:<account> or asset:<id>`);
    return n;
  });
  const times = Array.from({ length: MARKS }, (_, i) => (o.horizonHours * (i + 1)) / MARKS);
  const rng = new Random(o.seed);
  const time = new Float64Array(g.size);
  const settled = new Uint8Array(g.size);
  const heap = new MinHeap(1 << 12);
  const assetHist = model.assets.map(() => new Histogram(times));
  const serviceHist = model.services.map(() => new Histogram(times));
  const viaDependency = model.services.map(() => 0);
  const perRun = new Uint32Array(o.runs * MARKS);
  const outages = serviceOutages(model.services);
  const enc = new Float64Array(model.assets.length);
  const byId = new Map(model.assets.map((a, i) => [a.id, i]));
  let detected = 0;
  for (let run = 0; run < o.runs; run++) {
    spreadRun(g, entries, rng, time, heap, settled);
    let stop = o.horizonHours;
    if (o.detection > 0) {
      for (const a of g.assets) {
        const t = time[a]!;
        if (t < stop && rng.next() < o.detection) stop = Math.min(stop, t + o.responseHours);
      }
    }
    const row = run * MARKS;
    let spared = false;
    g.assets.forEach((node, i) => {
      // Containment isolates hosts: one not yet encrypted by then never is.
      const t = time[node]! + o.dwellHours;
      enc[i] = t <= stop ? t : Infinity;
      if (t > stop && t <= o.horizonHours) spared = true;
      if (enc[i] === Infinity) return;
      perRun[row + assetHist[i]!.add(t)]!++;
    });
    if (spared) detected++;
    for (let k = 1; k < MARKS; k++) perRun[row + k]! += perRun[row + k - 1]!;
    const { own, down } = outages((h) => {
      const i = byId.get(h);
      return i === undefined ? Infinity : enc[i]!;
    });
    down.forEach((t, i) => {
      if (!Number.isFinite(t)) return;
      serviceHist[i]!.add(t);
      if (!Number.isFinite(own[i]!)) viaDependency[i]!++;
    });
    o.onProgress?.(run + 1, o.runs);
  }
  const mean = times.map((_, k) => {
    let s = 0;
    for (let r = 0; r < o.runs; r++) s += perRun[r * MARKS + k]!;
    return s / Math.max(1, o.runs);
  });
  const p90 = times.map((_, k) => {
    const col = Array.from({ length: o.runs }, (_, r) => perRun[r * MARKS + k]!).sort((a, b) => a - b);
    return col[Math.min(col.length - 1, Math.floor(0.9 * col.length))] ?? 0;
  });
  const services = model.services
    .map((x, i) => ({ service: x.id, domain: x.domain, outage: serviceHist[i]!.distribution(o.runs), throughDependency: viaDependency[i]! }))
    .sort((a, b) => b.outage.probability - a.outage.probability || a.service.localeCompare(b.service));
  const campaign: CampaignResult = {
    runs: o.runs,
    seed: o.seed,
    horizonHours: o.horizonHours,
    times,
    goals: services.map((x) => ({ goal: `disrupts(${x.service})`, reached: x.outage })),
    assets: model.assets
      .map((a, i) => ({ asset: a.id, domain: a.domain, compromised: assetHist[i]!.distribution(o.runs) }))
      .filter((a) => a.compromised.probability > 0)
      .sort((a, b) => b.compromised.probability - a.compromised.probability || a.asset.localeCompare(b.asset)),
    detected: o.runs ? detected / o.runs : 0,
  };
  return { campaign, spread: { times, mean, p90, hosts: model.assets.length }, services };
}
