import { writeFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { AttackError, analyzeGraph, buildAttackGraph, entryMask, graphDot, graphJson, reachable, resolveEntry, resolveGoal, type PathsReport } from '../../attack/index.js';
import { checkModel, formatProblem } from '../../model/index.js';
import { nodeModelFiles } from '../model-files.js';
import { EXIT, ExitError, type Output } from '../output.js';
import { loadTechniques } from '../techniques.js';
import { printReport } from './paths-print.js';

export interface PathsOptions {
  model: string;
  /** Entry points, comma-separated and/or repeated (`internet,phishing:ws-1`). */
  from?: string[];
  /** Goals, comma-separated and/or repeated (`unit:tank,data:pii`). */
  to?: string[];
  /** Paths per goal and measure, as typed. */
  k?: string;
  /** False with --no-harden. */
  harden?: boolean;
  json?: boolean;
  dot?: string;
  graphJson?: string;
}

/** Analyses that run longer than this show a progress bar (on a terminal only). */
const BAR_AFTER_MS = 300;
const MAX_K = 50;

const split = (xs: readonly string[] | undefined) => (xs ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);

function parseK(v: string | undefined): number {
  if (v === undefined) return 3;
  const n = Number(v);
  if (!/^\s*\d+\s*$/.test(v) || !Number.isInteger(n) || n < 1 || n > MAX_K) throw new ExitError(EXIT.usage, `-k expects a whole number from 1 to ${MAX_K}, got "${v}"`);
  return n;
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
  const k = parseK(opts.k);
  const { loaded, problems } = await checkModel(opts.model, nodeModelFiles);
  if (!loaded) {
    for (const p of problems) io.err(formatProblem(p));
    io.err(`${opts.model}: not a valid model (run twinward validate)`);
    return EXIT.invalid;
  }
  const model = loaded.model;
  const t0 = performance.now();
  const g = buildAttackGraph(model);
  const entries = split(opts.from);
  const goals = split(opts.to);
  // Resolved here first so the error names the flag (the library names the request field).
  const entryIds = resolveOr(() => entries.map((e) => resolveEntry(g, e, '--from')));
  resolveOr(() => goals.forEach((x) => resolveGoal(g, x, '--to')));

  let bar: SingleBar | undefined;
  const onProgress = (done: number, total: number) => {
    if (!bar && io.tty && performance.now() - t0 > BAR_AFTER_MS && done < total) {
      bar = new SingleBar({ format: 'analysing [{bar}] {value}/{total} goals', stream: process.stderr, fps: 5 });
      bar.start(total, done);
    }
    bar?.update(done);
  };
  let report: PathsReport;
  try {
    report = resolveOr(() => analyzeGraph(g, model, { entries, goals, k, harden: opts.harden !== false }, onProgress));
  } finally {
    bar?.stop();
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
