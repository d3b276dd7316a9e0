import { z } from 'zod';
import { Tag, TagKind } from '../../model/index.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { TagValue } from '../schemas.js';
import { collectionRoutes } from './collection.js';

const TagView = Tag.extend({ current: TagValue.nullable().describe('Latest reading, or null before the first') }).meta({ id: 'TagView' });

export function tagRoutes(app: App, ctx: ApiContext): void {
  collectionRoutes(app, {
    path: '/api/tags',
    noun: 'tag',
    summary: 'Process tags with their current value, time and quality',
    tag: 'state',
    query: z.strictObject({ asset: z.string().optional(), unit: z.string().optional().describe('Process unit id'), kind: TagKind.optional() }),
    view: TagView,
    items: () => ctx.node.twin.model.model.process.tags,
    matches: (t, q) => (!q.asset || t.asset === q.asset) && (!q.unit || t.processUnit === q.unit) && (!q.kind || t.kind === q.kind),
    toView: (t) => ({ ...t, current: ctx.node.twin.state.tags[t.id] ?? null }),
  });
}
