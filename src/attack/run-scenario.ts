import type { TwinModel } from '../model/index.js';
import { resolveQuery } from './analyze.js';
import { buildAttackGraph } from './build.js';
import { AttackError } from './errors.js';
import { type AttackGraph, Kind } from './graph.js';
import { simulateCampaign, type CampaignResult, type Distribution } from './monte-carlo.js';
import { entryMask, reachable } from './reach.js';
import { simulateRansomware } from './ransomware.js';
import type { AttackScenario } from './scenario.js';
import { bestValues, weights } from './best.js';
import { pathOf } from './paths.js';
import { scenarioImpact, trackTakeovers, type ScenarioImpact } from './scenario-impact.js';

export interface ServiceOutage {
  service: string;
  domain: string;
  /** Outage within the horizon: its own hosts encrypted, or a required dependency down (possibly another owner's). */
  outage: Distribution;
  /** Runs in which the outage came only through a dependency. */
  throughDependency: number;
}

export interface ZeroDayRank {
  asset: string;
  domain: string;
  /** Goals a zero-day on this asset makes reachable that were not. */
  newGoals: string[];
  /** Most likely path probability to any goal, with the zero-day, minus without. */
  likelihoodGain: number;
}

export interface ScenarioResult {
  scenario: string;
  kind: AttackScenario['kind'];
  entries: string[];
  goals: string[];
  campaign: CampaignResult;
  /** Ransomware: mean and 90th percentile of hosts encrypted at each time mark. */
  spread?: { times: number[]; mean: number[]; p90: number[]; hosts: number };
  services?: ServiceOutage[];
  /** Zero-day sweep: the components whose zero-day would hurt most. */
  sweep?: ZeroDayRank[];
  /** With the scenario's `impact`: the controllers taken most often and the physical impact of their takeover. */
  impact?: ScenarioImpact;
}

/** Detection chance per rule from the scenario's per-technique table (and, for APT, its stages). */
function detectionOf(g: AttackGraph, s: AttackScenario): Float64Array {
  const table: Record<string, number> = { ...s.detection };
  if (s.kind === 'apt') for (const st of s.stages) if (st.detection !== undefined) for (const t of st.techniques) table[t] ??= st.detection;
  const d = new Float64Array(g.size);
  for (let i = 0; i < g.size; i++) {
    if (g.kinds[i] !== Kind.Rule) continue;
    const t = g.info[i]!.technique;
    d[i] = t === undefined ? 0 : (table[t] ?? table.default ?? 0);
  }
  return d;
}

/**
 * Runs an attack scenario on a model (never on a live twin: the caller
 * passes a model, and nothing here writes anywhere). APT, supply-chain and
 * zero-day scenarios are Monte Carlo campaigns towards their goals;
 * ransomware also tracks encryption and the outage of services, through
 * their dependencies across owners; a zero-day sweep ranks components.
 */
export function runAttackScenario(model: TwinModel, s: AttackScenario, onProgress?: (done: number, total: number, phase?: 'campaign' | 'impact') => void): ScenarioResult {
  const zeroDays = s.kind === 'zero-day' && s.asset ? [{ asset: s.asset, cvss: s.cvss }] : [];
  if (s.kind === 'zero-day' && s.asset && !model.assets.some((a) => a.id === s.asset)) throw new AttackError('invalid-scenario', `asset "${s.asset}": no such asset in the model`);
  if (s.kind === 'supply-chain' && !model.domains.some((d) => d.id === s.supplier)) throw new AttackError('invalid-scenario', `supplier "${s.supplier}": no such domain in the model`);
  const g = buildAttackGraph(model, { zeroDays });
  const entries = s.kind === 'supply-chain' ? [s.via === 'update-channel' ? `supply-chain:${s.supplier}` : `domain:${s.supplier}`, ...s.entries] : s.entries;
  const q = resolveQuery(g, model, { entries, goals: s.goals });
  const off = entryMask(g, q.entryIds);
  const goalIds = q.goals.flatMap((x) => x.ids);
  const base = { scenario: s.name, kind: s.kind, entries: q.entries, goals: q.goals.map((x) => x.spec) };
  if (s.kind !== 'ransomware') {
    const options = { runs: s.runs, seed: s.seed, horizonHours: s.horizonHours, detection: detectionOf(g, s), responseHours: s.responseHours, onProgress };
    // With `impact`: the controllers taken over the runs, then the process simulator on the most often taken.
    const takeovers = s.impact ? trackTakeovers(model, g, s.horizonHours) : undefined;
    const impactOf = () => (s.impact && takeovers ? scenarioImpact(model, takeovers.takeovers(s.runs), { ...s.impact, seed: s.seed }, (d, t) => onProgress?.(d, t, 'impact')) : undefined);
    const campaign = simulateCampaign(g, off, goalIds, { ...options, onRun: takeovers?.onRun, marks: 'events' });
    return { ...base, campaign, sweep: s.kind === 'zero-day' && s.sweep ? sweepZeroDays(model, q.entries, q.goals.map((x) => x.spec)) : undefined, impact: impactOf() };
  }

  // Ransomware: a worm over the spread graph (src/attack/ransomware.ts), fast enough for large networks. The logical
  // graph above served to name its entries (the defaults, and errors for unknown ones).
  const r = simulateRansomware(model, {
    entries: q.entries,
    runs: s.runs,
    seed: s.seed,
    horizonHours: s.horizonHours,
    dwellHours: s.dwellHours,
    detection: s.detection.default ?? 0,
    responseHours: s.responseHours,
    onProgress,
  });
  return { ...base, goals: r.campaign.goals.map((x) => x.goal), campaign: r.campaign, spread: r.spread, services: r.services };
}

/**
 * One zero-day on each component in turn (a remote, unauthenticated,
 * full-impact bug by default): which goals it opens and how much it raises
 * the most likely path's probability (of the path found, see kBestPaths).
 * One graph holds a zero-day on every asset, each switched on alone.
 * Deterministic graph queries, no Monte Carlo.
 */
export function sweepZeroDays(model: TwinModel, entries: string[], goals: string[]): ZeroDayRank[] {
  const g = buildAttackGraph(model, { zeroDays: model.assets.map((a) => ({ asset: a.id })) });
  const q = resolveQuery(g, model, { entries, goals });
  const ids = q.goals.flatMap((x) => x.ids);
  const base = entryMask(g, q.entryIds);
  const bugs = model.assets.map((a) => g.find(`vulnerable(${a.id}, ZERO-DAY-${a.id})`));
  for (const b of bugs) if (b !== undefined) base[b] = 1;
  const w = weights(g, 'likely');
  const score = (mask: Uint8Array) => {
    const holds = reachable(g, mask);
    const live = ids.filter((x) => holds[x]);
    const best = bestValues(g, w, mask, 'max', live);
    return { reached: new Set(live.map((x) => g.info[x]!.label)), p: Math.max(0, ...live.map((x) => pathOf(g, best, x).probability)) };
  };
  const before = score(base);
  return model.assets
    .map((a, i) => {
      const mask = base.slice();
      if (bugs[i] !== undefined) mask[bugs[i]!] = 0;
      const after = score(mask);
      return { asset: a.id, domain: a.domain, newGoals: [...after.reached].filter((x) => !before.reached.has(x)), likelihoodGain: after.p - before.p };
    })
    .sort((a, b) => b.newGoals.length - a.newGoals.length || b.likelihoodGain - a.likelihoodGain || a.asset.localeCompare(b.asset));
}
