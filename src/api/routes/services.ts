import { z } from 'zod';
import { Service } from '../../model/index.js';
import { dependents } from '../../twin/index.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { collectionRoutes } from './collection.js';

const ServiceView = Service.extend({
  dependents: z.array(z.string()).describe('Services that fail or degrade, directly or transitively, when this one fails'),
}).meta({ id: 'ServiceView' });

export function serviceRoutes(app: App, ctx: ApiContext): void {
  collectionRoutes(app, {
    path: '/api/services',
    noun: 'service',
    summary: 'Services of the digital service chain, across domains',
    tag: 'model',
    query: z.strictObject({ domain: z.string().optional() }),
    view: ServiceView,
    items: () => ctx.node.twin.model.model.services,
    matches: (s, q) => !q.domain || s.domain === q.domain,
    toView: (s) => ({ ...s, dependents: dependents(ctx.node.twin.graph, s.id) }),
  });
}
