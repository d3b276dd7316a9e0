import { createReadStream } from 'node:fs';
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
import { openCsv, ReplayError, type Separator } from '../../sync/replay/index.js';
import { EXIT, ExitError, type Output } from '../output.js';
import { parseSeparator } from '../separator.js';

/** The labelled SKAB folders, in the order of ../shared/data/README.md; anomaly-free/ has no labels and is not scored. */
const SKAB_FOLDERS = ['valve1', 'valve2', 'other'] as const;
const SKAB_FILES = 34;

/** A labelled recording in memory: one numeric row per kept line. */
interface LabelledTable {
  columns: string[];
  rows: number[][];
  labels: (0 | 1)[];
  /** Epoch ms. */
  times: number[];
  /** ISO time as recorded, per row. */
  stamps: string[];
}

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
  const result = await guardAsync(() => evaluateSkab(files, factory, (n) => bar?.update(n)));
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
  const fitted = await guardAsync(async () => factory(train.rows));
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

/** Runs pure evaluation code; its refusals are input problems (exit 1), anything else a bug. */
function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof DetectError) throw new ExitError(EXIT.invalid, err.message);
    throw err;
  }
}

async function guardAsync<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof DetectError) throw new ExitError(EXIT.invalid, err.message);
    throw err;
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

interface ReadOptions {
  file: string;
  format: 'skab' | 'generic';
  label?: string;
  labelOptional?: boolean;
  time?: string;
  separator?: Separator;
  exclude?: string[];
}

/**
 * Reads a whole labelled recording, strictly: the first bad row, time, cell
 * or label stops it with its position (a score over silently skipped rows
 * would not be the file's). Empty cells repeat the column's previous value
 * (a sensor not polled); an empty cell in the first row is an error.
 */
async function readTable(path: string, o: ReadOptions): Promise<LabelledTable> {
  let problem: ReplayError | undefined;
  try {
    const source = await openCsv(createReadStream(path), {
      file: o.file,
      format: o.format,
      timeColumn: o.time,
      separator: o.separator,
      exclude: o.exclude,
      outOfOrder: 'fail',
      // A nameless header column is only ignored; everything else (bad cell, bad time, unknown --exclude) stops the read.
      onProblem: (p) => void (p.code === 'bad-header' || (problem ??= p)),
    });
    const h = source.header;
    if (o.format === 'skab' && !h.labels) {
      await source.close();
      throw new ReplayError('no-labels', { file: o.file, line: 1 }, 'no anomaly and changepoint columns: not a labelled SKAB file');
    }
    const labelCol = o.label === undefined ? undefined : h.columns.find((c) => c.name === o.label);
    if (o.format === 'generic' && !labelCol && !o.labelOptional) {
      await source.close();
      throw new ReplayError('no-labels', { file: o.file, line: 1, column: o.label }, `missing label column; columns: ${h.columns.map((c) => c.name).join(', ')}`);
    }
    const features = h.columns.filter((c) => c.name !== o.label);
    const t: LabelledTable = { columns: features.map((c) => c.name), rows: [], labels: [], times: [], stamps: [] };
    let previous: number[] | undefined;
    for await (const row of source.rows()) {
      if (problem) break;
      const byName = new Map(row.cells.map((c) => [c.column, c.cell]));
      const values = features.map((c, j) => {
        const cell = byName.get(c.name);
        if (cell === undefined) {
          if (!previous) throw new ReplayError('bad-cell', { file: o.file, line: row.line, column: c.name }, 'empty in the first row: no previous value to carry');
          return previous[j]!;
        }
        return Number(cell.value);
      });
      let label: 0 | 1 | undefined;
      if (o.format === 'skab') label = row.labels?.anomaly;
      else if (labelCol) {
        const cell = byName.get(labelCol.name);
        const v = cell?.kind === 'value' ? Number(cell.value) : Number.NaN;
        if (v !== 0 && v !== 1) throw new ReplayError('bad-label', { file: o.file, line: row.line, column: labelCol.name }, `expected 0 or 1, found ${JSON.stringify(cell?.value ?? '')}`);
        label = v;
      }
      t.rows.push(values);
      t.labels.push(label ?? 0);
      t.times.push(row.time.getTime());
      t.stamps.push(row.time.toISOString());
      previous = values;
    }
    if (problem) throw problem;
    if (t.rows.length === 0) throw new ReplayError('bad-row', { file: o.file }, 'no data rows');
    return t;
  } catch (err) {
    if (err instanceof ReplayError) throw new ExitError(EXIT.invalid, err.message);
    throw err;
  }
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
