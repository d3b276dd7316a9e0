import { z } from 'zod';
import { EVENT_TYPES } from '../../twin/index.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { csvOf, Event, IsoTime, Seq } from '../schemas.js';

export const EventFilter = z.strictObject({
  type: csvOf(EVENT_TYPES).optional().describe(`Comma-separated event types: ${EVENT_TYPES.join(', ')}`),
  subject: z.string().min(1).max(64).optional().describe('Asset or tag id the event is about'),
  since: IsoTime.optional().describe('Events at or after this time'),
  until: IsoTime.optional().describe('Events before this time'),
});

const EventQuery = EventFilter.extend({
  after: Seq.optional().describe('Only events with seq greater than this (oldest first)'),
  before: Seq.optional().describe('Only events with seq less than this (newest first)'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  order: z.enum(['asc', 'desc']).optional().describe('Default: asc with `after`, else desc (newest first)'),
}).superRefine((q, c) => {
  if (q.after !== undefined && q.before !== undefined) c.addIssue({ code: 'custom', path: ['before'], message: 'use either after or before, not both' });
  if (q.since && q.until && q.since >= q.until) c.addIssue({ code: 'custom', path: ['until'], message: 'until must be later than since' });
});

export function eventRoutes(app: App, ctx: ApiContext): void {
  app.get('/api/events', {
    schema: {
      summary: 'The event log, paged and filtered',
      description: 'Page forward with `after` (the `next.after` of the previous page) or backward with `before`.',
      tags: ['state'],
      querystring: EventQuery,
      response: {
        200: z.object({
          items: z.array(Event),
          next: z.object({ after: z.number().int().optional(), before: z.number().int().optional() }).nullable(),
        }),
      },
    },
    handler: async (req) => {
      const q = req.query;
      const order = q.order ?? (q.after !== undefined ? 'asc' : 'desc');
      const items = await ctx.node.store.read({
        limit: q.limit,
        order,
        ...(q.after !== undefined ? { after: q.after } : {}),
        ...(q.before !== undefined ? { before: q.before } : {}),
        ...(q.type ? { types: q.type } : {}),
        ...(q.subject ? { subject: q.subject } : {}),
        ...(q.since ? { since: q.since } : {}),
        ...(q.until ? { until: q.until } : {}),
      });
      const last = items[items.length - 1];
      const next = items.length < q.limit || !last ? null : order === 'asc' ? { after: last.seq } : { before: last.seq };
      return { items, next };
    },
  });
}
