import { Random } from '../common/random.js';
import type { Asset, TwinModel } from '../model/index.js';
import { exploitFacts } from '../risk/cvss-score.js';
import { exploitStep } from './build-access.js';
import { directedFlows, listensOn, protocolsOf, routedFlows } from './build-network.js';
import { INTERACTIVE, INTERNET_FACING, LOGIN, type StepCost } from './defaults.js';
import { csr } from './graph.js';
import { MinHeap } from './heap.js';
import { stepOf, type AttackOptions } from './options.js';

/**
 * The asset-level graph a self-propagating attacker follows (ransomware, a
 * worm): OR-only, weighted, over assets, network positions in zones and
 * credentials. It drops the AND structure of the logical graph where a
 * worm does not need it: a stolen account is used wherever it is valid and
 * reachable by a login protocol from where it was valid; an exploit needs
 * only a position that reaches the asset. Small enough (linear in assets,
 * zones, accounts and conduit flows) for tens of thousands of Monte Carlo runs.
 */
export class SpreadGraph {
  constructor(
    /** Per node: `asset:<id>`, `zone:<id>`, `account:<id>` or an entry point. */
    readonly names: readonly string[],
    readonly start: Uint32Array,
    readonly target: Uint32Array,
    /** Per edge: chance the step works; mean hours it takes. */
    readonly p: Float64Array,
    readonly hours: Float64Array,
    /** Node index of each model asset, in model order. */
    readonly assets: Uint32Array,
    readonly ids: ReadonlyMap<string, number> = new Map(names.map((name, i) => [name, i])),
  ) {}

  get size(): number {
    return this.names.length;
  }

  get edges(): number {
    return this.target.length;
  }

  index(name: string): number | undefined {
    return this.ids.get(name);
  }
}

/** Builds a SpreadGraph from any list of nodes and (from, to, p, hours) edges. */
export function spreadGraphOf(names: readonly string[], edges: { from: number; to: number; step: StepCost }[], assets: Uint32Array = new Uint32Array(), ids?: ReadonlyMap<string, number>): SpreadGraph {
  // Plain loops: TypedArray.from with a mapping function is several times slower at millions of edges.
  const m = edges.length;
  const from = new Uint32Array(m);
  const edgeIds = new Uint32Array(m);
  for (let e = 0; e < m; e++) {
    from[e] = edges[e]!.from;
    edgeIds[e] = e;
  }
  const [start, order] = csr(names.length, from, edgeIds, m);
  const target = new Uint32Array(m);
  const p = new Float64Array(m);
  const hours = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const e = edges[order[k]!]!;
    target[k] = e.to;
    p[k] = e.step.p;
    hours[k] = e.step.hours;
  }
  return new SpreadGraph(names, start, target, p, hours, assets, ids);
}

