import { buildAttackGraph, entryMask, Kind, resolveEntry, reachable, type ObservedFlow } from '../attack/index.js';
import type { TwinModel } from '../model/index.js';
import { riskEntries, type RiskReport } from './assess.js';

/** Why the posture was recomputed. */
export type RiskChange = 'model-loaded' | 'model-changed' | 'flows-observed' | 'vulnerability-added';

export interface PostureSnapshot {
  /** ISO time the change was seen (not when the computation ended). */
  time: string;
  reason: RiskChange;
  /** What changed, for people: the CVEs added, the flows seen. */
  detail: string;
  totalExpectedLoss: number;
  domains: { domain: string; posture: number; expectedLoss: number }[];
}

/**
 * The posture of each owner over time, one snapshot per change that may
 * move it, with the latest full report. Bounded: the oldest snapshots are
 * dropped past `limit`. In memory only (see docs/risk.md for why it is not
 * written to the event log).
 */
export class RiskHistory {
  readonly #snapshots: PostureSnapshot[] = [];
  #latest: RiskReport | undefined;

  constructor(readonly limit = 1000) {}

  /** Adds the snapshot of a report computed after a change; returns it. */
  record(report: RiskReport, reason: RiskChange, time: Date | string, detail = ''): PostureSnapshot {
    const snapshot: PostureSnapshot = {
      time: typeof time === 'string' ? time : time.toISOString(),
      reason,
      detail,
      totalExpectedLoss: report.totalExpectedLoss,
      domains: report.domains.map((d) => ({ domain: d.domain, posture: d.posture, expectedLoss: d.expectedLoss })),
    };
    this.#snapshots.push(snapshot);
    if (this.#snapshots.length > this.limit) this.#snapshots.splice(0, this.#snapshots.length - this.limit);
    this.#latest = report;
    return snapshot;
  }

  get snapshots(): readonly PostureSnapshot[] {
    return this.#snapshots;
  }

  get latest(): RiskReport | undefined {
    return this.#latest;
  }
}

/** How a new model differs for risk: new vulnerabilities (asset and CVE) are named; anything else is a model change. */
export function classifyModelChange(before: TwinModel, after: TwinModel): { reason: RiskChange; detail: string } {
  const known = new Set(before.assets.flatMap((a) => a.vulnerabilities.map((v) => `${a.id} ${v.cve}`)));
  const added = after.assets.flatMap((a) => a.vulnerabilities.filter((v) => !known.has(`${a.id} ${v.cve}`)).map((v) => `${v.cve} on ${a.id}`));
  if (added.length) return { reason: 'vulnerability-added', detail: `${added.length} vulnerabilit${added.length === 1 ? 'y' : 'ies'} added: ${added.slice(0, 5).join(', ')}${added.length > 5 ? ', ...' : ''}` };
  return { reason: 'model-changed', detail: `model ${after.name} changed` };
}

/** A stable key of an observed flow, to tell new flows from ones already counted. */
export const flowKey = (f: ObservedFlow) => `${f.from} -> ${f.to} ${f.protocol}${f.port !== undefined ? `/${f.port}` : ''}`;

/**
 * Whether adding `added` to the observed flows gives the attacker, from the
 * risk entries (or `entries`), a connection the conduits and the flows seen
 * before do not: some new flow starts from an asset the attacker can stand
 * on. Such a flow may reach new assets, or reach known ones by a shorter or
 * likelier way, so the posture may move. A flow from an asset the attacker
 * never reaches changes nothing and needs no recomputation.
 */
export function widensReachability(model: TwinModel, known: readonly ObservedFlow[], added: readonly ObservedFlow[], entries?: readonly string[]): boolean {
  const count = (flows: readonly ObservedFlow[]) => {
    const g = buildAttackGraph(model, { observedFlows: flows });
    const names = entries?.length ? entries : riskEntries(g, model);
    const holds = reachable(g, entryMask(g, names.map((e) => resolveEntry(g, e))));
    // Rules that fire: each usable new flow adds one (its connection), and rules only ever gain preconditions.
    let n = 0;
    for (let i = 0; i < g.size; i++) if (holds[i] && g.kinds[i] === Kind.Rule) n++;
    return n;
  };
  const seen = new Set(known.map(flowKey));
  const fresh: ObservedFlow[] = [];
  for (const f of added) {
    const key = flowKey(f);
    if (seen.has(key)) continue;
    seen.add(key);
    fresh.push(f);
  }
  return fresh.length > 0 && count([...known, ...fresh]) > count(known);
}
