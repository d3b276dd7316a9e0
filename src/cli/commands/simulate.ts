import { readFile } from 'node:fs/promises';
import { SingleBar } from 'cli-progress';
import { AttackError, parseAttackScenario, runAttackScenario, type AttackScenario, type ScenarioResult } from '../../attack/index.js';
import { checkModel, formatProblem } from '../../model/index.js';
import { nodeModelFiles } from '../model-files.js';
import { EXIT, ExitError, type Output } from '../output.js';
import { printSimulation } from './simulate-print.js';

export interface SimulateOptions {
  model: string;
  /** An attack scenario file (attack: 1; kind apt, ransomware, supply-chain or zero-day). */
  scenario: string;
  /** Overrides the scenario's runs, as typed. */
  runs?: string;
  /** Overrides the scenario's seed, as typed. */
  seed?: string;
  json?: boolean;
}

/** Simulations that run longer than this show a progress bar (on a terminal only). */
const BAR_AFTER_MS = 300;
/** The scenario language's bound on runs. */
const MAX_RUNS = 1_000_000;

function wholeNumber(flag: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\s*\d+\s*$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) throw new ExitError(EXIT.usage, `${flag} expects a whole number from ${min} to ${max.toLocaleString('en')}, got "${v}"`);
  return n;
}

async function readScenario(file: string): Promise<AttackScenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ExitError(EXIT.usage, `cannot read the scenario ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  try {
    return parseAttackScenario(text, file);
  } catch (err) {
    if (err instanceof AttackError) throw new ExitError(EXIT.usage, err.message);
    throw err;
  }
}

/** A progress bar on stderr for each phase (the campaign's runs, then the plant runs of the impact), once work lasts. */
function progress(io: Output, t0: number) {
  let bar: SingleBar | undefined;
  let phase: string | undefined;
  const update = (done: number, total: number, p: 'campaign' | 'impact' = 'campaign') => {
    if (bar && phase !== p) {
      bar.stop();
      bar = undefined;
    }
    phase = p;
    if (!bar && io.tty && performance.now() - t0 > BAR_AFTER_MS && done < total) {
      const what = p === 'impact' ? 'process impact [{bar}] {value}/{total} plant runs' : 'simulating [{bar}] {value}/{total} runs';
      bar = new SingleBar({ format: what, stream: process.stderr, fps: 5 });
      bar.start(total, done);
    }
    bar?.setTotal(total);
    bar?.update(done);
  };
  return { update, stop: () => bar?.stop() };
}

/**
 * `twinward simulate`: runs an attack scenario file on a model (Monte Carlo
 * campaign; ransomware spread and service outages; zero-day sweep; the
 * physical impact of the controllers taken) and prints tables, or the
 * ScenarioResult with --json. A bad scenario, an unknown name in it or a
 * bad --runs/--seed is a usage error (exit 2); an unreadable model exits 1.
 */
export async function simulateCommand(opts: SimulateOptions, io: Output): Promise<number> {
  const runs = wholeNumber('--runs', opts.runs, 1, MAX_RUNS);
  const seed = wholeNumber('--seed', opts.seed, 0, Number.MAX_SAFE_INTEGER);
  const scenario = await readScenario(opts.scenario);
  const { loaded, problems } = await checkModel(opts.model, nodeModelFiles);
  if (!loaded) {
    for (const p of problems) io.err(formatProblem(p));
    io.err(`${opts.model}: not a valid model (run twinward validate)`);
    return EXIT.invalid;
  }
  const s: AttackScenario = { ...scenario, ...(runs === undefined ? {} : { runs }), ...(seed === undefined ? {} : { seed }) };
  const t0 = performance.now();
  const bar = progress(io, t0);
  let result: ScenarioResult;
  try {
    result = runAttackScenario(loaded.model, s, bar.update);
  } catch (err) {
    // A name the model lacks (an asset, a supplier, an entry or a goal): the scenario is at fault.
    if (err instanceof AttackError && (err.code === 'invalid-scenario' || err.code === 'invalid-request')) throw new ExitError(EXIT.usage, `${opts.scenario}: ${err.message}`);
    throw err;
  } finally {
    bar.stop();
  }
  const seconds = (performance.now() - t0) / 1000;
  if (opts.json) {
    io.out(JSON.stringify(result, null, 2));
    return EXIT.ok;
  }
  printSimulation(io, result, { model: loaded.model.name, scenario: s, seconds, hosts: loaded.model.assets.length });
  return EXIT.ok;
}
