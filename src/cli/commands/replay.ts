import { createReadStream } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { ReplayConnector, ReplayError, type CsvFormat, type ReplayCounters } from '../../sync/replay/index.js';
import type { ConnectorState, Sink } from '../../sync/types.js';
import type { Reading } from '../../twin/index.js';
import { postJson } from '../api-client.js';
import { loadModelOrReport } from '../model-files.js';
import { EXIT, ExitError, type Output } from '../output.js';
import { waitForSignal } from '../signals.js';
import { parseSeparator } from '../separator.js';

export interface ReplayCliOptions {
  /** Model file or directory: which tags exist (columns mapped to others are reported, not sent). */
  model: string;
  /** The recording (CSV). */
  data: string;
  format?: CsvFormat;
  /** 1 = real time (default), N = N× faster, 0 / inf / max = as fast as the node accepts. */
  speed?: number | string;
  api: string;
  /** Stamp readings from now on instead of the recorded times. */
  retime?: boolean;
  /** Generic: the time column (default time, timestamp or datetime). */
  timeColumn?: string;
  /** Generic: `,`, `;`, `tab` (default: detected from the header). */
  separator?: string;
  /** Columns not to replay (`--exclude a,b`, split at the commas). */
  exclude?: string[];
  /** `column=tag` mappings (`--map a=x,b=y`, split at the commas). */
  map?: string[];
  /** Rows older than the previous one: skip (default), keep or fail. */
  outOfOrder?: 'skip' | 'keep' | 'fail';
  /** Readings per request, 1 to API_MAX (default API_MAX, the API's limit). */
  batch?: number;
  /** Read and check the file, send nothing. */
  dryRun?: boolean;
}

/** The API takes at most this many readings per request (src/api/routes/readings.ts). */
const API_MAX = 10_000;
/** Problems printed before the rest are only counted. */
const SHOWN_PROBLEMS = 20;

/**
 * `twinward replay`: replays a recorded CSV (SKAB or generic) into a running
 * node through POST /api/readings, paced like the recording. Each request
 * waits for the node's answer, which comes once the readings are durable.
 */
export async function replayCommand(opts: ReplayCliOptions, io: Output): Promise<number> {
  const speed = parseSpeed(opts.speed ?? 1);
  const loaded = await loadModelOrReport(io, opts.model);
  if (!loaded) return EXIT.invalid;

  const sink = new ApiSink(opts.api, io, Boolean(opts.dryRun));
  let shown = 0;
  let hidden = 0;
  const labels = { anomaly: 0, changepoints: 0, labelled: false };
  const bar = io.tty ? new SingleBar({ format: 'replaying [{bar}] {percentage}% {value}/{total} rows', stream: process.stderr, fps: 5 }) : undefined;
  const connector = new ReplayConnector(sink, {
    file: opts.data,
    format: opts.format,
    speed,
    retime: opts.retime,
    batchSize: opts.batch ?? API_MAX,
    knownTags: loaded.model.process.tags.map((t) => t.id),
    csv: {
      timeColumn: opts.timeColumn,
      separator: parseSeparator(opts.separator, '--separator'),
      exclude: opts.exclude,
      columns: parseMap(opts.map),
      outOfOrder: opts.outOfOrder,
    },
    onProblem: (p) => {
      if (shown++ < SHOWN_PROBLEMS) io.err(p.message);
      else hidden++;
    },
    onRow: (row) => {
      bar?.increment();
      if (row.labels) {
        labels.labelled = true;
        labels.anomaly += row.labels.anomaly;
        labels.changepoints += row.labels.changepoint;
      }
    },
  });

  const t0 = performance.now();
  bar?.start(await countRows(opts.data).catch(() => 0), 0);
  try {
    await connector.start();
  } catch (err) {
    bar?.stop();
    if (err instanceof ReplayError) {
      io.err(err.message);
      return EXIT.invalid;
    }
    throw err;
  }
  let counters: ReplayCounters;
  let interrupted = false;
  try {
    const signal = waitForSignal().then(() => {
      interrupted = true;
      return connector.stop();
    });
    await Promise.race([connector.done(), signal]);
    counters = await connector.done();
  } catch (err) {
    // The API's own failure (node down, request refused) says more than the wrapper.
    const cause = (err as Error).cause;
    throw cause instanceof ExitError ? cause : err;
  } finally {
    bar?.stop();
  }
  if (hidden > 0) io.err(`... and ${hidden} more problems`);

  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  const c = counters;
  const s = sink.summary;
  io.out(`${interrupted ? 'interrupted after' : 'replayed'} ${c.rows} rows (${c.readings} readings) from ${opts.data} in ${secs} s at ${Number.isFinite(speed) && speed > 0 ? `speed ${speed}` : 'full speed'}`);
  io.out(`  ${c.badCells} bad cells${c.badCells > 0 ? ` (${s.notSent} not sent: the readings API takes numbers and booleans only)` : ''}, ${c.skipped} rows skipped, ${c.unknownColumns} columns not in the model`);
  if (labels.labelled) io.out(`  ground truth: ${labels.anomaly} anomalous rows, ${labels.changepoints} changepoints`);
  if (opts.dryRun) io.out('  dry run: nothing sent');
  else io.out(`  node: ${s.requests} requests, ${s.events} events recorded, ${s.rejected} readings rejected${s.lastSeq === undefined ? '' : `, last seq ${s.lastSeq}`}`);
  return EXIT.ok;
}

