import { createLogger } from '../../common/logger.js';
import { EXIT, type Output } from '../output.js';
import { startNode } from '../start-node.js';
import { waitForSignal } from '../signals.js';

export interface ServeOptions {
  model: string;
  store?: string;
  data: string;
  host: string;
  port: number;
}

/** `twinward serve`: run a twin node for a model until SIGINT/SIGTERM. */
export async function serveCommand(opts: ServeOptions, io: Output): Promise<number> {
  const logger = createLogger();
  const running = await startNode({ model: opts.model, store: opts.store, dataDir: opts.data, host: opts.host, port: opts.port, logger }, io);
  const { node } = running;
  io.err(`twinward: serving ${node.twin.model.model.name} for domain ${node.twin.model.model.node.domain}`);
  io.err(`  store    ${node.store.kind} (${node.store.location}), ${node.seq} events`);
  io.err(`  node key ed25519 ${running.identity.public.keyId} (public key at ${running.url}/api/node)`);
  io.err(`  API      ${running.url}/api  (OpenAPI at ${running.url}/api/openapi.json)`);
  io.out(`console: ${running.url}/`);
  await waitForSignal();
  io.err('twinward: stopping');
  await running.stop();
  return EXIT.ok;
}
