import { z } from 'zod';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { IsoTime } from '../schemas.js';

const ReadingBody = z.strictObject({
  readings: z
    .array(
      z.strictObject({
        tag: z.string().min(1).max(64),
        value: z.union([z.number(), z.boolean()]),
        time: IsoTime.optional().describe('When measured; default: when received'),
        quality: z.enum(['good', 'uncertain', 'bad']).optional(),
      }),
    )
    .min(1)
    .max(10_000),
});

/**
 * HTTP push of readings, for gateways and scripts that cannot speak an OT
 * protocol. Answers only once the events are durable, so a 200 means the
 * readings survive a crash of the node.
 */
export function readingRoutes(app: App, ctx: ApiContext): void {
  app.post('/api/readings', {
    schema: {
      summary: 'Push readings; answers when they are durable',
      tags: ['state'],
      body: ReadingBody,
      response: {
        200: z.object({
          events: z.number().int().describe('Events recorded (readings, status changes, rejections)'),
          lastSeq: z.number().int(),
          rejected: z.array(z.object({ index: z.number().int(), tag: z.string(), reason: z.string() })),
        }),
      },
    },
    handler: async (req) => {
      const source = `http:${req.ip}`;
      const events = await ctx.node.ingest(req.body.readings.map((r) => ({ ...r, source })));
      const rejected: { index: number; tag: string; reason: string }[] = [];
      // Rejections come out in input order; match them back to the readings they judge.
      let i = 0;
      for (const e of events) {
        if (e.type === 'tag.reading') i++;
        else if (e.type === 'reading.rejected') rejected.push({ index: i++, tag: String(e.data.tag), reason: e.data.reason });
      }
      return { events: events.length, lastSeq: events[events.length - 1]?.seq ?? ctx.node.committed, rejected };
    },
  });
}