/** The spread graph of a model. Entries as in the logical graph: `internet`, `phishing:<asset>`, `domain:<id>`, `asset:<id>`, `insider:<account>`. */
export function buildSpreadGraph(model: TwinModel, options: AttackOptions = {}): SpreadGraph {
  const names: string[] = [];
  const ids = new Map<string, number>();
  const node = (name: string) => {
    let i = ids.get(name);
    if (i === undefined) {
      i = names.length;
      names.push(name);
      ids.set(name, i);
    }
    return i;
  };
  const edges: { from: number; to: number; step: StepCost }[] = [];
  const edge = (from: number, to: number, step: StepCost) => edges.push({ from, to, step });
  const free = { hours: 0, p: 1 };
  const assets = Uint32Array.from(model.assets.map((a) => node(`asset:${a.id}`)));
  const byId = new Map(model.assets.map((a) => [a.id, a]));
  const accounts = new Map(model.accounts.map((a) => [a.id, a]));
  const cloud = new Set(model.zones.filter((z) => z.kind === 'cloud').map((z) => z.id));
  for (const z of model.zones) node(`zone:${z.id}`);
  // Which zones reach each zone's assets on which protocols (the zone itself: everything), through conduit flows
  // and routed flows, exactly as the logical graph's network rules.
  const reachers = new Map<string, Map<string, Set<string> | 'all'>>(model.zones.map((z) => [z.id, new Map([[z.id, 'all' as const]])]));
  const allow = (from: string, to: string, protocol: string) => {
    let byZone = reachers.get(to);
    if (!byZone) reachers.set(to, (byZone = new Map()));
    const known = byZone.get(from);
    if (known === 'all') return;
    if (known) known.add(protocol);
    else byZone.set(from, new Set([protocol]));
  };
  for (const d of directedFlows(model.conduits)) allow(d.from, d.to, d.protocol);
  for (const r of routedFlows(model.conduits)) allow(r.from, r.to, r.protocol);
  /** Zones that reach the asset on a protocol it answers on and `wanted` accepts. */
  const zonesReaching = (a: Asset, wanted: (p: string) => boolean = () => true) =>
    [...(reachers.get(a.zone) ?? [])].filter(([, ps]) => (ps === 'all' ? protocolsOf(a) : [...ps]).some((p) => wanted(p) && listensOn(a, p))).map(([z]) => z);
  for (const a of model.assets) {
    const me = node(`asset:${a.id}`);
    edge(me, node(`zone:${a.zone}`), free);
    // The easiest network exploit giving admin, from every zone that reaches the asset.
    let best: StepCost | undefined;
    for (const v of a.vulnerabilities) {
      if (!v.cvss) continue;
      const fx = exploitFacts(v.cvss);
      if (fx.attackVector !== 'network' || fx.privilegesRequired !== 'none' || fx.userInteraction || fx.gains !== 'admin') continue;
      const s = exploitStep(fx, v.exploited, stepOf(options, v.exploited ? 'exploitKnown' : 'exploitUnknown'));
      if (!best || s.p / s.hours > best.p / best.hours) best = s;
    }
    if (!best) continue;
    for (const z of zonesReaching(a)) edge(node(`zone:${z}`), me, best);
    // Cloud assets' web services face the internet (as in the logical graph's entries).
    if (cloud.has(a.zone) && protocolsOf(a).some((p) => INTERNET_FACING.has(p))) edge(node('internet'), me, best);
  }
  const dump = stepOf(options, 'credentialDump');
  const logon = stepOf(options, 'logon');
  for (const acc of model.accounts) {
    const cred = node(`account:${acc.id}`);
    const valid = acc.validOn.map((h) => byId.get(h)).filter((a): a is NonNullable<typeof a> => a !== undefined);
    for (const a of valid) edge(node(`asset:${a.id}`), cred, acc.kind === 'shared' ? stepOf(options, 'sharedCredential') : dump);
    if (acc.kind === 'default') edge(node('internet'), cred, stepOf(options, 'defaultCredential'));
    if (acc.mfa) continue;
    // A stolen account logs in where it is valid, over a login protocol the host answers on, from a zone where
    // the account is also valid (the worm carries it from one of those hosts).
    const homes = new Set(valid.map((a) => a.zone));
    for (const a of valid) {
      if (zonesReaching(a, (p) => LOGIN.has(p)).some((z) => homes.has(z))) edge(cred, node(`asset:${a.id}`), logon);
    }
  }
  const trustStep = stepOf(options, 'trust');
  for (const t of model.trust) {
    const acc = t.account ? accounts.get(t.account) : undefined;
    if (t.mfa || acc?.mfa || t.kind === 'data-feed') continue;
    const from = t.from.asset ? node(`asset:${t.from.asset}`) : node(`domain:${t.from.domain}`);
    for (const to of t.to) {
      const a = byId.get(to);
      if (a && !(t.protocol && !listensOn(a, t.protocol))) edge(from, node(`asset:${to}`), trustStep);
    }
  }
  // Entries.
  const internet = node('internet');
  for (const z of model.zones) if (z.kind === 'external') edge(internet, node(`zone:${z.id}`), free);
  const phish = stepOf(options, 'phishing');
  for (const a of model.assets) {
    if (INTERACTIVE.has(a.kind)) edge(node(`phishing:${a.id}`), node(`asset:${a.id}`), phish);
    edge(node(`asset-entry:${a.id}`), node(`asset:${a.id}`), free);
  }
  for (const d of model.domains) {
    const dn = node(`domain:${d.id}`);
    for (const a of model.assets) if (a.domain === d.id) edge(dn, node(`asset:${a.id}`), free);
  }
  for (const acc of model.accounts) edge(node(`insider:${acc.id}`), node(`account:${acc.id}`), free);
  return spreadGraphOf(names, edges, assets, ids);
}

/** Node index of an entry written as in the logical graph (`asset:<id>` there is a foothold). */
export function spreadEntry(g: SpreadGraph, entry: string): number | undefined {
  return g.index(entry.startsWith('asset:') ? `asset-entry:${entry.slice(6)}` : entry);
}

/**
 * One Monte Carlo run of the spread: Dijkstra from the entries where each
 * edge, when first relaxed, works with its chance after an exponential time
 * with its mean. Writes each node's time (hours; Infinity if never) into
 * `time`. Each edge is relaxed at most once per run, so the draws are one
 * per edge and the run is exact for independent steps.
 */
