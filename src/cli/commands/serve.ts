import { createLogger } from '../../common/logger.js';
import { NodeSink } from '../../sync/node-sink.js';
import type { Connector } from '../../sync/types.js';
import { fieldConnectors, type FieldOptions } from '../field-connectors.js';
import { EXIT, type Output } from '../output.js';
import { startNode } from '../start-node.js';
import { waitForSignal } from '../signals.js';

export interface ServeOptions extends FieldOptions {
  model: string;
  durability: 'full' | 'normal';
  maxBatch: number;
  store?: string;
  data: string;
  host: string;
  port: number;
  /** A tag is stale after this many sample periods without a reading. */
  staleAfter: number;
}

/** `twinward serve`: run a twin node for a model, synchronized with the field, until SIGINT/SIGTERM. */
export async function serveCommand(opts: ServeOptions, io: Output): Promise<number> {
  const logger = createLogger();
  let connectors: Connector[] = [];
  const running = await startNode({ model: opts.model, store: opts.store, dataDir: opts.data, host: opts.host, port: opts.port, logger, connectors: () => connectors, durability: opts.durability, maxBatch: opts.maxBatch }, io);
  const { node } = running;
  const sink = new NodeSink(node, logger);
  try {
    connectors = fieldConnectors(opts, node.twin.model, sink, opts.data);
    for (const c of connectors) await c.start();
  } catch (err) {
    for (const c of connectors) await c.stop().catch(() => undefined);
    await running.stop();
    throw err;
  }
  if (connectors.length > 0) sink.watchStale(1000, opts.staleAfter);
  io.err(`twinward: serving ${node.twin.model.model.name} for domain ${node.twin.model.model.node.domain}`);
  io.err(`  store    ${node.store.kind} (${node.store.location}), ${node.seq} events`);
  io.err(`  node key ed25519 ${running.identity.public.keyId} (public key at ${running.url}/api/node)`);
  for (const c of connectors) io.err(`  field    ${c.name}`);
  io.err(`  API      ${running.url}/api  (OpenAPI at ${running.url}/api/openapi.json)`);
  io.out(`console: ${running.url}/`);
  await waitForSignal();
  io.err('twinward: stopping');
  sink.stopWatching();
  for (const c of connectors) await c.stop().catch((err) => logger.warn({ err }, `stopping ${c.name}`));
  await running.stop();
  return EXIT.ok;
}
