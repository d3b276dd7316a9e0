import { AttackError, parseAttackScenario, runAttackScenario, type AttackScenario, type ScenarioResult } from '../../attack/index.js';
import { readInputFile } from '../input-file.js';
import { loadModelOrReport } from '../model-files.js';
import { EXIT, ExitError, type Output } from '../output.js';
import { progressBar } from '../progress.js';
import { printSimulation } from './simulate-print.js';

export interface SimulateOptions {
  model: string;
  /** An attack scenario file (attack: 1; kind apt, ransomware, supply-chain or zero-day). */
  scenario: string;
  /** Overrides the scenario's runs. */
  runs?: number;
  /** Overrides the scenario's seed. */
  seed?: number;
  json?: boolean;
}

async function readScenario(file: string): Promise<AttackScenario> {
  const text = await readInputFile(file, 'the scenario');
  try {
    return parseAttackScenario(text, file);
  } catch (err) {
    if (err instanceof AttackError) throw new ExitError(EXIT.usage, err.message);
    throw err;
  }
}

/**
 * `twinward simulate`: runs an attack scenario file on a model (Monte Carlo
 * campaign; ransomware spread and service outages; zero-day sweep; the
 * physical impact of the controllers taken) and prints tables, or the
 * ScenarioResult with --json. A bad scenario, an unknown name in it or a
 * bad --runs/--seed is a usage error (exit 2); an unreadable model exits 1.
 */
export async function simulateCommand(opts: SimulateOptions, io: Output): Promise<number> {
  const scenario = await readScenario(opts.scenario);
  const loaded = await loadModelOrReport(io, opts.model);
  if (!loaded) return EXIT.invalid;
  const s: AttackScenario = { ...scenario, ...(opts.runs === undefined ? {} : { runs: opts.runs }), ...(opts.seed === undefined ? {} : { seed: opts.seed }) };
  const t0 = performance.now();
  // A bar for each phase: the campaign's runs, then the plant runs of the impact.
  const bar = progressBar(io, (phase) => (phase === 'impact' ? 'process impact [{bar}] {value}/{total} plant runs' : 'simulating [{bar}] {value}/{total} runs'));
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
  printSimulation(io, result, { model: loaded.model.name, scenario: s, seconds });
  return EXIT.ok;
}
