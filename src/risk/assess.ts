import { AttackError, buildAttackGraph, defaultEntries, entryMask, resolveEntry, serviceOutages, simulateCampaign, type AttackGraph, type ObservedFlow } from '../attack/index.js';
import type { TwinModel } from '../model/index.js';
import { RiskError } from './errors.js';
import { assetLoss, lossModel, maximumLoss, serviceLoss, type CriticalityName, type LossModel } from './loss-model.js';
import { describeMethod, topRisks } from './report-text.js';

export interface RiskOptions {
  /** Outages and compromises count within this many hours (default 720: 30 days). */
  horizonHours?: number;
  /** Monte Carlo runs (default 2000). */
  runs?: number;
  /** Seed of the runs (default 1): the same model, options and seed give the same report. */
  seed?: number;
  /** Entry points (see attack/goals.ts); default: the internet and phishing of office and clinical users, in every domain. */
  entries?: string[];
  /** Live flows outside the conduits: they widen reachability. */
  observedFlows?: readonly ObservedFlow[];
  /** The model's attack graph with these observedFlows, when the caller built it already (buildAttackGraph); built here otherwise. */
  graph?: AttackGraph;
  /** Overrides of the loss weights (loss-model.ts DEFAULT_LOSS). */
  loss?: Partial<LossModel>;
  onProgress?: (done: number, total: number) => void;
}

export interface AssetRisk {
  asset: string;
  domain: string;
  kind: string;
  criticality: CriticalityName;
  /** Chance the attacker runs code on it within the horizon. */
  probability: number;
  /** Median hours to that compromise, over the runs where it happened. */
  p50Hours?: number;
  expectedLoss: number;
}

export interface ServiceRisk {
  service: string;
  /** The owner: the loss counts in this domain, whatever caused it. */
  domain: string;
  criticality: CriticalityName;
  /** Chance of an outage within the horizon: its own hosts taken with admin rights or crashed, or a required dependency down, transitively, across owners. */
  probability: number;
  /** Share (0..1) of that probability from runs where its own hosts stood and only a dependency failed it. */
  throughDependency: number;
  /** Median hours to the outage, over the runs where it happened. */
  p50Hours?: number;
  expectedLoss: number;
}

export interface DomainRisk {
  domain: string;
  expectedLoss: number;
  /** Loss with every service of the domain down and every asset taken. */
  maximumLoss: number;
  /** 100 × (1 − expectedLoss / maximumLoss): 100 is nothing at risk, 0 everything lost for sure. */
  posture: number;
  /** The domain's largest contributors to expected loss, worded for people. */
  topRisks: string[];
}

export interface RiskReport {
  model: string;
  horizonHours: number;
  runs: number;
  seed: number;
  entries: string[];
  assets: AssetRisk[];
  services: ServiceRisk[];
  domains: DomainRisk[];
  totalExpectedLoss: number;
  loss: LossModel;
  /** How the numbers are computed, in one paragraph. */
  method: string;
}

const DEFAULTS = { horizonHours: 720, runs: 2000, seed: 1 };

/**
 * Risk per owner: a seeded Monte Carlo campaign over the model's attack
 * graph from the entries, then per run which assets fell and which services
 * went down (their hosts, or a required dependency of any owner), weighed by
 * the loss model and summed per owning domain. Pure: reads the model only.
 * Throws RiskError naming the field for bad options or unknown entries.
 */
