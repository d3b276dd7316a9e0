import { createReadStream } from 'node:fs';
import { systemClock, type Clock } from '../../common/clock.js';
import type { Reading } from '../../twin/index.js';
import type { Connector, Sink } from '../types.js';
import { openCsv, type CsvFormat, type CsvHeader, type CsvRow, type CsvSource, type CsvSourceOptions } from './csv-source.js';
import { isPaced, Pacer, systemTimer, type ReplayTimer } from './pacer.js';
import { ReplayError } from './replay-error.js';
import { OneRun } from '../one-run.js';

export interface ReplayOptions {
  /** The recording; also names the connector (`replay:<file>`) and starts every message. */
  file: string;
  /** Read this instead of opening `file` (stdin, tests). */
  input?: AsyncIterable<Buffer | string>;
  /** Default `generic`. */
  format?: CsvFormat;
  /** 1 = real time (default), N = N× faster, 0 or Infinity = as fast as the sink accepts. */
  speed?: number;
  /** Shift recorded times so the first row is stamped now (gaps kept, not scaled). Default false: keep recorded times. */
  retime?: boolean;
  /** Most readings per sink.readings call (default 1000). */
  batchSize?: number;
  /** The model's tag ids; a column mapped to any other id is reported once and not replayed. Default: replay every column. */
  knownTags?: Iterable<string>;
  /** Header and row handling: time column, separator, excluded columns, column -> tag mapping, out-of-order policy. */
  csv?: Omit<CsvSourceOptions, 'file' | 'format' | 'onProblem' | 'knownTags'>;
  timer?: ReplayTimer;
  /** Wall clock for `retime`. */
  clock?: Clock;
  /** Every positioned problem in the file (bad rows, times, cells). */
  onProblem?: (p: ReplayError) => void;
  /** Each row as it is sent, with its ground-truth labels for SKAB files. */
  onRow?: (row: CsvRow) => void;
}

export interface ReplayCounters {
  rows: number;
  readings: number;
  badCells: number;
  /** Rows not replayed: wrong field count, bad time, out of order. */
  skipped: number;
  unknownColumns: number;
  batches: number;
}

/**
 * Replays a recorded CSV file into the twin as if its sensors were live.
 * Backpressure: each batch waits for sink.readings, so a replay never runs
 * ahead of what the twin has made durable; at speed N a slow sink makes the
 * replay late rather than unbounded in memory.
 */
export class ReplayConnector implements Connector {
  readonly name: string;
  readonly #sink: Sink;
  readonly #opts: ReplayOptions;
  readonly #counters: ReplayCounters = { rows: 0, readings: 0, badCells: 0, skipped: 0, unknownColumns: 0, batches: 0 };
  readonly #lifecycle = new OneRun<ReplayCounters>();
  #header: CsvHeader | undefined;
  #lastLine = 0;

  constructor(sink: Sink, opts: ReplayOptions) {
    const speed = opts.speed ?? 1;
    if (Number.isNaN(speed) || speed < 0) throw new ReplayError('bad-option', { file: opts.file }, `speed must be 0 or more, got ${speed}`);
    const batch = opts.batchSize ?? 1000;
    if (!Number.isInteger(batch) || batch < 1) throw new ReplayError('bad-option', { file: opts.file }, `batch size must be a whole number of 1 or more, got ${batch}`);
    this.name = `replay:${opts.file}`;
    this.#sink = sink;
    this.#opts = opts;
  }

  /** The header as read by start(): separator, time column, replayed columns. */
  get header(): CsvHeader | undefined {
    return this.#header;
  }

