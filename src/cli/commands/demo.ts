import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createLogger } from '../../common/logger.js';
import { checkModel } from '../../model/index.js';
import { loadScenario, ProcessError, type Scenario } from '../../process/index.js';
import { DetectorRepository, trainOnSimulation } from '../../training/index.js';
import { nodeModelFiles } from '../model-files.js';
import type { Connector } from '../../sync/types.js';
import { startLivePlant } from '../live-plant.js';
import { EXIT, ExitError, type Output } from '../output.js';
import { examplesDir } from '../paths.js';
import { waitForSignal } from '../signals.js';
import { startNode } from '../start-node.js';

export interface DemoOptions {
  data: string;
  durability: 'full' | 'normal';
  maxBatch: number;
  host: string;
  port: number;
  model?: string;
  scenario?: string;
  seed?: number;
  speed?: number;
  mqttPort: number;
  modbusPort: number;
  opcuaPort: number;
}

/**
 * `twinward demo` (what `npm start` runs): the water-treatment plant
 * simulator serving MQTT (JSON and Sparkplug B), Modbus TCP and OPC UA on
 * loopback, the twin synchronized over all three, the console live.
 */
export async function demoCommand(opts: DemoOptions, io: Output): Promise<number> {
  const model = opts.model ?? join(examplesDir, 'water-treatment', 'model.yaml');
  const logger = createLogger({ level: process.env.TWINWARD_LOG_LEVEL ?? 'warn' });
  let connectors: readonly Connector[] = [];
  const trained = await trainDemoGroups(model, opts.data, io);
  const running = await startNode({ model, dataDir: opts.data, host: opts.host, port: opts.port, logger, connectors: () => connectors, durability: opts.durability, maxBatch: opts.maxBatch }, io);
  const { node } = running;

  let scenario: Scenario | undefined;
  if (opts.scenario) {
    try {
      scenario = loadScenario(opts.scenario, await readFile(opts.scenario, 'utf8'), node.twin.model.model);
    } catch (err) {
      await running.stop();
      if (err instanceof ProcessError) throw new ExitError(EXIT.invalid, err.message);
      throw new ExitError(EXIT.invalid, `cannot read ${opts.scenario}: ${(err as Error).message}`);
    }
  }
  const plant = await startLivePlant({
    model: node.twin.model, node, dataDir: opts.data, logger, mqttPort: opts.mqttPort, modbusBasePort: opts.modbusPort, opcuaPort: opts.opcuaPort,
    ...(scenario ? { scenario } : {}), ...(opts.seed !== undefined ? { seed: opts.seed } : {}), ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
  }).catch(async (err) => {
    await running.stop();
    throw new ExitError(EXIT.failure, `could not start the plant simulator: ${(err as Error).message}`);
  });
  connectors = plant.connectors;

  io.out(`Twinward demo: ${node.twin.model.model.name}`);
  io.out(`  model     ${model}`);
  io.out(`  domain    ${node.twin.model.model.node.domain}`);
  io.out(`  store     embedded, in ${node.store.location} (${node.seq} events so far)`);
  io.out(`  node key  ed25519 ${running.identity.public.keyId}`);
  io.out(`  plant     simulator, ${node.twin.model.model.process.units.length} process units, ${opts.speed ?? 1}x real time`);
  io.out(`  MQTT      ${plant.endpoints.mqtt} (embedded broker; JSON and Sparkplug B)`);
  for (const m of plant.endpoints.modbus) io.out(`  Modbus    ${m}`);
  if (plant.endpoints.opcua) io.out(`  OPC UA    ${plant.endpoints.opcua}`);
  const active = new DetectorRepository(resolve(opts.data)).active();
  const groups = node.twin.model.model.detection.groups.map((g) => `${g.id} v${active[g.id] ?? '-'}`);
  if (groups.length) io.out(`  detection ${groups.join(', ')}${trained ? ` (trained at first start on ${DEMO_TRAINING_S / 3600} h of simulated normal operation)` : ''}`);
  if (scenario) {
    io.out(`  scenario  ${scenario.name}`);
    for (const i of scenario.injections) io.out(`            +${i.start}s ${i.id}: ${i.kind} (${i.class})`);
  }
  io.out(`  console   ${running.url}/`);
  io.out(`  API       ${running.url}/api  (OpenAPI: ${running.url}/api/openapi.json)`);
  io.out('Press Ctrl+C to stop.');

  await waitForSignal();
  io.out('Stopping the demo.');
  await plant.stop();
  await running.stop();
  return EXIT.ok;
}

/** Simulated normal operation the demo's detection groups train on when its data directory has none. */
export const DEMO_TRAINING_S = 3 * 3600;

/**
 * The demo has no recording of a real plant to train on: at first start, its
 * detection groups train on the simulator's normal operation (no injection,
 * a seed no scenario uses) and are saved as version 1 like `twinward train`
 * would. Returns whether it trained.
 */
async function trainDemoGroups(modelPath: string, dataDir: string, io: Output): Promise<boolean> {
  const { loaded } = await checkModel(modelPath, nodeModelFiles);
  if (!loaded || loaded.model.detection.groups.length === 0) return false; // startNode reports an invalid model
  const repo = new DetectorRepository(resolve(dataDir));
  const active = repo.active();
  if (loaded.model.detection.groups.every((g) => active[g.id] !== undefined)) return false;
  io.err(`training the detection groups on ${DEMO_TRAINING_S / 3600} h of simulated normal operation (first start)...`);
  const { bundles } = await trainOnSimulation(loaded, { seconds: DEMO_TRAINING_S, seed: 9001 });
  for (const b of bundles) if (active[b.group] === undefined) repo.save(b);
  return true;
}
