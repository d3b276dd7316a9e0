import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { buildApp, type App } from '../api/index.js';
import type { Logger } from '../common/logger.js';
import { isTwinwardError } from '../common/errors.js';
import { loadOrCreateIdentity, type NodeIdentity } from '../identity/index.js';
import { ledgerSettings, nodeLedger, type NodeLedger } from '../ledger/node-ledger.js';
import { checkModel, formatProblem } from '../model/index.js';
import { openStore, type Durability } from '../store/index.js';
import type { Connector } from '../sync/types.js';
import { TwinNode } from '../twin/index.js';
import { attachDetection, detectionEngine } from '../detect/detection.js';
import { DetectionService, loadActiveGroups } from '../training/index.js';
import { loadTechniques } from './techniques.js';
import { nodeModelFiles } from './model-files.js';
import { EXIT, ExitError, type Output } from './output.js';
import { version, webRoot } from './paths.js';

export interface StartOptions {
  model: string;
  store?: string;
  dataDir: string;
  host: string;
  port: number;
  logger: Logger;
  /** When an append is acknowledged (see Durability); default 'full'. */
  durability?: Durability;
  /** Most events per store transaction (group commit). */
  maxBatch?: number;
  /** The node's connectors, once started, for /api/connectors. */
  connectors?: () => readonly Connector[];
}

export interface RunningNode {
  node: TwinNode;
  ledger: NodeLedger;
  app: App;
  identity: NodeIdentity;
  url: string;
  stop(): Promise<void>;
}

/**
 * Loads the model, the node key and the store, rebuilds the state and
 * serves the API. User-facing failures become ExitError with a message
 * that says what to do; nothing is half-started when it throws.
 */
export async function startNode(opts: StartOptions, io: Output): Promise<RunningNode> {
  const { loaded, problems } = await checkModel(opts.model, nodeModelFiles);
  if (!loaded) {
    for (const p of problems) io.err(formatProblem(p));
    throw new ExitError(EXIT.invalid, `${opts.model}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; fix the model and start again`);
  }
  const dataDir = resolve(opts.dataDir);
  const identity = loadOrCreateIdentity(dataDir, (msg) => opts.logger.warn(msg));
  const store = await openStore(opts.store, dataDir, { durability: opts.durability ?? 'full' }).catch((err) => {
    throw isTwinwardError(err) ? new ExitError(EXIT.failure, err.message) : err;
  });

  let bar: SingleBar | undefined;
  const node = await TwinNode.open({
    model: loaded,
    store,
    version,
    logger: opts.logger,
    ...(opts.maxBatch ? { maxBatch: opts.maxBatch } : {}),
    onReplay: (done, total) => {
      if (!io.tty || total < 20_000) return;
      if (!bar) {
        bar = new SingleBar({ format: 'replaying the event log [{bar}] {percentage}% {value}/{total} events', stream: process.stderr });
        bar.start(total, 0);
      }
      bar.update(done);
    },
  }).catch(async (err) => {
    await store.close().catch(() => undefined);
    throw err;
  });
  bar?.stop();
  const { groups, problems: groupProblems } = await loadActiveGroups(loaded, dataDir, opts.logger);
  const techniques = loadTechniques();
  const engine = detectionEngine(loaded, node.twin.tags, techniques, groups);
  const detach = attachDetection(node, engine, opts.logger);
  const detection = new DetectionService({ model: loaded, dataDir, store, engine, logger: opts.logger, groups, problems: groupProblems });

  const ledger = nodeLedger(ledgerSettings(loaded.model), store, identity, opts.logger);
  const stopCheckpoints = ledger.schedule();
  const startedAt = new Date().toISOString();
  const app = await buildApp({ node, identity, version, startedAt, detection, ledger, techniques, ...(opts.connectors ? { connectors: opts.connectors } : {}) }, { webRoot, logger: opts.logger });
  try {
    await app.listen({ host: opts.host, port: opts.port });
  } catch (err) {
    stopCheckpoints();
    await node.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ExitError(EXIT.failure, `port ${opts.port} on ${opts.host} is already in use; choose another with --port`);
    if (code === 'EACCES') throw new ExitError(EXIT.failure, `not allowed to listen on port ${opts.port}; choose one above 1024 with --port`);
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;
  let stopping: Promise<void> | undefined;
  return {
    node,
    ledger,
    app,
    identity,
    url,
    stop: () =>
      (stopping ??= (async () => {
        await app.close();
        detach();
        stopCheckpoints();
        // The last entries are signed before the node goes: a restart starts from a checkpoint of everything.
        await node.flush().catch(() => undefined);
        await ledger.ledger.checkpoint().catch((err) => opts.logger.warn({ err }, 'could not sign the closing checkpoint'));
        await node.close();
      })()),
  };
}

/** Parses a TCP port argument. */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ExitError(EXIT.usage, `--port expects a whole number from 0 to 65535, got "${value}"`);
  return n;
}
