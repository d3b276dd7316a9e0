/**
 * A logical attack graph in the manner of MulVAL (Ou et al., 2005/2006): fact
 * nodes hold when ANY rule concluding them fires (OR); rule nodes fire when
 * ALL their preconditions hold (AND); primitive nodes are facts read from the
 * model (a vulnerability, an allowed conduit flow, a trust relation, an
 * account without MFA) and entry nodes are where the attacker starts.
 *
 * Stored in compact arrays (CSR) so graphs of millions of edges fit and
 * queries run in typed-array loops: `preds(i)` are i's preconditions (for a
 * fact: the rules concluding it; for a rule: what it needs), `succs(i)` the
 * reverse.
 */

export const Kind = {
  /** A derived fact: holds when any of its rules fires. */
  Fact: 0,
  /** A rule application: fires when all its preconditions hold. */
  Rule: 1,
  /** A fact from the model; removing it is a hardening change. */
  Primitive: 2,
  /** An attacker's starting position. */
  Entry: 3,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** What a node says, for people and for the asset-level view. */
export interface NodeInfo {
  /** Predicate form, e.g. `execCode(ews, admin)`, `exploit(plc-intake, CVE-2022-1161)`. */
  label: string;
  /** The asset (or zone, service, unit) the node is about. */
  subject?: string;
  /** `asset`, `zone`, `unit`, `service`, `account`, `conduit`, `trust`, `entry`. */
  subjectKind?: string;
  /** Owner domain of the subject. */
  domain?: string;
  /** ATT&CK for ICS technique of a rule, where one fits. */
  technique?: string;
  /** For a primitive: the change that removes it (`patch`, `close-flow`, `remove-trust`, `add-mfa`, `change-default-credentials`). */
  change?: { kind: string; target: string; cost: number };
}

export class AttackGraph {
  readonly kinds: Uint8Array;
  readonly info: readonly NodeInfo[];
  /** Per rule: attacker effort, hours (mean time for the step). 0 for facts. */
  readonly cost: Float64Array;
  /** Per rule: probability the step succeeds when tried. 1 for facts. */
  readonly prob: Float64Array;
  readonly predStart: Uint32Array;
  readonly pred: Uint32Array;
  readonly succStart: Uint32Array;
  readonly succ: Uint32Array;
  readonly #byLabel: Map<string, number>;

  /** `byLabel`: node ids by label (facts, primitives, entries; rules only where deduplicated). */
  constructor(kinds: Uint8Array, info: readonly NodeInfo[], cost: Float64Array, prob: Float64Array, from: Uint32Array, to: Uint32Array, edges: number, byLabel?: Map<string, number>) {
    const n = kinds.length;
    this.kinds = kinds;
    this.info = info;
    this.cost = cost;
    this.prob = prob;
    [this.predStart, this.pred] = csr(n, to, from, edges);
    [this.succStart, this.succ] = csr(n, from, to, edges);
    this.#byLabel = byLabel ?? new Map(info.map((x, i) => [x.label, i]));
  }

  get size(): number {
    return this.kinds.length;
  }

  get edges(): number {
    return this.pred.length;
  }

  /** The node with this label, or undefined. */
  find(label: string): number | undefined {
    return this.#byLabel.get(label);
  }

  preds(i: number): Uint32Array {
    return this.pred.subarray(this.predStart[i]!, this.predStart[i + 1]!);
  }

  succs(i: number): Uint32Array {
    return this.succ.subarray(this.succStart[i]!, this.succStart[i + 1]!);
  }
}

/** Compressed rows of the first `m` `key -> value` pairs (counting sort by key, stable): row i is out[start[i]..start[i+1]). */
export function csr(n: number, key: Uint32Array, value: Uint32Array, m: number): [Uint32Array, Uint32Array] {
  const start = new Uint32Array(n + 1);
  for (let e = 0; e < m; e++) start[key[e]! + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const at = start.slice(0, n);
  const out = new Uint32Array(m);
  for (let e = 0; e < m; e++) out[at[key[e]!]!++] = value[e]!;
  return [start, out];
}

/** Builds an AttackGraph: nodes are deduplicated by label; edges go precondition -> rule -> conclusion. */
export class GraphBuilder {
  #kinds: number[] = [];
  #info: NodeInfo[] = [];
  #cost: number[] = [];
  #prob: number[] = [];
  #from = new Uint32Array(1024);
  #to = new Uint32Array(1024);
  #edges = 0;
  readonly #ids = new Map<string, number>();

  get size(): number {
    return this.#kinds.length;
  }

  /** The node with this label, created if new (kind and info of the first call win). */
  node(kind: Kind, info: NodeInfo, cost = 0, prob = 1): number {
    const known = this.#ids.get(info.label);
    if (known !== undefined) return known;
    const id = this.#add(kind, info, cost, prob);
    this.#ids.set(info.label, id);
    return id;
  }

  #add(kind: Kind, info: NodeInfo, cost: number, prob: number): number {
    const id = this.#kinds.length;
    this.#kinds.push(kind);
    this.#info.push(info);
    this.#cost.push(cost);
    this.#prob.push(prob);
    return id;
  }

  has(label: string): number | undefined {
    return this.#ids.get(label);
  }

  edge(from: number, to: number): void {
    if (this.#edges === this.#from.length) {
      const f = new Uint32Array(this.#from.length * 2);
      f.set(this.#from);
      this.#from = f;
      const t = new Uint32Array(this.#to.length * 2);
      t.set(this.#to);
      this.#to = t;
    }
    this.#from[this.#edges] = from;
    this.#to[this.#edges] = to;
    this.#edges++;
  }

  /**
   * A rule: `pre` all needed, concluding `fact`. Callers generate each rule
   * once; `dedupe` is for the few that may come twice (they are then looked
   * up by label, which costs a map entry per rule at millions of rules).
   */
  rule(info: NodeInfo, cost: number, prob: number, pre: readonly number[], fact: number, dedupe = false): number {
    if (dedupe) {
      const known = this.#ids.get(info.label);
      if (known !== undefined) return known;
    }
    const r = this.#add(Kind.Rule, info, cost, prob);
    if (dedupe) this.#ids.set(info.label, r);
    for (const p of pre) this.edge(p, r);
    this.edge(r, fact);
    return r;
  }

  build(): AttackGraph {
    return new AttackGraph(Uint8Array.from(this.#kinds), this.#info, Float64Array.from(this.#cost), Float64Array.from(this.#prob), this.#from, this.#to, this.#edges, this.#ids);
  }
}
