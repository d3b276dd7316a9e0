import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runScenario } from '../../detect/eval/scenario-run.js';
import type { GroupModel } from '../../detect/group-rule.js';
import { TrainingError, trainOnSimulation } from '../../training/index.js';
import { formatProblem } from '../../model/index.js';
import { parseScenario, type Scenario } from '../../process/index.js';
import { readInputFile } from '../input-file.js';
import { loadModelOrReport } from '../model-files.js';
import { EXIT, ExitError, type Output } from '../output.js';
import { examplesDir } from '../paths.js';
import { loadTechniques } from '../techniques.js';

export interface EvalScenariosOptions {
  model: string;
  /** Scenario files; default: every file in examples/scenarios that fits the model. */
  scenario?: string[];
  seed?: number;
  /** Simulated seconds of normal operation the detection groups train on first (0: rules and physics only). */
  trainSeconds?: number;
}

/** Seed of the normal training run: none of the example scenarios uses it, so training never sees a test run. */
export const TRAINING_SEED = 9001;

/**
 * `twinward eval scenarios`: the simulator's labelled attacks and faults
 * through the twin and its detectors; per injection, detected or not, time to
 * detect and whether an alert named the right tag; per scenario, false alarms
 * per hour of normal operation.
 */
export async function evalScenariosCommand(opts: EvalScenariosOptions, io: Output): Promise<number> {
  const loaded = await loadModelOrReport(io, opts.model);
  if (!loaded) return EXIT.invalid;
  const explicit = opts.scenario && opts.scenario.length > 0;
  const dir = join(examplesDir, 'scenarios');
  const files = explicit ? opts.scenario! : (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
  const scenarios: { file: string; scenario: Scenario }[] = [];
  for (const file of files) {
    const text = await readInputFile(file, 'the scenario', EXIT.invalid);
    const r = parseScenario(file, text, loaded.model);
    if (r.scenario) scenarios.push({ file, scenario: r.scenario });
    else if (explicit) {
      r.problems.forEach((p) => io.err(formatProblem(p)));
      throw new ExitError(EXIT.invalid, `${file}: not a valid scenario for ${opts.model}`);
    }
  }
  if (scenarios.length === 0) throw new ExitError(EXIT.invalid, `no scenario in ${dir} fits ${opts.model}; give one with --scenario`);

  const techniques = loadTechniques();
  const trainSeconds = opts.trainSeconds ?? 10_800;
  let groups: GroupModel[] = [];
  if (trainSeconds > 0 && loaded.model.detection.groups.length > 0) {
    try {
      groups = (await trainOnSimulation(loaded, { seconds: trainSeconds, seed: TRAINING_SEED })).groups;
    } catch (err) {
      if (err instanceof TrainingError) throw new ExitError(EXIT.invalid, err.message);
      throw err;
    }
    io.out(`detection groups ${groups.map((g) => g.group).join(', ')} trained on ${trainSeconds} s of simulated normal operation (seed ${TRAINING_SEED})`);
  }
  io.out('scenario / injection                 class   detected  time to detect  named target');
  let detected = 0;
  let total = 0;
  for (const { scenario } of scenarios) {
    const r = runScenario(loaded, scenario, techniques, { groups, ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
    io.out(`${r.scenario}  (${r.alerts} alerts; ${r.falseAlarms} false alarms in ${(r.normalHours * 60).toFixed(0)} min of normal operation = ${r.falseAlarmsPerHour.toFixed(1)}/h)`);
    const by = Object.entries(r.byDetector).sort((a, b) => b[1].alerts - a[1].alerts);
    if (by.length > 0) io.out(`  alerts by detector: ${by.map(([d, c]) => `${d} ${c.alerts}${c.false ? ` (${c.false} false)` : ''}`).join(', ')}`);
    for (const i of r.injections) {
      total++;
      if (i.detected) detected++;
      io.out(`  ${i.id.padEnd(35)}${i.class.padEnd(8)}${(i.detected ? 'yes' : 'no').padEnd(10)}${(i.timeToDetect === null ? '-' : `${i.timeToDetect.toFixed(1)} s`).padEnd(16)}${i.detected ? (i.namedTarget ? 'yes' : 'no') : '-'}`);
    }
  }
  io.out(`detected ${detected} of ${total} injections`);
  return EXIT.ok;
}
