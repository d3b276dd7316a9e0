import { buildAttackGraph, type ObservedFlow } from '../attack/index.js';
import { systemClock, type Clock } from '../common/clock.js';
import { silentLogger, type Logger } from '../common/logger.js';
import { assessRisk, flowKey, flowRoute, RiskHistory, widensReachability, type RiskChange, type RiskOptions } from '../risk/index.js';
import type { StoredEvent, TwinNode } from '../twin/index.js';

const DEFAULT_RUNS = 2000;
const MIN_RUNS = 50;

export interface RiskMonitorOptions {
  /** Wait this long after the first change before recomputing, so a burst of changes costs one assessment (default 2000 ms). */
  delayMs?: number;
  /** Options of the background assessments (default: assessRisk's defaults). */
  assess?: Pick<RiskOptions, 'runs' | 'seed' | 'horizonHours'>;
  /**
   * Most graph nodes × runs one background assessment may cost (default 4e6, about 0.4 s here): on a large
   * model the runs are cut to fit, down to 50, so the node's event loop never stalls for long. The report
   * says how many runs it used.
   */
  budget?: number;
  /** Times of the changes (default the system clock; the API passes the node's). */
  clock?: Clock;
  /** Where each assessment and failure is logged (default silent; the API passes its own logger). */
  logger?: Pick<Logger, 'info' | 'warn'>;
}

/**
 * Keeps the node's risk per owner current as the live twin changes: once
 * for the model the node started with, then whenever the network shows
 * flows outside the conduits that widen what an attacker reaches, it
 * recomputes the RiskReport in the background and records a posture
 * snapshot in its RiskHistory. The model in force is fixed for the node's
 * life (TwinNode.twin and Twin.model are readonly; a new model is a
 * restart, hence a new monitor and a new `model-loaded`).
 *
 * Observed flows are kept once per from, to and protocol (flowRoute): the
 * attack graph finds paths by protocol, so a port scan adds one flow, not
 * one per port, and the list is bounded by the asset pairs and protocols.
 *
 * Never on the request path: changes are coalesced for `delayMs`, then one
 * assessment runs on a timer: synchronous CPU work (0.1-0.3 s at 2000 runs
 * on the examples), its runs cut to `budget` on large models. History is in
 * memory; analysis does not write back into the event log, which records
 * what the field and operators did (docs/risk.md).
 */
export class RiskMonitor {
  readonly history = new RiskHistory();
  readonly #node: TwinNode;
  readonly #delay: number;
  readonly #assess: RiskMonitorOptions['assess'];
  readonly #budget: number;
  readonly #clock: Clock;
  readonly #log: Pick<Logger, 'info' | 'warn'>;
  #change: { reason: RiskChange; detail: string; time: Date } | undefined;
  /** The first flow seen of each from, to and protocol (flowRoute), in order. */
  readonly #flows: ObservedFlow[] = [];
  readonly #seen = new Set<string>();
  #newFlows: { flows: ObservedFlow[]; time: Date } | undefined;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #waiters: (() => void)[] = [];

  constructor(node: TwinNode, options: RiskMonitorOptions = {}) {
    this.#node = node;
    this.#delay = options.delayMs ?? 2000;
    this.#assess = options.assess;
    this.#budget = options.budget ?? 4e6;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.logger ?? silentLogger;
  }

  /** Subscribes to the node and schedules the first assessment ('model-loaded'). */
  start(): void {
    if (this.#unsubscribe) return;
    this.#unsubscribe = this.#node.subscribe((events) => this.#onEvents(events));
    const m = this.#node.twin.model;
    this.#change = { reason: 'model-loaded', detail: `model ${m.model.name} (${m.hash.slice(0, 12)})`, time: this.#clock.now() };
    this.#schedule();
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#waiters.splice(0).forEach((w) => w());
  }

  /** Flows seen outside the conduits so far, as the attack graph takes them: the first of each from, to and protocol. */
  get observedFlows(): readonly ObservedFlow[] {
    return this.#flows;
  }

  /** True while a change waits for its assessment. */
  get pending(): boolean {
    return this.#timer !== undefined;
  }

  /** Resolves once no change waits for an assessment (or the monitor stops). */
  settled(): Promise<void> {
    return this.pending ? new Promise((resolve) => this.#waiters.push(resolve)) : Promise.resolve();
  }

  #onEvents(events: readonly StoredEvent[]): void {
    for (const e of events) {
      if (e.type !== 'observation.flow' || e.data.allowed) continue;
      const { srcAsset, dstAsset } = e.data;
      if (!srcAsset || !dstAsset || srcAsset === dstAsset) continue;
      // A flow without a known protocol may carry anything: the graph's `other` reaches every service of the asset.
      const flow: ObservedFlow = { from: srcAsset, to: dstAsset, protocol: e.data.protocol ?? 'other', ...(e.data.dstPort !== null ? { port: e.data.dstPort } : {}) };
      // Another port of a connection seen before gives the attacker nothing new (paths are by protocol).
      const key = flowRoute(flow);
      if (this.#seen.has(key)) continue;
      this.#seen.add(key);
      this.#newFlows ??= { flows: [], time: new Date(e.time) };
      this.#newFlows.flows.push(flow);
    }
    if (this.#newFlows) this.#schedule();
  }

  #schedule(): void {
    if (this.#timer || !this.#unsubscribe) return;
    this.#timer = setTimeout(() => {
      try {
        this.#run();
      } catch (err) {
        this.#log.warn({ err }, 'background risk assessment failed');
      } finally {
        this.#timer = undefined;
        // Changes that arrived while it ran get their own assessment.
        if (this.#change || this.#newFlows) this.#schedule();
        else this.#waiters.splice(0).forEach((w) => w());
      }
    }, this.#delay);
    // A pending assessment never keeps the process alive (a node shutting down does not wait for it).
    this.#timer.unref();
  }

  #run(): void {
    const loaded = this.#node.twin.model;
    const change = this.#change;
    const fresh = this.#newFlows;
    this.#change = undefined;
    this.#newFlows = undefined;
    let what = change;
    if (fresh) {
      const widens = !change && widensReachability(loaded.model, this.#flows, fresh.flows);
      this.#flows.push(...fresh.flows);
      if (widens) {
        const list = fresh.flows.slice(0, 3).map(flowKey).join(', ');
        what = { reason: 'flows-observed', detail: `${fresh.flows.length} flow${fresh.flows.length === 1 ? '' : 's'} outside the conduits: ${list}${fresh.flows.length > 3 ? ', ...' : ''}`, time: fresh.time };
      }
    }
    if (!what) return;
    const t0 = performance.now();
    // Built once: its size sets the runs, and the assessment runs on it.
    const graph = buildAttackGraph(loaded.model, { observedFlows: this.#flows });
    const runs = Math.max(MIN_RUNS, Math.min(this.#assess?.runs ?? DEFAULT_RUNS, Math.floor(this.#budget / Math.max(1, graph.size))));
    const report = assessRisk(loaded.model, { ...this.#assess, runs, observedFlows: this.#flows, graph });
    this.history.record(report, what.reason, what.time, what.detail);
    this.#log.info({ reason: what.reason, ms: Math.round(performance.now() - t0), loss: report.totalExpectedLoss }, 'risk reassessed');
  }
}
