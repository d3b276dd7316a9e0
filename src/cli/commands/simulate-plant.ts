import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { SingleBar } from 'cli-progress';
import { formatProblem } from '../../model/index.js';
import { CsvEncoder, parseScenario, PlantSimulator, runRealtime, techniques, type AlarmRecord, type Scenario, type StepResult } from '../../process/index.js';
import { readInputFile } from '../input-file.js';
import { loadModelOrReport } from '../model-files.js';
import { EXIT, ExitError, type Output } from '../output.js';

export interface SimulatePlantOptions {
  /** Model file or directory. */
  model: string;
  /** Scenario file (YAML/JSON) with injections and ground truth. */
  scenario?: string;
  /** Simulated seconds; default the scenario's duration, else 600. */
  duration?: number;
  /** PRNG seed (0 to 4294967295, checked by the option parser, seedArg); default the scenario's, else 1. */
  seed?: number;
  /** CSV destination: a file, or "-" for stdout. */
  csv?: string;
  /** Seconds between CSV rows; default the smallest tag samplePeriod. */
  interval?: number;
  /** Run paced against the wall clock at this many simulated seconds per second. */
  speed?: number;
}

const DEFAULT_DURATION = 600;
/** Runs that simulate at least this many steps show a progress bar on a terminal. */
const BAR_STEPS = 36_000;
const SHOWN_ALARMS = 10;

/**
 * `twinward simulate-plant`: runs the plant simulator on a model, with a
 * scenario's injections, and writes a labelled CSV. Without --speed it runs
 * as fast as it can; a summary goes to stderr.
 */
export async function simulatePlantCommand(opts: SimulatePlantOptions, io: Output): Promise<number> {
  for (const [name, v] of [['duration', opts.duration], ['interval', opts.interval], ['speed', opts.speed]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new ExitError(EXIT.usage, `--${name} must be a positive number; got ${v}`);
  }
  const loaded = await loadModelOrReport(io, opts.model);
  if (!loaded) return EXIT.invalid;
  const model = loaded.model;
  let scenario: Scenario | undefined;
  if (opts.scenario) {
    const text = await readInputFile(opts.scenario, 'the scenario', EXIT.invalid);
    const parsed = parseScenario(opts.scenario, text, model);
    if (!parsed.scenario) {
      for (const p of parsed.problems) io.err(formatProblem(p));
      io.err(`${opts.scenario}: ${parsed.problems.length} problem${parsed.problems.length === 1 ? '' : 's'}`);
      return EXIT.invalid;
    }
    scenario = parsed.scenario;
  }

  const duration = opts.duration ?? scenario?.duration ?? DEFAULT_DURATION;
  const seed = opts.seed ?? scenario?.seed ?? 1;
  const sim = new PlantSimulator(model, { seed, ...(scenario ? { scenario } : {}) });
  for (const w of sim.warnings) io.err(`warning: ${w}`);
  if (model.process.tags.length === 0) io.err('warning: the model has no tags; the CSV has only time and label columns');
  const periods = model.process.tags.map((t) => t.samplePeriod);
  const interval = opts.interval ?? (periods.length > 0 ? Math.min(...periods) : 1);
  const intervalMs = Math.round(interval * 1000);
  if (intervalMs < sim.dt * 1000 || Math.abs(intervalMs - interval * 1000) > 1e-6) {
    throw new ExitError(EXIT.usage, `--interval must be at least the step (${sim.dt} s) and a whole number of ms; got ${interval}`);
  }

  const sink = opts.csv === undefined ? undefined : opts.csv === '-' ? stdoutSink(io) : fileSink(opts.csv);
  const encoder = new CsvEncoder(model.process.tags, intervalMs);
  const alarms: AlarmRecord[] = [];
  sim.onAlarm((a) => alarms.push(a));
  const onStep = (r: StepResult) => {
    if (sink) for (const line of encoder.add(r)) sink.line(line);
  };

  sink?.line(encoder.header);
  const until = sim.start + Math.round(duration * 1000);
  const steps = Math.ceil((until - sim.time) / (sim.dt * 1000));
  const wall0 = performance.now();
  if (opts.speed !== undefined) {
    io.err(`simulating ${duration} s at ${opts.speed}x real time (Ctrl+C to stop early)`);
    const run = runRealtime(sim, { speed: opts.speed, until, onStep });
    const interrupt = () => run.stop();
    process.once('SIGINT', interrupt);
    try {
      await run.done;
    } finally {
      process.off('SIGINT', interrupt);
    }
  } else {
    const bar = io.tty && steps >= BAR_STEPS ? new SingleBar({ format: 'simulating [{bar}] {percentage}% {value}/{total} s', stream: process.stderr, fps: 5 }) : undefined;
    bar?.start(Math.round(duration), 0);
    let k = 0;
    while (sim.time < until) {
      onStep(sim.step());
      if (sink && ++k % 2000 === 0) await sink.drain();
      if (bar && k % 1000 === 0) bar.update(Math.round(sim.elapsed));
    }
    bar?.update(Math.round(duration));
    bar?.stop();
  }
  if (sink) {
    for (const line of encoder.finish()) sink.line(line);
    await sink.close();
  }
  const wall = (performance.now() - wall0) / 1000;
  summarize(io, { sim, scenario, alarms, wall, rows: encoder.rows, csv: opts.csv, interval });
  return EXIT.ok;
}

interface Sink {
  line(s: string): void;
  drain(): Promise<void>;
  close(): Promise<void>;
}

function stdoutSink(io: Output): Sink {
  return { line: (s) => io.out(s), drain: async () => {}, close: async () => {} };
}

/** Buffers lines into large writes and waits for the stream when it asks to. */
function fileSink(path: string): Sink {
  const stream: WriteStream = createWriteStream(path, 'utf8');
  let failed: Error | undefined;
  stream.on('error', (err) => (failed = err));
  let buf: string[] = [];
  let pending = false;
  const flush = () => {
    if (buf.length === 0) return;
    pending = !stream.write(buf.join('\n') + '\n') || pending;
    buf = [];
  };
  const check = () => {
    if (failed) throw new ExitError(EXIT.failure, `cannot write ${path}: ${failed.message}`);
  };
  return {
    line(s) {
      buf.push(s);
      if (buf.length >= 512) flush();
    },
    async drain() {
      check();
      flush();
      if (pending) {
        pending = false;
        await once(stream, 'drain');
      }
    },
    async close() {
      flush();
      check();
      await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(new ExitError(EXIT.failure, `cannot write ${path}: ${err.message}`)) : resolve())));
      check();
    },
  };
}

