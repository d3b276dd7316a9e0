import { z } from 'zod';
import { Asset, AssetKind } from '../../model/index.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { notFound } from '../errors.js';
import { AssetStatus, IdParams, list } from '../schemas.js';

const AssetView = Asset.extend({ state: AssetStatus, services: z.array(z.string()), tags: z.array(z.string()) }).meta({ id: 'AssetView' });

export function assetRoutes(app: App, ctx: ApiContext): void {
  const view = (a: Asset) => {
    const model = ctx.node.twin.model.model;
    return {
      ...a,
      state: ctx.node.twin.state.assets[a.id] ?? { status: 'unknown' as const, since: null, lastSeen: null },
      services: model.services.filter((s) => s.runsOn.includes(a.id)).map((s) => s.id),
      tags: model.process.tags.filter((t) => t.asset === a.id).map((t) => t.id),
    };
  };
  app.get('/api/assets', {
    schema: {
      summary: 'Assets with their live status',
      tags: ['model'],
      querystring: z.strictObject({
        zone: z.string().optional(),
        domain: z.string().optional(),
        kind: AssetKind.optional(),
        status: z.enum(['unknown', 'online', 'offline', 'lost']).optional(),
      }),
      response: { 200: list(AssetView) },
    },
    handler: async (req) => {
      const q = req.query;
      const items = ctx.node.twin.model.model.assets
        .filter((a) => (!q.zone || a.zone === q.zone) && (!q.domain || a.domain === q.domain) && (!q.kind || a.kind === q.kind))
        .map(view)
        .filter((a) => !q.status || a.state.status === q.status);
      return { items, total: items.length };
    },
  });
  app.get('/api/assets/:id', {
    schema: { summary: 'One asset', tags: ['model'], params: IdParams, response: { 200: AssetView } },
    handler: async (req) => {
      const a = ctx.node.twin.model.model.assets.find((x) => x.id === req.params.id);
      if (!a) throw notFound('asset', req.params.id);
      return view(a);
    },
  });
}
