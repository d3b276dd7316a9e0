import { buildAttackGraph, entryMask, Kind, resolveEntry, reachable, type ObservedFlow } from '../attack/index.js';
import type { TwinModel } from '../model/index.js';
import { riskEntries, type RiskReport } from './assess.js';

/**
 * Why the posture was recomputed: the node started with its model, or flows
 * outside the conduits widened what an attacker reaches. The model in force
 * changes only on a restart (a new `model-loaded`), so there is no reason for
 * a model change.
 */
export const RISK_CHANGES = ['model-loaded', 'flows-observed'] as const;
export type RiskChange = (typeof RISK_CHANGES)[number];

export interface PostureSnapshot {
  /** ISO time the change was seen (not when the computation ended). */
  time: string;
  reason: RiskChange;
  /** What changed, for people: the model loaded, the flows seen. */
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

/** An observed flow for people, with its port when known: `web -> ws rdp/3389`. */
export const flowKey = (f: ObservedFlow) => `${flowRoute(f)}${f.port !== undefined ? `/${f.port}` : ''}`;

/**
 * What an observed flow gives an attacker: from, to and protocol. The attack
 * graph finds paths by protocol (an observed flow reaches the services of
 * `to` on `protocol`, whatever the port), so flows that differ only by port
 * are one connection: the second adds nothing and is not counted again. A
 * port scan is one flow per protocol, not one per port.
 */
export const flowRoute = (f: ObservedFlow) => `${f.from} -> ${f.to} ${f.protocol}`;

/**
 * Whether adding `added` to the observed flows gives the attacker, from the
 * risk entries (or `entries`), a connection the conduits and the flows seen
 * before do not: some new flow starts from an asset the attacker can stand
 * on. Such a flow may reach new assets, or reach known ones by a shorter or
 * likelier way, so the posture may move. A flow from an asset the attacker
 * never reaches changes nothing and needs no recomputation. Flows are told
 * apart by from, to and protocol (flowRoute): the same connection on another
 * port is not new.
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
  const seen = new Set(known.map(flowRoute));
  const fresh: ObservedFlow[] = [];
  for (const f of added) {
    const key = flowRoute(f);
    if (seen.has(key)) continue;
    seen.add(key);
    fresh.push(f);
  }
  return fresh.length > 0 && count([...known, ...fresh]) > count(known);
}
