import { z } from 'zod';
import type { App } from '../app-types.js';
import { notFound } from '../errors.js';
import { IdParams, list } from '../schemas.js';

export interface CollectionSpec<T extends { id: string }, Q extends z.ZodObject, V extends z.ZodType> {
  /** e.g. `/api/zones`; the item route is `<path>/:id`. */
  path: string;
  noun: string;
  summary: string;
  tag: 'model' | 'state';
  query: Q;
  view: V;
  items(): readonly T[];
  matches(item: T, query: z.infer<Q>): boolean;
  toView(item: T): z.input<V>;
}

/**
 * A model collection as two routes: the filtered list and one item by id.
 * Lists are small (a model's items), so filtering happens in memory.
 */
export function collectionRoutes<T extends { id: string }, Q extends z.ZodObject, V extends z.ZodType>(app: App, spec: CollectionSpec<T, Q, V>): void {
  app.get(spec.path, {
    schema: { summary: spec.summary, tags: [spec.tag], querystring: spec.query, response: { 200: list(spec.view as z.ZodType) } },
    handler: async (req) => {
      const items = spec.items().filter((item) => spec.matches(item, req.query as z.infer<Q>)).map((item) => spec.toView(item));
      return { items, total: items.length };
    },
  });
  // The response type depends on V; the schema, not the compiler, checks it at run time.
  app.get(`${spec.path}/:id`, {
    schema: { summary: `One ${spec.noun}`, tags: [spec.tag], params: IdParams, response: { 200: spec.view as z.ZodType } },
    handler: async (req) => {
      const item = spec.items().find((x) => x.id === req.params.id);
      if (!item) throw notFound(spec.noun, req.params.id);
      return spec.toView(item) as unknown;
    },
  });
}
