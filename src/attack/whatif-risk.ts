import type { TwinModel } from '../model/index.js';
// Direct, not through risk/index.ts: risk builds on this folder, and only the assessment is needed here.
import { assessRisk, type RiskReport } from '../risk/assess.js';
import type { ObservedFlow } from './options.js';
import type { OwnerDiff } from './whatif-diff.js';

/** A service whose outage probability the changes move, with the loss its owner carries. */
export interface ServiceRiskDiff {
  service: string;
  domain: string;
  probability: { before: number; after: number };
  expectedLoss: { before: number; after: number };
  /** Share of the outage probability after the changes that comes only through a dependency of another service. */
  throughDependency: number;
}

export interface RiskDiff {
  runs: number;
  seed: number;
  horizonHours: number;
  entries: string[];
  totalExpectedLoss: { before: number; after: number };
  /** Services whose outage probability changed, the largest change of expected loss first (at most 20). */
  services: ServiceRiskDiff[];
  method: string;
}

export interface RiskRequest {
  runs?: number;
  seed: number;
  horizonHours?: number;
  /** Entry points (default: the assessment's own: internet and phishing in every domain), before and after (the changed model may lack one). */
  entriesBefore?: string[];
  entriesAfter?: string[];
  observedBefore: readonly ObservedFlow[];
  observedAfter: readonly ObservedFlow[];
}

/**
 * Risk per owner before and after (src/risk assessRisk: a seeded Monte Carlo
 * campaign weighed by the loss model). Both sides run with the same seed, so
 * the difference is the changes', not the dice's (common random numbers).
 * Fills `owners[].risk` and returns the service-level difference.
 */
export function diffRisk(before: TwinModel, after: TwinModel, owners: OwnerDiff[], r: RiskRequest, onProgress: (done: number, total: number, side: 'before' | 'after') => void): RiskDiff {
  const common = { runs: r.runs, seed: r.seed, horizonHours: r.horizonHours };
  const b = assessRisk(before, { ...common, entries: r.entriesBefore, observedFlows: r.observedBefore, onProgress: (d, t) => onProgress(d, t, 'before') });
  const a = assessRisk(after, { ...common, entries: r.entriesAfter, observedFlows: r.observedAfter, onProgress: (d, t) => onProgress(d, t, 'after') });
  const dom = (rep: RiskReport, id: string) => rep.domains.find((d) => d.domain === id);
  for (const o of owners) {
    const x = dom(b, o.domain);
    const y = dom(a, o.domain);
    if (x || y) o.risk = { expectedLoss: { before: x?.expectedLoss ?? 0, after: y?.expectedLoss ?? 0 }, posture: { before: x?.posture ?? 100, after: y?.posture ?? 100 } };
  }
  const afterBy = new Map(a.services.map((s) => [s.service, s]));
  const services = b.services
    .map((s) => {
      const t = afterBy.get(s.service);
      return {
        service: s.service,
        domain: s.domain,
        probability: { before: s.probability, after: t?.probability ?? 0 },
        expectedLoss: { before: s.expectedLoss, after: t?.expectedLoss ?? 0 },
        throughDependency: t?.throughDependency ?? 0,
      };
    })
    .filter((s) => s.probability.before !== s.probability.after)
    .sort((x, y) => Math.abs(y.expectedLoss.after - y.expectedLoss.before) - Math.abs(x.expectedLoss.after - x.expectedLoss.before) || x.service.localeCompare(y.service))
    .slice(0, 20);
  return {
    runs: b.runs,
    seed: b.seed,
    horizonHours: b.horizonHours,
    entries: b.entries,
    totalExpectedLoss: { before: b.totalExpectedLoss, after: a.totalExpectedLoss },
    services,
    method: b.method,
  };
}
