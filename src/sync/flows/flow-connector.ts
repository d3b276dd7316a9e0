import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import type { Observation } from '../../twin/observations.js';
import type { Connector, Sink } from '../types.js';
import { FlowError } from './flow-error.js';
import { followFile, type FollowEvent } from './follow-file.js';
import { LineSplitter, type Line } from './line-splitter.js';
import { FLOW_FORMATS, parseFlowLine, type FlowFormat } from './parse-line.js';
import { OneRun } from '../one-run.js';

export interface FlowOptions {
  /** A JSON-lines flow log, or `-` for standard input. */
  path: string;
  /** Default `auto`: per line, Zeek conn.log, Zeek modbus.log or generic flow record. */
  format?: FlowFormat;
  /** Keep reading as the file grows, across truncation and rotation (tail -F). Not for stdin. */
  follow?: boolean;
  /** With `follow`: skip what the file already holds. */
  fromEnd?: boolean;
  /** With `follow`: how often to check the file (default 250 ms). */
  pollMs?: number;
  /** Most observations per sink.observe call (default 500). */
  batchSize?: number;
  /** Longest line accepted (default 64 KiB); longer ones are malformed. */
  maxLineBytes?: number;
  /** What `-` reads (default process.stdin). */
  stdin?: AsyncIterable<Buffer | string>;
  /** Each malformed line. */
  onProblem?: (e: FlowError) => void;
}

export interface FlowCounters {
  lines: number;
  flows: number;
  commands: number;
  malformed: number;
  /** Blank and comment lines, Modbus responses and exceptions. */
  skipped: number;
  /** Times a followed file was truncated or rotated. */
  resets: number;
  batches: number;
}

/**
 * Reads flow records (Zeek conn.log/modbus.log as JSON, generic JSON flow
 * records) and hands them to the twin as observations. Every line is
 * untrusted: malformed ones are counted and reported, never fatal; the only
 * fatal input is a Zeek TSV log, which no line of could ever parse.
 */
export class FlowConnector implements Connector {
  readonly name: string;
  readonly #sink: Sink;
  readonly #opts: FlowOptions;
  readonly #counters: FlowCounters = { lines: 0, flows: 0, commands: 0, malformed: 0, skipped: 0, resets: 0, batches: 0 };
  readonly #lifecycle = new OneRun<FlowCounters>();
  #batch: Observation[] = [];

  constructor(sink: Sink, opts: FlowOptions) {
    const bad = (why: string) => new FlowError('bad-option', { file: opts.path }, why);
    if (opts.format !== undefined && !FLOW_FORMATS.includes(opts.format)) throw bad(`format must be one of ${FLOW_FORMATS.join(', ')}`);
    if (opts.follow && opts.path === '-') throw bad('standard input cannot be followed; it is read until it ends');
    const batch = opts.batchSize ?? 500;
    if (!Number.isInteger(batch) || batch < 1) throw bad(`batch size must be a whole number of 1 or more, got ${batch}`);
    this.name = `flows:${opts.path === '-' ? 'stdin' : opts.path}`;
    this.#sink = sink;
    this.#opts = opts;
  }

