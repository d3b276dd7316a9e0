import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { LogController } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from '../common/logger.js';
import type { App } from './app-types.js';
import type { ApiContext } from './context.js';
import { errorHandler } from './errors.js';
import { alertRoutes } from './routes/alerts.js';
import { assetRoutes } from './routes/assets.js';
import { attackRoutes } from './routes/attack.js';
import { attackSimulateRoutes } from './routes/attack-simulate.js';
import { riskRoutes } from './routes/risk.js';
import { whatIfRoutes } from './routes/whatif.js';
import { detectorRoutes } from './routes/detectors.js';
import { eventRoutes } from './routes/events.js';
import { ledgerRoutes } from './routes/ledger.js';
import { modelRoutes } from './routes/model.js';
import { networkRoutes } from './routes/network.js';
import { nodeRoutes } from './routes/node.js';
import { connectorRoutes } from './routes/connectors.js';
import { observationRoutes } from './routes/observations.js';
import { readingRoutes } from './routes/readings.js';
import { serviceRoutes } from './routes/services.js';
import { streamRoutes } from './routes/stream.js';
import { tagRoutes } from './routes/tags.js';

export interface AppOptions {
  /** Built console (web/dist); served at / when present. */
  webRoot?: string;
  logger?: Logger;
}

/**
 * The HTTP API and the console. Route schemas are zod schemas: they validate
 * requests, serialize responses and generate /api/openapi.json, so the
 * document cannot drift from the code.
 */
export async function buildApp(ctx: ApiContext, options: AppOptions = {}): Promise<App> {
  const app = Fastify({
    loggerInstance: options.logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Twinward API', version: ctx.version, description: 'A cybersecurity digital twin node: model, live state and event log of one domain.' },
      tags: [
        { name: 'node', description: 'This node' },
        { name: 'model', description: 'The twin model' },
        { name: 'state', description: 'Live state and the event log' },
        { name: 'detection', description: 'Alerts, incidents and learned detectors' },
        { name: 'ledger', description: 'The tamper-evident ledger: checkpoints, proofs, erasure, witnessing' },
        { name: 'attack', description: 'Attack analysis of the model: attack graph, paths, choke points, hardening, scenario simulation' },
        { name: 'risk', description: 'Risk per owner: expected loss and posture of each domain, and its trend as the twin changes' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  nodeRoutes(app, ctx);
  modelRoutes(app, ctx);
  assetRoutes(app, ctx);
  networkRoutes(app, ctx);
  serviceRoutes(app, ctx);
  tagRoutes(app, ctx);
  eventRoutes(app, ctx);
  alertRoutes(app, ctx);
  detectorRoutes(app, ctx);
  readingRoutes(app, ctx);
  observationRoutes(app, ctx);
  connectorRoutes(app, ctx);
  ledgerRoutes(app, ctx);
  attackRoutes(app, ctx);
  attackSimulateRoutes(app, ctx);
  riskRoutes(app, ctx);
  whatIfRoutes(app, ctx);
  streamRoutes(app, ctx);

  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !options.webRoot || !existsSync(options.webRoot)) {
      void reply.code(404).send({ error: 'not-found', message: `no route ${req.method} ${req.url.split('?')[0]}` });
    } else {
      // Client-side routes of the console fall back to its index page.
      void reply.sendFile('index.html');
    }
  });
  if (options.webRoot && existsSync(options.webRoot)) {
    await app.register(fastifyStatic, { root: options.webRoot, prefix: '/', wildcard: false });
  }
  return app;
}
