import { writeFileSync } from 'node:fs';
import { AttackError, analyzeGraph, buildAttackGraph, entryMask, graphDot, graphJson, reachable, resolveEntry, resolveGoal, type PathsReport } from '../../attack/index.js';
import { loadModelOrReport } from '../model-files.js';
import { EXIT, ExitError, type Output } from '../output.js';
import { progressBar } from '../progress.js';
import { loadTechniques } from '../techniques.js';
import { printReport } from './paths-print.js';

export interface PathsOptions {
  model: string;
  /** Entry points (`--from internet,phishing:ws-1`, split at the commas). */
  from?: string[];
  /** Goals (`--to unit:tank,data:pii`, split at the commas). */
  to?: string[];
  /** Paths per goal and measure (default 3). */
  k?: number;
  /** False with --no-harden. */
  harden?: boolean;
  json?: boolean;
  dot?: string;
  graphJson?: string;
}

/** An unknown entry or goal is a usage error naming the flag and what the model offers. */
function resolveOr<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof AttackError) throw new ExitError(EXIT.usage, err.message);
    throw err;
  }
}

function write(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new ExitError(EXIT.failure, `cannot write ${file}: ${(err as Error).message}`);
  }
}

/**
 * `twinward paths`: the attack graph of a model, the most likely and
 * cheapest paths from entry points to goals, choke points and the
 * least-cost hardening. Text on stdout (or the PathsReport with --json);
 * --dot and --graph-json write the graph for other tools.
 */
export async function pathsCommand(opts: PathsOptions, io: Output): Promise<number> {
  const loaded = await loadModelOrReport(io, opts.model);
  if (!loaded) return EXIT.invalid;
  const model = loaded.model;
  const t0 = performance.now();
  const bar = progressBar(io, 'analysing [{bar}] {value}/{total} goals');
  const g = buildAttackGraph(model);
  const entries = opts.from ?? [];
  const goals = opts.to ?? [];
  // Resolved here first so the error names the flag (the library names the request field).
  const entryIds = resolveOr(() => entries.map((e) => resolveEntry(g, e, '--from')));
  resolveOr(() => goals.forEach((x) => resolveGoal(g, x, '--to')));

  let report: PathsReport;
  try {
    report = resolveOr(() => analyzeGraph(g, model, { entries, goals, k: opts.k ?? 3, harden: opts.harden !== false }, bar.update));
  } finally {
    bar.stop();
  }
  const seconds = (performance.now() - t0) / 1000;

  if (opts.dot || opts.graphJson) {
    const holds = reachable(g, entryMask(g, entries.length ? entryIds : report.entries.map((e) => resolveEntry(g, e))));
    if (opts.dot) {
      write(opts.dot, graphDot(g, holds));
      io.err(`wrote the reachable attack graph (DOT) to ${opts.dot}`);
    }
    if (opts.graphJson) {
      write(opts.graphJson, `${JSON.stringify(graphJson(g, holds))}\n`);
      io.err(`wrote the attack graph (JSON, every node with "holds") to ${opts.graphJson}`);
    }
  }
  if (opts.json) {
    io.out(JSON.stringify(report, null, 2));
    return EXIT.ok;
  }
  const techniques = loadTechniques();
  printReport(io, report, (id) => techniques.get(id)?.name, seconds);
  return EXIT.ok;
}
