import { z } from 'zod';
import { AttackError, analyzeGraph, assetView, buildAttackGraph, defaultEntries, entryMask, graphDot, graphJson, reachable, resolveEntry, resolveGoal, type AttackGraph } from '../../attack/index.js';
import type { TwinModel } from '../../model/index.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { ApiError } from '../errors.js';
import { list } from '../schemas.js';
import { AssetEdge, AssetsQuery, AttackGraphJson, GraphQuery, PathsBody, PathsReport } from './attack-views.js';

/** The model's graph, built once per model (the model in force is immutable; a new one is a new object). */
const graphs = new WeakMap<TwinModel, AttackGraph>();

/**
 * Each name resolved against the graph; an unknown one is a 400 naming its
 * field (`body.goals[2]`) and what the model offers. Schema validation has
 * already checked the shape; only the model can say whether a name exists.
 */
function resolveNames<T>(specs: readonly string[] | undefined, field: string, resolve: (spec: string, where: string) => T): T[] {
  return (specs ?? []).map((spec, i) => {
    const where = `${field}[${i}]`;
    try {
      return resolve(spec, where);
    } catch (err) {
      if (err instanceof AttackError) throw new ApiError('bad-request', 400, err.message, [{ field: where, message: err.message.slice(where.length + 1) }]);
      throw err;
    }
  });
}

/**
 * Attack analysis of the node's model (src/attack): paths from entry points
 * to goals with choke points and hardening, the logical attack graph (JSON
 * or Graphviz DOT) and its asset-level view. Analysis is CPU work on the
 * request; the graph is cached per model.
 */
export function attackRoutes(app: App, ctx: ApiContext): void {
  const model = () => ctx.node.twin.model.model;
  const graph = () => {
    const m = model();
    let g = graphs.get(m);
    if (!g) graphs.set(m, (g = buildAttackGraph(m)));
    return g;
  };
  /** What the attacker reaches from the entries (default ones when none are named). */
  const holdsFrom = (g: AttackGraph, entries: string[] | undefined, field: string) => {
    const ids = entries?.length ? resolveNames(entries, field, (e, where) => resolveEntry(g, e, where)) : defaultEntries(g, model()).map((e) => resolveEntry(g, e));
    return reachable(g, entryMask(g, ids));
  };

  app.post('/api/attack/paths', {
    schema: {
      summary: 'Attack paths of the model: reachable goals, the k most likely and cheapest paths to each, choke points and the least-cost hardening',
      tags: ['attack'],
      body: PathsBody,
      response: { 200: PathsReport },
    },
    handler: async (req) => {
      const g = graph();
      const body = req.body;
      resolveNames(body.entries, 'body.entries', (e, where) => resolveEntry(g, e, where));
      resolveNames(body.goals, 'body.goals', (x, where) => resolveGoal(g, x, where));
      const report = analyzeGraph(g, model(), body);
      const techniques: Record<string, string> = {};
      for (const goal of report.goals) {
        for (const p of [...goal.mostLikely, ...goal.cheapest]) {
          for (const s of p.steps) {
            const name = s.technique && ctx.techniques?.get(s.technique)?.name;
            if (name) techniques[s.technique!] = name;
          }
        }
      }
      return { ...report, techniques };
    },
  });

  app.get('/api/attack/graph', {
    schema: {
      summary: 'The logical attack graph (MulVAL style: facts OR, rules AND): JSON with each node marked holds, or Graphviz DOT',
      tags: ['attack'],
      querystring: GraphQuery,
      response: {
        200: z.union([AttackGraphJson, z.string().describe('text/vnd.graphviz with format=dot')]),
      },
    },
    handler: async (req, reply) => {
      const g = graph();
      const holds = holdsFrom(g, req.query.entries, 'query.entries');
      const only = req.query.reachableOnly === 'true';
      if (req.query.format === 'dot') return reply.type('text/vnd.graphviz; charset=utf-8').send(graphDot(g, only ? holds : undefined));
      // graphJson's nodes are plain objects of the shape AttackGraphJson documents.
      const full = graphJson(g, holds) as z.infer<typeof AttackGraphJson>;
      if (!only) return full;
      return { nodes: full.nodes.filter((_, i) => holds[i]), edges: full.edges.filter(([a, b]) => holds[a] && holds[b]) };
    },
  });

  app.get('/api/attack/assets', {
    schema: {
      summary: 'The asset-level view of the attack graph: who can take what, with the steps and techniques',
      tags: ['attack'],
      querystring: AssetsQuery,
      response: { 200: list(AssetEdge) },
    },
    handler: async (req) => {
      const g = graph();
      // Entries only matter with reachableOnly, but a wrong one is refused either way.
      const holds = req.query.reachableOnly === 'true' || req.query.entries ? holdsFrom(g, req.query.entries, 'query.entries') : undefined;
      const items = assetView(g, req.query.reachableOnly === 'true' ? holds : undefined);
      return { items, total: items.length };
    },
  });
}
