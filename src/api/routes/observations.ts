import { z } from 'zod';
import type { Observation } from '../../twin/index.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';
import { IsoTime } from '../schemas.js';

const Host = z.string().min(1).max(255);
const Port = z.number().int().min(0).max(65535);

const Flow = z.strictObject({
  kind: z.literal('flow'),
  time: IsoTime.optional(),
  src: Host,
  dst: Host,
  srcPort: Port.optional(),
  dstPort: Port.optional(),
  transport: z.enum(['tcp', 'udp', 'icmp']).optional(),
  protocol: z.string().max(32).optional(),
  bytes: z.number().int().min(0).optional(),
  packets: z.number().int().min(0).optional(),
});

const Command = z.strictObject({
  kind: z.literal('command'),
  time: IsoTime.optional(),
  protocol: z.enum(['modbus-tcp', 'opc-ua', 'mqtt']),
  operation: z.enum(['read', 'write', 'other']),
  functionCode: z.number().int().min(0).max(255).optional(),
  from: Host,
  to: Host.optional(),
  tag: z.string().max(64).optional(),
  address: z.string().max(256).optional(),
  value: z.union([z.number(), z.boolean(), z.string().max(256)]).optional(),
});

/**
 * HTTP push of network observations (flow records, OT commands seen by a
 * sensor). Answers once durable, with the drift they showed.
 */
export function observationRoutes(app: App, ctx: ApiContext): void {
  app.post('/api/observations', {
    schema: {
      summary: 'Push flow records and OT commands; answers with the drift they show',
      tags: ['state'],
      body: z.strictObject({ observations: z.array(z.discriminatedUnion('kind', [Flow, Command])).min(1).max(10_000) }),
      response: {
        200: z.object({
          events: z.number().int(),
          lastSeq: z.number().int(),
          drift: z.array(z.object({ seq: z.number().int(), kind: z.string(), message: z.string() })),
        }),
      },
    },
    handler: async (req) => {
      const source = `http:${req.ip}`;
      const events = await ctx.node.observe(req.body.observations.map((o) => ({ ...o, source }) as Observation));
      const drift = events.flatMap((e) => (e.type === 'drift.detected' ? [{ seq: e.seq, kind: e.data.kind, message: e.data.message }] : []));
      return { events: events.length, lastSeq: events[events.length - 1]?.seq ?? ctx.node.committed, drift };
    },
  });
}