/** Delivers a connector's readings to a node's HTTP API; reports the rest on stderr. */
class ApiSink implements Sink {
  readonly summary = { requests: 0, events: 0, rejected: 0, notSent: 0, lastSeq: undefined as number | undefined };
  constructor(
    private readonly api: string,
    private readonly io: Output,
    private readonly dryRun: boolean,
  ) {}

  async readings(batch: readonly Reading[]): Promise<void> {
    const sendable = batch.filter((r) => typeof r.value === 'number' || typeof r.value === 'boolean');
    this.summary.notSent += batch.length - sendable.length;
    for (let i = 0; i < sendable.length && !this.dryRun; i += API_MAX) {
      const readings = sendable.slice(i, i + API_MAX).map((r) => ({ tag: r.tag, value: r.value, time: r.time, ...(r.quality ? { quality: r.quality } : {}) }));
      const answer = await postJson<{ events: number; lastSeq: number; rejected: unknown[] }>(this.api, '/api/readings', { readings });
      this.summary.requests++;
      this.summary.events += answer.events;
      this.summary.rejected += answer.rejected.length;
      this.summary.lastSeq = answer.lastSeq;
    }
  }

  async observe(): Promise<void> {}

  unknownSource(source: string, detail: string): void {
    this.io.err(`${source}: ${detail}`);
  }

  deviceStatus(): void {}

  connectorStatus(_connector: string, _state: ConnectorState): void {}
}

/** Rows in a CSV for the progress bar: its line breaks minus the header (an estimate when cells span lines). */
async function countRows(path: string): Promise<number> {
  let breaks = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) breaks++;
    if (chunk.length > 0) last = chunk[chunk.length - 1]!;
  }
  return Math.max(0, breaks + (last === 0x0a ? 0 : 1) - 1);
}

export function parseSpeed(v: number | string): number {
  if (typeof v === 'number' && v >= 0) return v;
  const s = String(v).trim().toLowerCase();
  if (s === 'max' || s === 'inf' || s === 'infinity') return Infinity;
  const n = Number(s);
  if (s === '' || !Number.isFinite(n) || n < 0) throw new ExitError(EXIT.usage, `--speed: expected a number of 0 or more, or max; got ${JSON.stringify(String(v))}`);
  return n;
}

function parseMap(pairs: string[] | undefined): Record<string, string> | undefined {
  if (!pairs) return undefined;
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.lastIndexOf('=');
    if (eq <= 0 || eq === p.length - 1) throw new ExitError(EXIT.usage, `--map: expected column=tag; got ${JSON.stringify(p)}`);
    out[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
  }
  return out;
}
