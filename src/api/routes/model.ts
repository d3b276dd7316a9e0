import { z } from 'zod';
import { TwinModel } from '../../model/index.js';
import type { App } from '../app-types.js';
import type { ApiContext } from '../context.js';

export function modelRoutes(app: App, ctx: ApiContext): void {
  app.get('/api/model', {
    schema: {
      summary: 'The twin model in force, with defaults applied',
      tags: ['model'],
      response: { 200: z.object({ hash: z.string(), files: z.array(z.string()), model: TwinModel }) },
    },
    handler: async () => {
      const { hash, files, model } = ctx.node.twin.model;
      return { hash, files, model };
    },
  });
}
