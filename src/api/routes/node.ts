import { z } from 'zod';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';

const NodeInfo = z
  .object({
    domain: z.string(),
    model: z.object({ name: z.string(), hash: z.string() }),
    version: z.string(),
    startedAt: z.string(),
    identity: z.object({ algorithm: z.literal('ed25519'), publicKey: z.string(), publicKeyPem: z.string(), keyId: z.string() }),
    store: z.object({ kind: z.enum(['embedded', 'postgres']), location: z.string(), seq: z.number().int(), committed: z.number().int() }),
  })
  .meta({ id: 'NodeInfo' });

export function nodeRoutes(app: App, ctx: ApiContext): void {
  app.get('/api/node', {
    schema: { summary: 'This node: its domain, public key and store', tags: ['node'], response: { 200: NodeInfo } },
    handler: async () => ({
      domain: ctx.node.twin.model.model.node.domain,
      model: { name: ctx.node.twin.model.model.name, hash: ctx.node.twin.model.hash },
      version: ctx.version,
      startedAt: ctx.startedAt,
      identity: ctx.identity.public,
      store: { kind: ctx.node.store.kind, location: ctx.node.store.location, seq: ctx.node.seq, committed: ctx.node.committed },
    }),
  });
  app.get('/api/health', {
    schema: { summary: 'Liveness', tags: ['node'], response: { 200: z.object({ ok: z.boolean(), seq: z.number().int() }) } },
    handler: async () => ({ ok: true, seq: ctx.node.committed }),
  });
}
