import { AttackError, readChangeSet, whatIf, type ChangeSet, type WhatIfReport } from '../../attack/index.js';
import { RiskError } from '../../risk/index.js';
import { readInputFile } from '../input-file.js';
import { loadModelOrReport } from '../model-files.js';
import { EXIT, ExitError, type Output } from '../output.js';
import { progressBar } from '../progress.js';
import { printWhatIf } from './whatif-print.js';

export interface WhatIfCliOptions {
  model: string;
  /** The change set file (YAML or JSON). */
  changes: string;
  /** Entry points (split at the commas). */
  from?: string[];
  /** Goals (split at the commas). */
  to?: string[];
  k?: number;
  json?: boolean;
  impact?: boolean;
  risk?: boolean;
  runs?: number;
  seed?: number;
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
  const text = await readInputFile(opts.changes, 'the change set');
  // The change set is checked before the model loads: its own mistakes need no model to find.
  let set: ChangeSet;
  try {
    set = readChangeSet(text, opts.changes);
  } catch (err) {
    if (err instanceof AttackError) throw new ExitError(EXIT.usage, err.message);
    throw err;
  }
  const loaded = await loadModelOrReport(io, opts.model);
  if (!loaded) return EXIT.invalid;

  const bar = progressBar(io, 'what-if [{bar}] {percentage}% {phase}');
  let report: WhatIfReport;
  try {
    report = await whatIf(loaded.model, set, { entries: opts.from ?? [], goals: opts.to ?? [], k: opts.k, impact: opts.impact, risk: opts.risk, runs: opts.runs, seed: opts.seed }, bar.update);
  } catch (err) {
    // The simulator refusing the model (invalid-model) is not the request's fault: it stays a failure.
    if ((err instanceof AttackError && err.code !== 'invalid-model') || err instanceof RiskError) throw new ExitError(EXIT.usage, flagged(err));
    throw err;
  } finally {
    bar.stop();
  }
  if (opts.json) io.out(JSON.stringify(report, null, 2));
  else printWhatIf(io, report);
  return EXIT.ok;
}
