import { z } from 'zod';
import { Tag, TagKind } from '../../model/index.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { notFound } from '../errors.js';
import { IdParams, list, TagValue } from '../schemas.js';

const TagView = Tag.extend({ current: TagValue.nullable().describe('Latest reading, or null before the first') }).meta({ id: 'TagView' });

export function tagRoutes(app: App, ctx: ApiContext): void {
  const view = (t: Tag) => ({ ...t, current: ctx.node.twin.state.tags[t.id] ?? null });
  app.get('/api/tags', {
    schema: {
      summary: 'Process tags with their current value, time and quality',
      tags: ['state'],
      querystring: z.strictObject({ asset: z.string().optional(), unit: z.string().optional(), kind: TagKind.optional() }),
      response: { 200: list(TagView) },
    },
    handler: async (req) => {
      const q = req.query;
      const items = ctx.node.twin.model.model.process.tags
        .filter((t) => (!q.asset || t.asset === q.asset) && (!q.unit || t.processUnit === q.unit) && (!q.kind || t.kind === q.kind))
        .map(view);
      return { items, total: items.length };
    },
  });
  app.get('/api/tags/:id', {
    schema: { summary: 'One tag', tags: ['state'], params: IdParams, response: { 200: TagView } },
    handler: async (req) => {
      const t = ctx.node.twin.tags.get(req.params.id);
      if (!t) throw notFound('tag', req.params.id);
      return view(t);
    },
  });
}
