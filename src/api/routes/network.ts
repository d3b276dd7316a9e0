import { z } from 'zod';
import { Conduit, Zone } from '../../model/index.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { notFound } from '../errors.js';
import { IdParams, list } from '../schemas.js';

const ZoneView = Zone.extend({ assets: z.array(z.string()) }).meta({ id: 'ZoneView' });

export function networkRoutes(app: App, ctx: ApiContext): void {
  const zoneView = (z: Zone) => ({ ...z, assets: ctx.node.twin.model.model.assets.filter((a) => a.zone === z.id).map((a) => a.id) });
  app.get('/api/zones', {
    schema: {
      summary: 'IEC 62443 zones and the assets in each',
      tags: ['model'],
      querystring: z.strictObject({ domain: z.string().optional() }),
      response: { 200: list(ZoneView) },
    },
    handler: async (req) => {
      const items = ctx.node.twin.model.model.zones.filter((z) => !req.query.domain || z.domain === req.query.domain).map(zoneView);
      return { items, total: items.length };
    },
  });
  app.get('/api/zones/:id', {
    schema: { summary: 'One zone', tags: ['model'], params: IdParams, response: { 200: ZoneView } },
    handler: async (req) => {
      const z = ctx.node.twin.model.model.zones.find((x) => x.id === req.params.id);
      if (!z) throw notFound('zone', req.params.id);
      return zoneView(z);
    },
  });
  app.get('/api/conduits', {
    schema: {
      summary: 'IEC 62443 conduits and the flows they allow',
      tags: ['model'],
      querystring: z.strictObject({ zone: z.string().optional() }),
      response: { 200: list(Conduit) },
    },
    handler: async (req) => {
      const items = ctx.node.twin.model.model.conduits.filter((c) => !req.query.zone || c.zones.includes(req.query.zone));
      return { items, total: items.length };
    },
  });
}
