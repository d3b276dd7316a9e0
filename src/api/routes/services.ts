import { z } from 'zod';
import { Service } from '../../model/index.js';
import { dependents } from '../../twin/index.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { notFound } from '../errors.js';
import { IdParams, list } from '../schemas.js';

const ServiceView = Service.extend({
  dependents: z.array(z.string()).describe('Services that fail or degrade, directly or transitively, when this one fails'),
}).meta({ id: 'ServiceView' });

export function serviceRoutes(app: App, ctx: ApiContext): void {
  const view = (s: Service) => ({ ...s, dependents: dependents(ctx.node.twin.graph, s.id) });
  app.get('/api/services', {
    schema: {
      summary: 'Services of the digital service chain, across domains',
      tags: ['model'],
      querystring: z.strictObject({ domain: z.string().optional() }),
      response: { 200: list(ServiceView) },
    },
    handler: async (req) => {
      const items = ctx.node.twin.model.model.services.filter((s) => !req.query.domain || s.domain === req.query.domain).map(view);
      return { items, total: items.length };
    },
  });
  app.get('/api/services/:id', {
    schema: { summary: 'One service', tags: ['model'], params: IdParams, response: { 200: ServiceView } },
    handler: async (req) => {
      const s = ctx.node.twin.model.model.services.find((x) => x.id === req.params.id);
      if (!s) throw notFound('service', req.params.id);
      return view(s);
    },
  });
}