export function assessRisk(model: TwinModel, options: RiskOptions = {}): RiskReport {
  const horizonHours = options.horizonHours ?? DEFAULTS.horizonHours;
  const runs = options.runs ?? DEFAULTS.runs;
  const seed = options.seed ?? DEFAULTS.seed;
  if (!(Number.isFinite(horizonHours) && horizonHours > 0)) throw new RiskError('invalid-options', 'horizonHours', `expected hours > 0, got ${horizonHours}`);
  if (!(Number.isInteger(runs) && runs >= 1 && runs <= 1_000_000)) throw new RiskError('invalid-options', 'runs', `expected a whole number of runs in 1..1000000, got ${runs}`);
  if (!Number.isInteger(seed)) throw new RiskError('invalid-options', 'seed', `expected a whole number, got ${seed}`);
  const loss = lossModel(options.loss);

  const g = options.graph ?? buildAttackGraph(model, { observedFlows: options.observedFlows ?? [] });
  const entries = options.entries?.length ? options.entries : riskEntries(g, model);
  const entryIds = entries.map((e, i) => {
    try {
      return resolveEntry(g, e, `entries[${i}]`);
    } catch (err) {
      if (err instanceof AttackError) throw new RiskError('invalid-options', `entries[${i}]`, err.message.slice(`entries[${i}] `.length), { cause: err });
      throw err;
    }
  });

  // A host is down once the attacker holds admin on it (and can stop or encrypt it) or a bug crashed it.
  const hostFacts = new Map(model.assets.map((a) => [a.id, [g.find(`execCode(${a.id}, admin)`), g.find(`down(${a.id})`)].filter((x): x is number => x !== undefined)]));
  const outages = serviceOutages(model.services);
  const downTimes = model.services.map(() => [] as number[]);
  const viaDependency = model.services.map(() => 0);
  const campaign = simulateCampaign(g, entryMask(g, entryIds), [], {
    runs,
    seed,
    horizonHours,
    onProgress: options.onProgress,
    onRun: (time, stop) => {
      const limit = Math.min(stop, horizonHours);
      const { own, down } = outages((h) => {
        const t = Math.min(Infinity, ...(hostFacts.get(h) ?? []).map((x) => time[x]!));
        return t <= limit ? t : Infinity;
      });
      down.forEach((t, i) => {
        if (!Number.isFinite(t)) return;
        downTimes[i]!.push(t);
        if (!Number.isFinite(own[i]!)) viaDependency[i]!++;
      });
    },
  });

  const compromised = new Map(campaign.assets.map((a) => [a.asset, a.compromised]));
  const assets: AssetRisk[] = model.assets
    .map((a) => {
      const c = compromised.get(a.id);
      const probability = c?.probability ?? 0;
      return { asset: a.id, domain: a.domain, kind: a.kind, criticality: a.criticality, probability, p50Hours: c?.p50, expectedLoss: probability * assetLoss(loss, a) };
    })
    .sort((a, b) => b.expectedLoss - a.expectedLoss || b.probability - a.probability || a.asset.localeCompare(b.asset));
  const services: ServiceRisk[] = model.services
    .map((s, i) => {
      const ts = downTimes[i]!.sort((a, b) => a - b);
      const probability = ts.length / runs;
      return {
        service: s.id,
        domain: s.domain,
        criticality: s.criticality,
        probability,
        throughDependency: ts.length ? viaDependency[i]! / ts.length : 0,
        p50Hours: ts.length ? ts[Math.floor(ts.length / 2)] : undefined,
        expectedLoss: probability * serviceLoss(loss, s),
      };
    })
    .sort((a, b) => b.expectedLoss - a.expectedLoss || b.probability - a.probability || a.service.localeCompare(b.service));

  const max = maximumLoss(loss, model);
  const domains: DomainRisk[] = [...max].map(([domain, maximum]) => {
    const mine = { services: services.filter((s) => s.domain === domain), assets: assets.filter((a) => a.domain === domain) };
    const expectedLoss = sum(mine.services.map((s) => s.expectedLoss)) + sum(mine.assets.map((a) => a.expectedLoss));
    const posture = maximum > 0 ? clamp(100 * (1 - expectedLoss / maximum)) : 100;
    return { domain, expectedLoss, maximumLoss: maximum, posture, topRisks: topRisks(mine.services, mine.assets) };
  });
  domains.sort((a, b) => a.posture - b.posture || a.domain.localeCompare(b.domain));
  const totalExpectedLoss = sum(domains.map((d) => d.expectedLoss));
  return { model: model.name, horizonHours, runs, seed, entries, assets, services, domains, totalExpectedLoss, loss, method: describeMethod({ horizonHours, runs, seed, entries, loss }) };
}

/**
 * Entry points assumed for risk: the internet and phishing, in every
 * domain. Unlike attack paths, other owners are not assumed hostile: their
 * own compromise is computed, and trust relations, conduits and service
 * dependencies carry it across.
 */
export function riskEntries(g: AttackGraph, model: TwinModel): string[] {
  return defaultEntries(g, model).filter((e) => !e.startsWith('domain:'));
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
const clamp = (x: number) => Math.min(100, Math.max(0, x));