  /**
   * Opens the file and checks its header, then replays in the background.
   * Rejects (after reporting status `error`) when the file cannot be read or
   * its header is wrong. Requires: called once.
   */
  async start(): Promise<void> {
    if (this.#lifecycle.started) throw new ReplayError('bad-option', { file: this.#opts.file }, 'a replay connector starts once');
    const opened = this.#open();
    this.#lifecycle.begin(opened.then((source) => this.#run(source)));
    await opened;
  }

  async #open(): Promise<CsvSource> {
    const { file } = this.#opts;
    const sink = this.#sink;
    sink.connectorStatus(this.name, 'starting', `opening ${file}`);
    try {
      const input = this.#opts.input ?? createReadStream(file);
      const knownTags = this.#opts.knownTags ? new Set(this.#opts.knownTags) : undefined;
      const source = await openCsv(input, { ...this.#opts.csv, file, format: this.#opts.format, knownTags, onProblem: this.#opts.onProblem });
      for (const c of source.header.unknown) {
        this.#counters.unknownColumns++;
        sink.unknownSource(`${this.name}#${c.name}`, `column ${JSON.stringify(c.name)} maps to tag "${c.tag}", which the model does not have; not replayed`);
      }
      this.#header = source.header;
      const speed = this.#opts.speed ?? 1;
      sink.connectorStatus(this.name, 'connected', `replaying ${source.header.columns.length} columns ${isPaced(speed) ? `at speed ${speed}` : 'as fast as possible'}`);
      return source;
    } catch (err) {
      const e = err instanceof ReplayError ? err : new ReplayError('unreadable', { file }, `cannot read: ${(err as Error).message}`, { cause: err });
      sink.connectorStatus(this.name, 'error', e.message);
      throw e;
    }
  }

  async #run(source: CsvSource): Promise<ReplayCounters> {
    const { signal } = this.#lifecycle;
    const speed = this.#opts.speed ?? 1;
    const timer = this.#opts.timer ?? systemTimer;
    const pacer = isPaced(speed) ? new Pacer(speed, timer) : undefined;
    const batchSize = this.#opts.batchSize ?? 1000;
    let offset: number | undefined;
    let batch: Reading[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const b = batch;
      batch = [];
      await this.#sink.readings(b);
      this.#counters.readings += b.length;
      this.#counters.batches++;
    };
    try {
      for await (const row of source.rows()) {
        if (signal.aborted) break;
        if (pacer && pacer.delay(row.time.getTime()) > 0) {
          // Send what is due before waiting, so readings reach the twin on the recording's schedule;
          // the wait is measured after the send, so a slow sink does not push the schedule back.
          await flush();
          const wait = pacer.delay(row.time.getTime());
          if (wait > 0) await timer.sleep(wait, signal);
          if (signal.aborted) break;
        }
        if (this.#opts.retime) offset ??= (this.#opts.clock ?? systemClock).now().getTime() - row.time.getTime();
        const time = new Date(row.time.getTime() + (offset ?? 0)).toISOString();
        for (const c of row.cells) {
          const source = `${this.name}#${c.column}`;
          batch.push(c.cell.kind === 'bad' ? { tag: c.tag, value: c.cell.value, time, quality: 'bad', source } : { tag: c.tag, value: c.cell.value, time, source });
          if (batch.length >= batchSize) await flush();
        }
        this.#counters.rows++;
        this.#lastLine = row.line;
        this.#opts.onRow?.(row);
      }
      await flush();
    } catch (err) {
      const e = err instanceof ReplayError ? err : new ReplayError('unreadable', { file: this.#opts.file, line: this.#lastLine || undefined }, `replay failed: ${(err as Error).message}`, { cause: err });
      this.#syncStats(source);
      this.#sink.connectorStatus(this.name, 'error', e.message);
      throw e;
    } finally {
      await source.close();
    }
    this.#syncStats(source);
    const c = this.#counters;
    const how = signal.aborted ? `stopped after line ${this.#lastLine}` : 'finished';
    this.#sink.connectorStatus(this.name, 'stopped', `${how}: ${c.rows} rows, ${c.readings} readings, ${c.badCells} bad cells, ${c.skipped} rows skipped`);
    return { ...c };
  }

  #syncStats(source: CsvSource): void {
    this.#counters.badCells = source.stats.badCells;
    this.#counters.skipped = source.stats.skipped;
  }

  /** Resolves with the final counters when the replay ends (finished or stopped); rejects when it fails. Requires start(). */
  done(): Promise<ReplayCounters> {
    return this.#lifecycle.done(() => new ReplayError('bad-option', { file: this.#opts.file }, 'replay not started'));
  }

  /** Stops mid-run: no more rows are read; what was already read is delivered. Resolves when the replay has ended. */
  async stop(): Promise<void> {
    await this.#lifecycle.stop();
  }

  counters(): Record<string, number> {
    return { ...this.#counters };
  }
}