  /** Checks the file can be read, then reads in the background. Rejects (status `error`) when it cannot. Requires: called once. */
  async start(): Promise<void> {
    if (this.#lifecycle.started) throw new FlowError('bad-option', { file: this.#opts.path }, 'a flow connector starts once');
    this.#sink.connectorStatus(this.name, 'starting', this.#opts.follow ? `following ${this.#opts.path}` : `reading ${this.#opts.path}`);
    const ready = this.#opts.path === '-' ? Promise.resolve() : access(this.#opts.path, constants.R_OK);
    const opened = ready.then(
      () => this.#sink.connectorStatus(this.name, 'connected'),
      (err: Error) => {
        const e = new FlowError('unreadable', { file: this.#opts.path }, `cannot read: ${err.message}`, { cause: err });
        this.#sink.connectorStatus(this.name, 'error', e.message);
        throw e;
      },
    );
    this.#lifecycle.begin(opened.then(() => this.#run()));
    await opened;
  }

  /** Resolves with the final counters when the input ends or stop() is called; rejects on a fatal error. Requires start(). */
  done(): Promise<FlowCounters> {
    return this.#lifecycle.done(() => new FlowError('bad-option', { file: this.#opts.path }, 'flow connector not started'));
  }

  /** Stops reading; observations already parsed are delivered. Resolves when reading has ended. */
  async stop(): Promise<void> {
    await this.#lifecycle.stop();
  }

  counters(): Record<string, number> {
    return { ...this.#counters };
  }

  async #run(): Promise<FlowCounters> {
    const splitter = new LineSplitter(this.#opts.maxLineBytes);
    const file = this.#opts.path === '-' ? 'stdin' : this.#opts.path;
    try {
      for await (const ev of this.#events()) {
        if (ev.kind === 'data') {
          for (const line of splitter.push(ev.chunk)) await this.#line(line, file);
        } else if (ev.kind === 'idle') {
          await this.#flush();
        } else {
          // Lines restart at 1 in the new content; a partial line of the old one is dropped.
          this.#counters.resets++;
          splitter.reset();
          this.#sink.connectorStatus(this.name, 'connected', `${file} was ${ev.why}; reading it from the start`);
        }
        if (this.#lifecycle.signal.aborted) break;
      }
      if (!this.#lifecycle.signal.aborted) {
        const last = splitter.end();
        if (last) await this.#line(last, file);
      }
      await this.#flush();
    } catch (err) {
      const e = err instanceof FlowError ? err : new FlowError('unreadable', { file }, `cannot read: ${(err as Error).message}`, { cause: err });
      await this.#flush().catch(() => undefined);
      this.#sink.connectorStatus(this.name, 'error', e.message);
      throw e;
    }
    const c = this.#counters;
    this.#sink.connectorStatus(this.name, 'stopped', `${this.#lifecycle.signal.aborted ? 'stopped' : 'finished'}: ${c.lines} lines, ${c.flows} flows, ${c.commands} commands, ${c.malformed} malformed`);
    return { ...c };
  }

  /** The input as follow events; a plain read is data chunks only. */
  async *#events(): AsyncGenerator<FollowEvent> {
    const { signal } = this.#lifecycle;
    if (this.#opts.follow) {
      yield* followFile(this.#opts.path, { signal, pollMs: this.#opts.pollMs, fromEnd: this.#opts.fromEnd });
      return;
    }
    const input = this.#opts.path === '-' ? (this.#opts.stdin ?? process.stdin) : createReadStream(this.#opts.path);
    for await (const chunk of input) {
      yield { kind: 'data', chunk: typeof chunk === 'string' ? Buffer.from(chunk) : chunk };
      if (signal.aborted) return;
    }
  }

  async #line(line: Line, file: string): Promise<void> {
    this.#counters.lines++;
    const at = { file, line: line.number };
    if (line.tooLong) {
      this.#malformed(new FlowError('line-too-long', at, `longer than ${this.#opts.maxLineBytes ?? 1 << 16} bytes`));
      return;
    }
    const r = parseFlowLine(line.text, at, this.#opts.format);
    if (r.kind === 'malformed') return this.#malformed(r.error);
    if (r.kind === 'skip') {
      this.#counters.skipped++;
      return;
    }
    if (r.observation.kind === 'flow') this.#counters.flows++;
    else this.#counters.commands++;
    this.#batch.push(r.observation);
    if (this.#batch.length >= (this.#opts.batchSize ?? 500)) await this.#flush();
  }

  #malformed(e: FlowError): void {
    this.#counters.malformed++;
    this.#opts.onProblem?.(e);
  }

  async #flush(): Promise<void> {
    if (this.#batch.length === 0) return;
    const b = this.#batch;
    this.#batch = [];
    await this.#sink.observe(b);
    this.#counters.batches++;
  }
}
