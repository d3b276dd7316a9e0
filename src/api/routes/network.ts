import { z } from 'zod';
import { Conduit, Zone } from '../../model/index.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { collectionRoutes } from './collection.js';

const ZoneView = Zone.extend({ assets: z.array(z.string()) }).meta({ id: 'ZoneView' });

export function networkRoutes(app: App, ctx: ApiContext): void {
  const model = () => ctx.node.twin.model.model;
  collectionRoutes(app, {
    path: '/api/zones',
    noun: 'zone',
    summary: 'IEC 62443 zones and the assets in each',
    tag: 'model',
    query: z.strictObject({ domain: z.string().optional() }),
    view: ZoneView,
    items: () => model().zones,
    matches: (z, q) => !q.domain || z.domain === q.domain,
    toView: (z) => ({ ...z, assets: model().assets.filter((a) => a.zone === z.id).map((a) => a.id) }),
  });
  collectionRoutes(app, {
    path: '/api/conduits',
    noun: 'conduit',
    summary: 'IEC 62443 conduits and the flows they allow',
    tag: 'model',
    query: z.strictObject({ zone: z.string().optional() }),
    view: Conduit,
    items: () => model().conduits,
    matches: (c, q) => !q.zone || c.zones.includes(q.zone),
    toView: (c) => c,
  });
}
