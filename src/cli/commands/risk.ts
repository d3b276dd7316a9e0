import { SingleBar } from 'cli-progress';
import { checkModel, formatProblem } from '../../model/index.js';
import { assessRisk, RiskError, type RiskReport } from '../../risk/index.js';
import { nodeModelFiles } from '../model-files.js';
import { EXIT, ExitError, type Output } from '../output.js';
import { printRisk } from './risk-print.js';

export interface RiskCliOptions {
  model: string;
  /** Hours, as typed. */
  horizon?: string;
  runs?: string;
  seed?: string;
  /** Entry points, comma-separated and/or repeated. */
  from?: string[];
  json?: boolean;
}

/** Assessments that run longer than this show a progress bar (on a terminal only). */
const BAR_AFTER_MS = 300;

const split = (xs: readonly string[] | undefined) => (xs ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);

/** A flag's number, or a usage error naming the flag; the range is assessRisk's to check. */
function numberOf(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new ExitError(EXIT.usage, `${flag} expects a number, got "${v}"`);
  return n;
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
  const options = { horizonHours: numberOf('--horizon', opts.horizon), runs: numberOf('--runs', opts.runs), seed: numberOf('--seed', opts.seed), entries: split(opts.from) };
  const { loaded, problems } = await checkModel(opts.model, nodeModelFiles);
  if (!loaded) {
    for (const p of problems) io.err(formatProblem(p));
    io.err(`${opts.model}: not a valid model (run twinward validate)`);
    return EXIT.invalid;
  }
  const t0 = performance.now();
  let bar: SingleBar | undefined;
  const onProgress = (done: number, total: number) => {
    if (!bar && io.tty && performance.now() - t0 > BAR_AFTER_MS && done < total) {
      bar = new SingleBar({ format: 'assessing risk [{bar}] {percentage}% {value}/{total} runs', stream: process.stderr, fps: 5 });
      bar.start(total, done);
    }
    if (bar && (done === total || done % 50 === 0)) bar.update(done);
  };
  let report: RiskReport;
  try {
    report = assessRisk(loaded.model, { ...options, onProgress });
  } catch (err) {
    if (err instanceof RiskError) {
      const flag = FLAGS[err.field] ?? (err.field.startsWith('entries[') ? '--from' : err.field);
      throw new ExitError(EXIT.usage, `${flag}: ${err.message.slice(err.field.length + 2)}`);
    }
    throw err;
  } finally {
    bar?.stop();
  }
  if (opts.json) {
    io.out(JSON.stringify(report, null, 2));
    return EXIT.ok;
  }
  printRisk(io, report, (performance.now() - t0) / 1000);
  return EXIT.ok;
}