function summarize(
  io: Output,
  r: { sim: PlantSimulator; scenario: Scenario | undefined; alarms: AlarmRecord[]; wall: number; rows: number; csv: string | undefined; interval: number },
): void {
  const { sim } = r;
  const simulated = sim.elapsed;
  const k = sim.counts;
  io.err(`simulated ${fmt(simulated)} s in ${k.steps} steps of ${sim.dt} s; wall time ${fmt(r.wall)} s (${fmt(simulated / Math.max(r.wall, 1e-9))}x real time)`);
  io.err(`samples: ${k.samples} delivered, ${k.dropped} lost${r.csv === undefined ? '' : `; CSV: ${r.rows} rows every ${r.interval} s to ${r.csv === '-' ? 'stdout' : r.csv}`}`);
  io.err(`alarms raised: ${r.alarms.length}`);
  for (const a of r.alarms.slice(0, SHOWN_ALARMS)) io.err(`  +${fmt((a.time - sim.start) / 1000)} s ${a.severity} ${a.kind} ${a.tag}: ${a.message}`);
  if (r.alarms.length > SHOWN_ALARMS) io.err(`  ... and ${r.alarms.length - SHOWN_ALARMS} more`);
  const injections = r.scenario?.injections ?? [];
  io.err(`injections: ${injections.length}${r.scenario ? ` (scenario "${r.scenario.name}")` : ''}`);
  for (const inj of injections) {
    const t = techniques(inj);
    io.err(`  ${inj.id}: ${inj.kind} ${inj.class} on ${inj.tag ?? inj.unit ?? inj.asset} ${inj.start}-${inj.end ?? fmt(simulated)} s${t.length > 0 ? ` (${t.join(', ')})` : ''}`);
  }
  if (k.writes > 0) io.err(`network writes: ${k.writes}`);
}

function fmt(v: number): string {
  return Number(v.toPrecision(4)).toString();
}
