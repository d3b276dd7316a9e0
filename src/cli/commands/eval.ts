import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SingleBar } from 'cli-progress';
import {
  DEFAULT_DETECTOR,
  DETECTORS,
  DetectError,
  countConfusion,
  evaluateSkab,
  makeDetector,
  rankAgainstLeaderboard,
  scoreEvents,
  skabScores,
  splitChronologically,
  type DetectorFactory,
  type SplitFile,
} from '../../detect/index.js';
import { inputErrors } from '../guard.js';
import { EXIT, ExitError, type Output } from '../output.js';
import { parseSeparator } from '../separator.js';
import { readTable } from '../table.js';

/** The labelled SKAB folders, in the order of ../shared/data/README.md; anomaly-free/ has no labels and is not scored. */
const SKAB_FOLDERS = ['valve1', 'valve2', 'other'] as const;
const SKAB_FILES = 34;

/**
 * `twinward eval skab --data <dir> [--detector <name>] [--out <file.json>]`:
 * SKAB's outlier protocol on the 34 labelled files (first 400 rows of each
 * train, the rest is scored), pooled F1 / FAR / MAR placed in the published
 * leaderboard. `--out` writes the per-file counts and fits as JSON.
 */
export async function evalSkabCommand(opts: { data: string; detector?: string; out?: string }, io: Output): Promise<number> {
  const name = opts.detector ?? DEFAULT_DETECTOR;
  const factory = detectorOrUsage(name);
  const paths = await skabPaths(opts.data);
  const bar = io.tty ? new SingleBar({ format: 'eval skab [{bar}] {value}/{total} files', stream: process.stderr, fps: 5 }) : undefined;
  const files: SplitFile[] = [];
  for (const p of paths) {
    const t = await readTable(p.path, { file: p.name, format: 'skab' });
    files.push(guard(() => splitChronologically(p.name, t.rows, t.labels, t.times)));
  }
  bar?.start(files.length, 0);
  const result = await guard(() => evaluateSkab(files, factory, (n) => bar?.update(n)));
  bar?.stop();

  const ours = `Twinward ${name}`;
  io.out(`SKAB outlier detection, ${files.length} files, point-wise, pooled (../shared/data/README.md protocol)`);
  io.out(pad(['algorithm', 'F1', 'FAR %', 'MAR %'], [28, 6, 7, 7]));
  for (const r of rankAgainstLeaderboard(ours, result.pooled)) {
    io.out(pad([`${r.ours ? '> ' : '  '}${r.algorithm}`, r.f1.toFixed(2), r.far.toFixed(2), r.mar.toFixed(2)], [28, 6, 7, 7]));
  }
  const c = result.counts;
  io.out(`counts: TP ${c.tp}  FP ${c.fp}  TN ${c.tn}  FN ${c.fn}  (test rows ${c.tp + c.fp + c.tn + c.fn})`);
  io.out(`events: ${result.events.detected}/${result.events.total} detected; detector: ${DETECTORS[name]!.describe}`);
  if (opts.out) await writeOut(opts.out, `${JSON.stringify(result, null, 2)}\n`);
  return EXIT.ok;
}

export interface EvalCsvOptions {
  train: string;
  test: string;
  /** The 0/1 ground-truth column (read in the test file only; dropped from the training file's features). */
  label: string;
  time?: string;
  sep?: string;
  exclude?: string[];
  out?: string;
  detector?: string;
}

/**
 * `twinward eval csv --train <f> --test <f> --label <column> [--time <column>]
 * [--sep comma|semicolon|tab] [--exclude <column>...] [--out <file.csv>]`:
 * fits on the training file, scores the test file, prints point-wise F1 /
 * FAR / MAR and per-event detection and delay. `--out` writes
 * time,score,alarm per test row.
 */
export async function evalCsvCommand(opts: EvalCsvOptions, io: Output): Promise<number> {
  const name = opts.detector ?? DEFAULT_DETECTOR;
  const factory = detectorOrUsage(name);
  const read = { format: 'generic' as const, label: opts.label, time: opts.time, separator: parseSeparator(opts.sep, '--sep'), exclude: opts.exclude };
  const train = await readTable(opts.train, { ...read, file: opts.train, labelOptional: true });
  const test = await readTable(opts.test, { ...read, file: opts.test });
  if (train.columns.join('\u0000') !== test.columns.join('\u0000')) {
    throw new ExitError(EXIT.invalid, `${opts.test}:1: columns differ from ${opts.train}: ${test.columns.join(', ')} vs ${train.columns.join(', ')}`);
  }
  const fitted = await guard(async () => factory(train.rows));
  const scored = guard(() => fitted.score(test.rows));
  const counts = countConfusion(test.labels, scored.alarms);
  const s = skabScores(counts);
  const events = scoreEvents(test.labels, scored.alarms, test.times);
  io.out(`${opts.test}: ${test.rows.length} rows scored by ${fitted.name} fitted on ${train.rows.length} rows of ${opts.train}`);
  io.out(`F1 ${fmt(s.f1)}  FAR ${fmt(s.far)} %  MAR ${fmt(s.mar)} %  (TP ${counts.tp} FP ${counts.fp} TN ${counts.tn} FN ${counts.fn})`);
  io.out(`events: ${events.filter((e) => e.detected).length}/${events.length} detected`);
  for (const e of events) {
    const span = `${test.stamps[e.start]} .. ${test.stamps[e.end]} (${e.end - e.start + 1} rows)`;
    io.out(e.detected ? `  ${span}: detected after ${e.delayRows} rows / ${e.delaySeconds} s` : `  ${span}: missed`);
  }
  if (opts.out) {
    const lines = test.stamps.map((t, i) => `${t},${scored.scores[i]!.toPrecision(6)},${scored.alarms[i] ? 1 : 0}`);
    await writeOut(opts.out, `time,score,alarm\n${lines.join('\n')}\n`);
  }
  return EXIT.ok;
}

function detectorOrUsage(name: string): DetectorFactory {
  try {
    return makeDetector(name);
  } catch (err) {
    throw new ExitError(EXIT.usage, `--detector: ${(err as Error).message}`);
  }
}


async function skabPaths(data: string): Promise<{ name: string; path: string }[]> {
  const out: { name: string; path: string }[] = [];
  for (const folder of SKAB_FOLDERS) {
    let names: string[];
    try {
      names = await readdir(join(data, folder));
    } catch (err) {
      throw new ExitError(EXIT.invalid, `${join(data, folder)}: cannot list the SKAB folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); --data names the folder holding valve1/ valve2/ other/`);
    }
    const csvs = names.filter((n) => /^\d+\.csv$/.test(n)).sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
    for (const n of csvs) out.push({ name: `${folder}/${n}`, path: join(data, folder, n) });
  }
  if (out.length !== SKAB_FILES) throw new ExitError(EXIT.invalid, `${data}: found ${out.length} labelled SKAB files, expected ${SKAB_FILES}`);
  return out;
}

async function writeOut(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (err) {
    throw new ExitError(EXIT.failure, `${path}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

const fmt = (x: number) => (Number.isNaN(x) ? 'n/a' : x.toFixed(2));
const pad = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');

/** Refusals of the evaluation code are input problems (exit 1); anything else is a bug. */
const guard = inputErrors(DetectError);
