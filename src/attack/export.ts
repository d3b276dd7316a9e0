import { type AttackGraph, Kind } from './graph.js';

const KIND_NAME = ['fact', 'rule', 'primitive', 'entry'] as const;

/** The logical graph as JSON: nodes with kind, label, subject, technique, cost and probability; edges precondition -> rule -> fact. */
export function graphJson(g: AttackGraph, holds?: Uint8Array): { nodes: object[]; edges: [number, number][] } {
  const nodes = g.info.map((x, i) => ({
    id: i,
    kind: KIND_NAME[g.kinds[i]!],
    label: x.label,
    subject: x.subject,
    subjectKind: x.subjectKind,
    domain: x.domain,
    technique: x.technique,
    change: x.change,
    ...(g.kinds[i] === Kind.Rule ? { hours: g.cost[i], probability: g.prob[i] } : {}),
    ...(holds ? { holds: holds[i] === 1 } : {}),
  }));
  const edges: [number, number][] = [];
  for (let i = 0; i < g.size; i++) for (const p of g.preds(i)) edges.push([p, i]);
  return { nodes, edges };
}

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/**
 * Graphviz DOT of the logical graph in MulVAL's drawing convention: facts
 * as diamonds (OR), rules as ellipses (AND), primitives as boxes, entries as
 * double octagons. With `holds`, only what the attacker reaches is drawn.
 */
export function graphDot(g: AttackGraph, holds?: Uint8Array): string {
  const shape = ['diamond', 'ellipse', 'box', 'doubleoctagon'];
  const lines = ['digraph attack {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];'];
  const keep = (i: number) => !holds || holds[i] === 1;
  for (let i = 0; i < g.size; i++) {
    if (!keep(i)) continue;
    const x = g.info[i]!;
    const label = x.technique ? `${x.label}\n${x.technique}` : x.label;
    lines.push(`  n${i} [shape=${shape[g.kinds[i]!]}, label=${quote(label)}];`);
  }
  for (let i = 0; i < g.size; i++) {
    if (!keep(i)) continue;
    for (const p of g.preds(i)) if (keep(p)) lines.push(`  n${p} -> n${i};`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

export interface AssetEdge {
  from: string;
  to: string;
  /** Rules that take the attacker from `from` to `to`, with their techniques. */
  steps: { step: string; technique?: string }[];
}

/**
 * The asset-level view: an edge from where the attacker stands (an asset,
 * `zone:<id>` for a network position, or an entry point) to the asset,
 * unit or service a rule acts on.
 */
export function assetView(g: AttackGraph, holds?: Uint8Array): AssetEdge[] {
  const edges = new Map<string, AssetEdge>();
  const add = (from: string, to: string, r: number) => {
    if (from === to) return;
    const key = `${from}\u0000${to}`;
    let e = edges.get(key);
    if (!e) edges.set(key, (e = { from, to, steps: [] }));
    e.steps.push({ step: g.info[r]!.label, technique: g.info[r]!.technique });
  };
  for (let r = 0; r < g.size; r++) {
    if (g.kinds[r] !== Kind.Rule || (holds && !holds[r])) continue;
    const to = g.info[r]!;
    if (!to.subject || !(to.technique || g.cost[r]! > 0)) continue;
    const target = to.subjectKind === 'asset' ? to.subject : `${to.subjectKind}:${to.subject}`;
    for (const p of g.preds(r)) {
      const x = g.info[p]!;
      if (g.kinds[p] === Kind.Entry) add(x.label, target, r);
      else if (x.label.startsWith('execCode(') || x.label.startsWith('controls(')) add(x.subject!, target, r);
      else if (x.label.startsWith('netAccess(')) {
        // Through whoever gives the access: a zone position or the internet (netAccess(b, any) is one level further).
        const sources = (fact: number, depth: number): void => {
          for (const q of g.preds(fact)) {
            for (const s of g.preds(q)) {
              const y = g.info[s]!;
              if (y.label.startsWith('netPosition(')) add(`zone:${y.subject}`, target, r);
              else if (g.kinds[s] === Kind.Entry) add(y.label, target, r);
              else if (y.label.startsWith('execCode(')) add(y.subject!, target, r);
              else if (depth === 0 && y.label.startsWith('netAccess(')) sources(s, 1);
            }
          }
        };
        sources(p, 0);
      } else if (x.label.startsWith('hasCredential(')) add(`account:${x.subject}`, target, r);
    }
  }
  return [...edges.values()];
}
