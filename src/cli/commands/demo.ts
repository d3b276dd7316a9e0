import { join } from 'node:path';
import { createLogger } from '../../common/logger.js';
import { NominalDriver } from '../../process/index.js';
import { EXIT, type Output } from '../output.js';
import { examplesDir } from '../paths.js';
import { waitForSignal } from '../signals.js';
import { startNode } from '../start-node.js';

export interface DemoOptions {
  data: string;
  host: string;
  port: number;
  model?: string;
}

/**
 * `twinward demo` (what `npm start` runs): the water-treatment example on
 * the embedded store, tags driven from the model's nominal values.
 */
export async function demoCommand(opts: DemoOptions, io: Output): Promise<number> {
  const model = opts.model ?? join(examplesDir, 'water-treatment', 'model.yaml');
  const logger = createLogger({ level: process.env.TWINWARD_LOG_LEVEL ?? 'warn' });
  const running = await startNode({ model, dataDir: opts.data, host: opts.host, port: opts.port, logger }, io);
  const { node } = running;
  const driver = new NominalDriver(node.twin.model.model.process.tags, { seed: 42, start: Date.now() });

  io.out(`Twinward demo: ${node.twin.model.model.name}`);
  io.out(`  model     ${model}`);
  io.out(`  domain    ${node.twin.model.model.node.domain}`);
  io.out(`  store     embedded, in ${node.store.location} (${node.seq} events so far)`);
  io.out(`  node key  ed25519 ${running.identity.public.keyId}`);
  io.out(`  NOTE: no plant simulator yet: ${driver.tagCount} tags are driven from the nominal values in the model, plus noise.`);
  io.out(`  console   ${running.url}/`);
  io.out(`  API       ${running.url}/api  (OpenAPI: ${running.url}/api/openapi.json)`);
  io.out('Press Ctrl+C to stop.');

  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    const readings = driver.due(Date.now());
    if (readings.length === 0) return;
    busy = true;
    node.ingest(readings).then(
      () => (busy = false),
      (err) => {
        logger.error({ err }, 'demo driver stopped: the store refused readings');
        clearInterval(timer);
      },
    );
  }, 200);
  await waitForSignal();
  clearInterval(timer);
  io.out('Stopping the demo.');
  await running.stop();
  return EXIT.ok;
}