export function spreadRun(g: SpreadGraph, entries: readonly number[], rng: Random, time: Float64Array, heap: MinHeap, settled: Uint8Array): void {
  time.fill(Infinity);
  settled.fill(0);
  heap.clear();
  for (const e of entries) {
    time[e] = 0;
    heap.push(e, 0);
  }
  const { start, target, p, hours } = g;
  while (heap.size) {
    const i = heap.pop();
    if (settled[i]) continue;
    settled[i] = 1;
    const t = time[i]!;
    for (let e = start[i]!; e < start[i + 1]!; e++) {
      const j = target[e]!;
      if (settled[j]) continue;
      const pe = p[e]!;
      if (pe < 1 && rng.next() >= pe) continue;
      const h = hours[e]!;
      const arrive = t + (h > 0 ? -Math.log(1 - rng.next()) * h : 0);
      if (arrive < time[j]!) {
        time[j] = arrive;
        heap.push(j, arrive);
      }
    }
  }
}

/**
 * Shortest path by weight (e.g. -ln p for the most likely path) from `from`
 * to `to`: bidirectional Dijkstra (forward from `from` on the edges,
 * backward from `to` on the reversed edges, alternating on the smaller
 * frontier key), stopping once the two frontiers' keys add up to at least
 * the best meeting found. Requires non-negative weights.
 */
export function shortestPath(g: SpreadGraph, weight: Float64Array, from: number, to: number): { cost: number; path: number[] } {
  const n = g.size;
  const rev = reversed(g);
  const dist = [new Float64Array(n).fill(Infinity), new Float64Array(n).fill(Infinity)] as const;
  const prev = [new Int32Array(n).fill(-1), new Int32Array(n).fill(-1)] as const;
  const done = [new Uint8Array(n), new Uint8Array(n)] as const;
  const heaps = [new MinHeap(1 << 12), new MinHeap(1 << 12)] as const;
  dist[0][from] = 0;
  dist[1][to] = 0;
  heaps[0].push(from, 0);
  heaps[1].push(to, 0);
  let best = from === to ? 0 : Infinity;
  let meet = from === to ? from : -1;
  while (heaps[0].size && heaps[1].size) {
    if (heaps[0].peekKey() + heaps[1].peekKey() >= best) break;
    const side = heaps[0].peekKey() <= heaps[1].peekKey() ? 0 : 1;
    const i = heaps[side].pop();
    if (done[side][i]) continue;
    done[side][i] = 1;
    const d = dist[side][i]!;
    const forward = side === 0;
    const [start, target] = forward ? [g.start, g.target] : [rev.start, rev.source];
    for (let e = start[i]!; e < start[i + 1]!; e++) {
      const j = target[e]!;
      const nd = d + weight[forward ? e : rev.edge[e]!]!;
      if (nd < dist[side][j]!) {
        dist[side][j] = nd;
        prev[side][j] = i;
        heaps[side].push(j, nd);
      }
      const through = nd + dist[1 - side]![j]!;
      if (through < best) {
        best = through;
        meet = j;
      }
    }
  }
  if (meet < 0 || !Number.isFinite(best)) return { cost: Infinity, path: [] };
  const path: number[] = [];
  for (let i = meet; i >= 0; i = prev[0][i]!) path.push(i);
  path.reverse();
  for (let i = prev[1][meet]!; i >= 0; i = prev[1][i]!) path.push(i);
  return { cost: best, path };
}

interface Reversed {
  start: Uint32Array;
  source: Uint32Array;
  /** The forward edge of each reversed edge, to read its weight. */
  edge: Uint32Array;
}

const REVERSED = new WeakMap<SpreadGraph, Reversed>();

/** The reversed edges of a graph (built once per graph), for backward searches. */
function reversed(g: SpreadGraph): Reversed {
  const known = REVERSED.get(g);
  if (known) return known;
  const m = g.edges;
  // The source of each forward edge, then the edges grouped by target.
  const from = new Uint32Array(m);
  for (let i = 0; i < g.size; i++) from.fill(i, g.start[i]!, g.start[i + 1]!);
  const ids = new Uint32Array(m);
  for (let e = 0; e < m; e++) ids[e] = e;
  const [start, edge] = csr(g.size, g.target, ids, m);
  const source = new Uint32Array(m);
  for (let k = 0; k < m; k++) source[k] = from[edge[k]!]!;
  const r: Reversed = { start, source, edge };
  REVERSED.set(g, r);
  return r;
}
