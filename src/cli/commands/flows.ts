import { FlowConnector, FlowError, FLOW_FORMATS, type FlowFormat } from '../../sync/flows/index.js';
import type { Sink } from '../../sync/types.js';
import type { Observation } from '../../twin/observations.js';
import { postJson } from '../api-client.js';
import { EXIT, ExitError, type Output } from '../output.js';
import { waitForSignal } from '../signals.js';

export interface FlowsCliOptions {
  /** Flow logs (JSON lines); `-` reads standard input. */
  files: string[];
  /** auto (default), generic, zeek-conn or zeek-modbus. */
  format?: string;
  /** Keep reading as the files grow (tail -F) until Ctrl+C. */
  follow?: boolean;
  /** With --follow: only what is appended from now on. */
  fromEnd?: boolean;
  /** Normalized observations as JSON lines on stdout; the summary goes to stderr. */
  json?: boolean;
  /** Send the observations to a running node (POST /api/observations) and print the drift it finds. */
  api?: string;
  /** What `-` reads (tests); default process.stdin. */
  stdin?: AsyncIterable<Buffer | string>;
}

/** Problems printed per file before the rest are only counted. */
const SHOWN_PROBLEMS = 20;

/**
 * `twinward flows`: parses flow logs (Zeek conn.log and modbus.log as JSON,
 * generic JSON flow records) and shows what the twin would observe; with
 * --api it sends them to a running node and prints the drift the node finds.
 */
export async function flowsCommand(opts: FlowsCliOptions, io: Output): Promise<number> {
  const format = (opts.format ?? 'auto') as FlowFormat;
  if (!FLOW_FORMATS.includes(format)) throw new ExitError(EXIT.usage, `--format: expected one of ${FLOW_FORMATS.join(', ')}; got ${JSON.stringify(opts.format)}`);
  if (opts.files.length === 0) throw new ExitError(EXIT.usage, 'no flow log given (use - for standard input)');
  if (opts.files.filter((f) => f === '-').length > 1) throw new ExitError(EXIT.usage, 'standard input (-) can be read once');

  const sink = new SummarySink(io, Boolean(opts.json), opts.api);
  const report = opts.json ? io.err : io.out;
  const connectors = opts.files.map((path) => {
    let shown = 0;
    let hidden = 0;
    const c = new FlowConnector(sink, {
      path,
      format,
      follow: opts.follow && path !== '-',
      fromEnd: opts.fromEnd,
      stdin: opts.stdin,
      onProblem: (e) => (shown++ < SHOWN_PROBLEMS ? io.err(e.message) : hidden++),
    });
    return { path, c, hidden: () => hidden };
  });

  let failed = false;
  const results = await Promise.all(
    connectors.map(async ({ path, c, hidden }) => {
      try {
        await c.start();
        const stop = opts.follow ? waitForSignal().then(() => c.stop()) : undefined;
        await (stop ? Promise.race([c.done(), stop]) : c.done());
        if (hidden() > 0) io.err(`${path}: ... and ${hidden()} more malformed lines`);
        return { path, counters: c.counters() };
      } catch (err) {
        if (!(err instanceof FlowError)) throw err;
        io.err(err.message);
        failed = true;
        return { path, counters: c.counters() };
      }
    }),
  );

  for (const { path, counters: k } of results) {
    report(`${path === '-' ? 'stdin' : path}: ${k.lines ?? 0} lines, ${k.flows ?? 0} flows, ${k.commands ?? 0} commands, ${k.malformed ?? 0} malformed, ${k.skipped ?? 0} skipped`);
  }
  for (const line of sink.describe()) report(line);
  return failed ? EXIT.invalid : EXIT.ok;
}

/** Collects what would be sent; prints each observation as JSON when asked. */
class SummarySink implements Sink {
  readonly #io: Output;
  readonly #json: boolean;
  readonly #api: string | undefined;
  #drift = 0;
  readonly #protocols = new Map<string, number>();
  /** from -> to operation: function code -> count. */
  readonly #commands = new Map<string, Map<number | undefined, number>>();
  #flows = 0;
  #cmds = 0;

  constructor(io: Output, json: boolean, api?: string) {
    this.#io = io;
    this.#json = json;
    this.#api = api;
  }

  /** The API's body shape: ISO times, no `source` (the node names the sender itself). */
  async #send(batch: readonly Observation[]): Promise<void> {
    if (!this.#api || batch.length === 0) return;
    const observations = batch.map(({ source: _source, time, ...o }) => ({ ...o, ...(time === undefined ? {} : { time: new Date(time).toISOString() }) }));
    const answer = await postJson<{ drift: { seq: number; kind: string; message: string }[] }>(this.#api, '/api/observations', { observations });
    for (const d of answer.drift) this.#io.err(`drift #${d.seq} ${d.kind}: ${d.message}`);
    this.#drift += answer.drift.length;
  }

  async readings(): Promise<void> {}

  async observe(batch: readonly Observation[]): Promise<void> {
    await this.#send(batch);
    for (const o of batch) {
      if (this.#json) this.#io.out(JSON.stringify(o));
      if (o.kind === 'flow') {
        this.#flows++;
        const p = o.protocol ?? (o.transport ? `${o.transport} (no application protocol)` : '(unknown)');
        this.#protocols.set(p, (this.#protocols.get(p) ?? 0) + 1);
      } else {
        this.#cmds++;
        const key = `${o.from} -> ${o.to ?? '?'}  ${o.protocol} ${o.operation}`;
        const codes = this.#commands.get(key) ?? new Map<number | undefined, number>();
        codes.set(o.functionCode, (codes.get(o.functionCode) ?? 0) + 1);
        this.#commands.set(key, codes);
      }
    }
  }

  unknownSource(): void {}
  deviceStatus(): void {}
  connectorStatus(): void {}

  /** The summary, most frequent first. */
  describe(): string[] {
    const out: string[] = [];
    if (this.#protocols.size > 0) {
      const byCount = [...this.#protocols].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      out.push(`flows by protocol: ${byCount.map(([p, n]) => `${p} ${n}`).join(', ')}`);
    }
    if (this.#commands.size > 0) {
      out.push('commands:');
      for (const [key, codes] of [...this.#commands].sort((a, b) => a[0].localeCompare(b[0]))) {
        const fc = [...codes].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)).map(([c, n]) => `${c === undefined ? 'no code' : `fc ${c}`} x${n}`);
        out.push(`  ${key}  ${fc.join(', ')}`);
      }
    }
    if (this.#api) out.push(`sent ${this.#flows} flows and ${this.#cmds} commands to ${this.#api}; the node found ${this.#drift} drift`);
    else out.push(`parsed ${this.#flows} flows and ${this.#cmds} commands; --api <url> sends them to a node${this.#json ? '' : ', --json prints them'}`);
    return out;
  }
}
