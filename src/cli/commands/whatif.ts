import { readFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { AttackError, readChangeSet, whatIf, type ChangeSet, type WhatIfReport } from '../../attack/index.js';
import { checkModel, formatProblem } from '../../model/index.js';
import { RiskError } from '../../risk/index.js';
import { nodeModelFiles } from '../model-files.js';
import { EXIT, ExitError, type Output } from '../output.js';
import { printWhatIf } from './whatif-print.js';

export interface WhatIfCliOptions {
  model: string;
  /** The change set file (YAML or JSON). */
  changes: string;
  /** Entry points, comma-separated and/or repeated. */
  from?: string[];
  /** Goals, comma-separated and/or repeated. */
  to?: string[];
  k?: string;
  json?: boolean;
  impact?: boolean;
  risk?: boolean;
  runs?: string;
  seed?: string;
}

/** Runs longer than this show a progress bar (on a terminal only). */
const BAR_AFTER_MS = 300;
const MAX_K = 50;

const split = (xs: readonly string[] | undefined) => (xs ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);

function whole(flag: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\s*\d+\s*$/.test(v) || n < min || n > max) throw new ExitError(EXIT.usage, `${flag} expects a whole number from ${min} to ${max}, got "${v}"`);
  return n;
}

/** The library names request fields (`entries[0]`, `runs`); people typed flags. */
function flagged(err: AttackError | RiskError): string {
  return err.message.replace(/^entries\[\d+\]/, '--from').replace(/^goals\[\d+\]/, '--to').replace(/^runs:/, '--runs:').replace(/^seed:/, '--seed:');
}

/**
 * `twinward whatif`: applies a change set to a fork of the model (the model
 * file is only read), analyses both, and prints the changes applied, each
 * goal before -> after, the owners' summary, the controllers whose takeover
 * odds moved and the hardening plans; --json prints the WhatIfReport. A bad
 * change set (or one the model cannot take) is a one-line usage error
 * (exit 2); a model that does not load, exit 1.
 */
export async function whatIfCommand(opts: WhatIfCliOptions, io: Output): Promise<number> {
  const k = whole('-k', opts.k, 1, MAX_K);
  const runs = whole('--runs', opts.runs, 1, 1_000_000);
  const seed = whole('--seed', opts.seed, 0, 2 ** 31 - 1);
  let text: string;
  try {
    text = readFileSync(opts.changes, 'utf8');
  } catch (err) {
    throw new ExitError(EXIT.usage, `cannot read the change set ${opts.changes}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  // The change set is checked before the model loads: its own mistakes need no model to find.
  let set: ChangeSet;
  try {
    set = readChangeSet(text, opts.changes);
  } catch (err) {
    if (err instanceof AttackError) throw new ExitError(EXIT.usage, err.message);
    throw err;
  }
  const { loaded, problems } = await checkModel(opts.model, nodeModelFiles);
  if (!loaded) {
    for (const p of problems) io.err(formatProblem(p));
    io.err(`${opts.model}: not a valid model (run twinward validate)`);
    return EXIT.invalid;
  }

  const t0 = performance.now();
  let bar: SingleBar | undefined;
  const onProgress = (done: number, total: number, phase: string) => {
    if (!bar && io.tty && performance.now() - t0 > BAR_AFTER_MS && done < total) {
      bar = new SingleBar({ format: 'what-if [{bar}] {percentage}% {phase}', stream: process.stderr, fps: 5 });
      bar.start(total, done, { phase });
    }
    bar?.update(done, { phase });
  };
  let report: WhatIfReport;
  try {
    report = await whatIf(loaded.model, set, { entries: split(opts.from), goals: split(opts.to), k, impact: opts.impact, risk: opts.risk, runs, seed }, onProgress);
  } catch (err) {
    // The simulator refusing the model (invalid-model) is not the request's fault: it stays a failure.
    if ((err instanceof AttackError && err.code !== 'invalid-model') || err instanceof RiskError) throw new ExitError(EXIT.usage, flagged(err));
    throw err;
  } finally {
    bar?.stop();
  }
  if (opts.json) io.out(JSON.stringify(report, null, 2));
  else printWhatIf(io, report);
  return EXIT.ok;
}
