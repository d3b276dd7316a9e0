import { z } from 'zod';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';

const ConnectorView = z
  .object({
    name: z.string(),
    state: z.string().describe('Last recorded state: connected, reconnecting, disconnected...'),
    since: z.string().nullable(),
    detail: z.string().nullable(),
    counters: z.record(z.string(), z.number()),
  })
  .meta({ id: 'Connector' });

export function connectorRoutes(app: App, ctx: ApiContext): void {
  app.get('/api/connectors', {
    schema: { summary: 'Live links to the field, with their state and counters', tags: ['state'], response: { 200: z.object({ items: z.array(ConnectorView) }) } },
    handler: async () => {
      const recorded = ctx.node.twin.state.connectors;
      const live = ctx.connectors?.() ?? [];
      const names = [...new Set([...live.map((c) => c.name), ...Object.keys(recorded)])].sort();
      const items = names.map((name) => ({
        name,
        state: recorded[name]?.state ?? 'unknown',
        since: recorded[name]?.since ?? null,
        detail: recorded[name]?.detail ?? null,
        counters: live.find((c) => c.name === name)?.counters() ?? {},
      }));
      return { items };
    },
  });
}
