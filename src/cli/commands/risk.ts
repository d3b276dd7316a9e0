import { assessRisk, RiskError, type RiskReport } from '../../risk/index.js';
import { loadModelOrReport } from '../model-files.js';
import { EXIT, ExitError, type Output } from '../output.js';
import { progressBar } from '../progress.js';
import { printRisk } from './risk-print.js';

export interface RiskCliOptions {
  model: string;
  /** Hours; its range is assessRisk's to check. */
  horizon?: number;
  /** Monte Carlo runs; their range is assessRisk's to check. */
  runs?: number;
  seed?: number;
  /** Entry points (split at the commas). */
  from?: string[];
  json?: boolean;
}

/** The library names option fields; people typed flags. */
const FLAGS: Record<string, string> = { horizonHours: '--horizon', runs: '--runs', seed: '--seed' };

/**
 * `twinward risk`: risk per owner of a model. Expected loss and posture per
 * domain, then the services and assets at most risk (text), or the
 * RiskReport (--json). Outages of one owner's services caused by another
 * owner's assets count in the first owner's loss.
 */
export async function riskCommand(opts: RiskCliOptions, io: Output): Promise<number> {
  const loaded = await loadModelOrReport(io, opts.model);
  if (!loaded) return EXIT.invalid;
  const t0 = performance.now();
  const bar = progressBar(io, 'assessing risk [{bar}] {percentage}% {value}/{total} runs');
  let report: RiskReport;
  try {
    report = assessRisk(loaded.model, { horizonHours: opts.horizon, runs: opts.runs, seed: opts.seed, entries: opts.from ?? [], onProgress: bar.update });
  } catch (err) {
    if (err instanceof RiskError) {
      const flag = FLAGS[err.field] ?? (err.field.startsWith('entries[') ? '--from' : err.field);
      throw new ExitError(EXIT.usage, `${flag}: ${err.message.slice(err.field.length + 2)}`);
    }
    throw err;
  } finally {
    bar.stop();
  }
  if (opts.json) {
    io.out(JSON.stringify(report, null, 2));
    return EXIT.ok;
  }
  printRisk(io, report, (performance.now() - t0) / 1000);
  return EXIT.ok;
}
