import { z } from 'zod';
import { Asset, AssetKind } from '../../model/index.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { AssetStatus } from '../schemas.js';
import { collectionRoutes } from './collection.js';

const AssetView = Asset.extend({ state: AssetStatus, services: z.array(z.string()), tags: z.array(z.string()) }).meta({ id: 'AssetView' });
const UNKNOWN = { status: 'unknown' as const, since: null, lastSeen: null };

export function assetRoutes(app: App, ctx: ApiContext): void {
  const model = () => ctx.node.twin.model.model;
  const state = (id: string) => ctx.node.twin.state.assets[id] ?? UNKNOWN;
  collectionRoutes(app, {
    path: '/api/assets',
    noun: 'asset',
    summary: 'Assets with their live status',
    tag: 'model',
    query: z.strictObject({
      zone: z.string().optional(),
      domain: z.string().optional(),
      kind: AssetKind.optional(),
      status: z.enum(['unknown', 'online', 'offline', 'lost']).optional(),
    }),
    view: AssetView,
    items: () => model().assets,
    matches: (a, q) =>
      (!q.zone || a.zone === q.zone) && (!q.domain || a.domain === q.domain) && (!q.kind || a.kind === q.kind) && (!q.status || state(a.id).status === q.status),
    toView: (a) => ({
      ...a,
      state: state(a.id),
      services: model().services.filter((s) => s.runsOn.includes(a.id)).map((s) => s.id),
      tags: model().process.tags.filter((t) => t.asset === a.id).map((t) => t.id),
    }),
  });
}
