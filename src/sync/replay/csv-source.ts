import { pipeline, Readable } from 'node:stream';
import { parse, type Info } from 'csv-parse';
import { DEFAULT_TIME_COLUMNS, SKAB_COLUMNS, SKAB_LABEL_COLUMNS, SKAB_TIME_COLUMN, slugifyColumn } from './columns.js';
import { detectSeparator, peekFirstLine, type Separator } from './detect-separator.js';
import { parseCell, type Cell } from './parse-cell.js';
import { parseTime } from './parse-time.js';
import { quote, ReplayError } from './replay-error.js';

export type CsvFormat = 'skab' | 'generic';

export interface CsvSourceOptions {
  /** The file as the user named it; every message starts with it. */
  file: string;
  /** Default `generic`. */
  format?: CsvFormat;
  /** Generic only. Default: the first of time, timestamp, datetime (any case). */
  timeColumn?: string;
  /** Default: `;` for SKAB, detected from the header line for generic files. */
  separator?: Separator;
  /** Columns not to replay. */
  exclude?: readonly string[];
  /** Column -> tag id, overriding the default mapping (SKAB's table, or the slug of the column name). */
  columns?: Readonly<Record<string, string>>;
  /** The model's tag ids: columns mapped to other ids are listed in `header.unknown` and not read. Default: keep all. */
  knownTags?: ReadonlySet<string>;
  /** A row older than the one before it: `skip` it (default), `keep` it, or `fail` the whole file. */
  outOfOrder?: 'skip' | 'keep' | 'fail';
  /** Each problem that does not stop the file: bad rows, times, cells, labels. */
  onProblem?: (problem: ReplayError) => void;
}

export interface CsvColumn {
  name: string;
  /** 0-based field index. */
  index: number;
  tag: string;
}

export interface CsvHeader {
  separator: Separator;
  time: { name: string; index: number };
  /** Columns replayed as readings, in file order. */
  columns: CsvColumn[];
  /** Columns whose tag is not in `knownTags`: not read. */
  unknown: CsvColumn[];
  excluded: string[];
  /** Field indexes of SKAB's ground-truth columns, when the file has them. */
  labels: { anomaly: number; changepoint: number } | undefined;
  fields: number;
}

export interface CsvCell {
  column: string;
  tag: string;
  cell: Exclude<Cell, { kind: 'empty' }>;
}

/** SKAB ground truth for one row: 1 inside an anomaly / at a changepoint. */
export interface RowLabels {
  anomaly: 0 | 1;
  changepoint: 0 | 1;
}

export interface CsvRow {
  /** 1-based line where the row starts. */
  line: number;
  time: Date;
  /** Non-empty cells of the replayed columns. */
  cells: CsvCell[];
  labels?: RowLabels;
}

export interface CsvStats {
  rows: number;
  /** Rows not emitted: bad field count, bad time, out of order (when skipped). */
  skipped: number;
  badRows: number;
  badTimes: number;
  outOfOrder: number;
  badCells: number;
  emptyCells: number;
  badLabels: number;
}

/** Longest record accepted; a wrong separator or a runaway quote is reported instead of buffering the file. */
const MAX_RECORD = 1 << 16;

/**
 * A recording opened and its header checked. Rows stream on demand; the file
 * is never held in memory. Header problems throw `bad-header` from
 * `openCsv`; row problems go to `onProblem` and the stats.
 */
export class CsvSource {
  readonly header: CsvHeader;
  readonly stats: CsvStats;
  readonly #records: AsyncIterator<{ record: string[]; info: Info }>;
  readonly #parser: Readable;
  readonly #release: () => Promise<void>;
  readonly #opts: CsvSourceOptions;
  #last: { time: Date; line: number } | undefined;

  /** Use `openCsv`. */
  constructor(
    header: CsvHeader,
    stats: CsvStats,
    records: AsyncIterator<{ record: string[]; info: Info }>,
    parser: Readable,
    release: () => Promise<void>,
    opts: CsvSourceOptions,
  ) {
    this.header = header;
    this.stats = stats;
    this.#records = records;
    this.#parser = parser;
    this.#release = release;
    this.#opts = opts;
  }

  /** The rows, in file order. Breaking out of the loop closes the file. */
  async *rows(): AsyncGenerator<CsvRow> {
    try {
      for (;;) {
        let next: IteratorResult<{ record: string[]; info: Info }>;
        try {
          next = await this.#records.next();
        } catch (err) {
          throw new ReplayError('unreadable', { file: this.#opts.file }, `cannot read: ${(err as Error).message}`, { cause: err });
        }
        if (next.done) return;
        const row = this.#row(next.value.record, next.value.info);
        if (row) yield row;
      }
    } finally {
      await this.close();
    }
  }

  /** Stops parsing and releases the input (closes the file); resolves once it is released. */
  async close(): Promise<void> {
    this.#parser.destroy();
    await this.#release();
  }

  #problem(p: ReplayError): void {
    this.#opts.onProblem?.(p);
  }

  #row(record: string[], info: Info): CsvRow | undefined {
    const { file } = this.#opts;
    const h = this.header;
    const line = startLine(record, info);
    const skip = (p: ReplayError) => {
      this.stats.skipped++;
      this.#problem(p);
      return undefined;
    };
    if (record.length !== h.fields) {
      this.stats.badRows++;
      return skip(new ReplayError('bad-row', { file, line }, `expected ${h.fields} fields, found ${record.length}`));
    }
    const rawTime = record[h.time.index]!;
    const time = parseTime(rawTime);
    if (!time) {
      this.stats.badTimes++;
      const what = rawTime.trim() === '' ? 'no time' : `not a time: ${quote(rawTime)} (expected ISO 8601, YYYY-MM-DD HH:MM:SS or epoch seconds/ms)`;
      return skip(new ReplayError('bad-time', { file, line, column: h.time.name }, what));
    }
    if (this.#last && time < this.#last.time) {
      this.stats.outOfOrder++;
      const p = new ReplayError('time-goes-back', { file, line, column: h.time.name },
        `time goes back: ${time.toISOString()} is before ${this.#last.time.toISOString()} (line ${this.#last.line})`);
      const policy = this.#opts.outOfOrder ?? 'skip';
      if (policy === 'fail') throw p;
      if (policy === 'skip') return skip(p);
      this.#problem(p);
    } else {
      this.#last = { time, line };
    }
    const cells: CsvCell[] = [];
    for (const c of h.columns) {
      const cell = parseCell(record[c.index]!);
      if (cell.kind === 'empty') {
        this.stats.emptyCells++;
        continue;
      }
      if (cell.kind === 'bad') {
        this.stats.badCells++;
        this.#problem(new ReplayError('bad-cell', { file, line, column: c.name }, `not a number: ${quote(cell.value)}`));
      }
      cells.push({ column: c.name, tag: c.tag, cell });
    }
    this.stats.rows++;
    const row: CsvRow = { line, time, cells };
    if (h.labels) {
      const anomaly = parseLabel(record[h.labels.anomaly]!);
      const changepoint = parseLabel(record[h.labels.changepoint]!);
      if (anomaly === undefined || changepoint === undefined) {
        this.stats.badLabels++;
        const [column, raw] = anomaly === undefined ? ['anomaly', record[h.labels.anomaly]!] : ['changepoint', record[h.labels.changepoint]!];
        this.#problem(new ReplayError('bad-label', { file, line, column }, `expected 0 or 1, found ${quote(raw)}`));
      } else {
        row.labels = { anomaly, changepoint };
      }
    }
    return row;
  }
}

/**
 * Opens a recording: reads the header, picks the separator, maps columns to
 * tags. Throws ReplayError `bad-header` when the file cannot be interpreted
 * at all, `unreadable` when it cannot be read.
 */
export async function openCsv(input: AsyncIterable<Buffer | string>, opts: CsvSourceOptions): Promise<CsvSource> {
  const { file } = opts;
  const format = opts.format ?? 'generic';
  let peeked: Awaited<ReturnType<typeof peekFirstLine>>;
  try {
    peeked = await peekFirstLine(input);
  } catch (err) {
    throw new ReplayError('unreadable', { file }, `cannot read: ${(err as Error).message}`, { cause: err });
  }
  const separator = peeked.line?.trim() ? (opts.separator ?? (format === 'skab' ? ';' : detectSeparator(peeked.line))) : undefined;
  if (!separator) {
    await peeked.close();
    if (!peeked.line?.trim()) throw new ReplayError('bad-header', { file, line: 1 }, 'no header line');
    throw new ReplayError('bad-header', { file, line: 1 }, 'a single column: expected a time column and data columns separated by ",", ";" or a tab');
  }

  const problems: ReplayError[] = [];
  const stats: CsvStats = { rows: 0, skipped: 0, badRows: 0, badTimes: 0, outOfOrder: 0, badCells: 0, emptyCells: 0, badLabels: 0 };
  const parser = parse({
    delimiter: separator,
    info: true,
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: MAX_RECORD,
    skip_records_with_error: true,
    on_skip: (err) => {
      // A quote opened and never closed swallows the rest of the file (RFC 4180 quoted fields may span lines).
      const line = typeof err?.lines === 'number' ? err.lines : undefined;
      const p = new ReplayError('bad-row', { file, line }, `unreadable record: ${err?.message.replace(/ at line \d+.*$/, '') ?? 'unknown error'}`);
      if (parser.info.records === 0) {
        problems.push(p);
      } else {
        stats.badRows++;
        stats.skipped++;
        opts.onProblem?.(p);
      }
      return undefined;
    },
  });
  pipeline(Readable.from(peeked.all), parser, () => {});
  const records = (parser as AsyncIterable<{ record: string[]; info: Info }>)[Symbol.asyncIterator]();
  let first: IteratorResult<{ record: string[]; info: Info }>;
  try {
    first = await records.next();
  } catch (err) {
    throw new ReplayError('unreadable', { file }, `cannot read: ${(err as Error).message}`, { cause: err });
  }
  if (first.done || first.value.info.lines !== 1) {
    parser.destroy();
    await peeked.close();
    throw problems[0] ? new ReplayError('bad-header', { file, line: 1 }, problems[0].reason) : new ReplayError('bad-header', { file, line: 1 }, 'no header line');
  }
  let header: CsvHeader;
  try {
    header = readHeader(first.value.record, separator, { ...opts, format });
  } catch (err) {
    parser.destroy();
    await peeked.close();
    throw err;
  }
  return new CsvSource(header, stats, records, parser, peeked.close, opts);
}

function readHeader(names: string[], separator: Separator, opts: CsvSourceOptions & { format: CsvFormat }): CsvHeader {
  const { file } = opts;
  const bad = (reason: string, column?: string) => new ReplayError('bad-header', { file, line: 1, column }, reason);
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n) && n !== '') throw bad('the column appears twice', n);
    seen.add(n);
  }
  const exclude = new Set(opts.exclude ?? []);
  for (const x of exclude) if (!seen.has(x)) opts.onProblem?.(new ReplayError('bad-option', { file, line: 1, column: x }, 'excluded column is not in the header'));

  let timeName: string;
  let labels: CsvHeader['labels'];
  if (opts.format === 'skab') {
    timeName = SKAB_TIME_COLUMN;
    const expected = [SKAB_TIME_COLUMN, ...Object.keys(SKAB_COLUMNS)];
    for (const e of expected) if (!seen.has(e)) throw bad(`missing SKAB column ${quote(e)}; expected ${expected.join(';')}[;anomaly;changepoint]`);
    const labelCount = SKAB_LABEL_COLUMNS.filter((l) => seen.has(l)).length;
    if (labelCount === 1) throw bad('SKAB label columns come in pairs: anomaly and changepoint');
    for (const n of names) if (!expected.includes(n) && !(SKAB_LABEL_COLUMNS as readonly string[]).includes(n)) throw bad('not a SKAB column', n);
    labels = labelCount === 2 ? { anomaly: names.indexOf('anomaly'), changepoint: names.indexOf('changepoint') } : undefined;
  } else {
    const wanted = opts.timeColumn ? [opts.timeColumn] : DEFAULT_TIME_COLUMNS;
    const found = opts.timeColumn ? names.find((n) => n === opts.timeColumn) : wanted.map((w) => names.find((n) => n.toLowerCase() === w)).find(Boolean);
    if (!found) throw bad(`no time column (looked for ${wanted.join(', ')}); name it with the time-column option`);
    timeName = found;
  }

  const mapping: Record<string, string> = opts.format === 'skab' ? { ...SKAB_COLUMNS, ...opts.columns } : { ...opts.columns };
  const columns: CsvColumn[] = [];
  const byTag = new Map<string, string>();
  names.forEach((name, index) => {
    if (name === timeName || exclude.has(name)) return;
    if (labels && (index === labels.anomaly || index === labels.changepoint)) return;
    if (name === '') {
      opts.onProblem?.(new ReplayError('bad-header', { file, line: 1, column: `#${index + 1}` }, 'a column without a name is ignored'));
      return;
    }
    const tag = mapping[name] ?? slugifyColumn(name);
    if (!tag) {
      opts.onProblem?.(new ReplayError('bad-header', { file, line: 1, column: name }, 'no tag id can be made from this name; map it explicitly (ignored)'));
      return;
    }
    const other = byTag.get(tag);
    if (other !== undefined) throw bad(`maps to tag "${tag}" like column ${quote(other)}`, name);
    byTag.set(tag, name);
    columns.push({ name, index, tag });
  });
  for (const c of Object.keys(opts.columns ?? {})) if (!seen.has(c)) opts.onProblem?.(new ReplayError('bad-option', { file, line: 1, column: c }, 'mapped column is not in the header'));
  const known = opts.knownTags;
  return {
    separator,
    time: { name: timeName, index: names.indexOf(timeName) },
    columns: known ? columns.filter((c) => known.has(c.tag)) : columns,
    unknown: known ? columns.filter((c) => !known.has(c.tag)) : [],
    excluded: names.filter((n) => exclude.has(n)),
    labels,
    fields: names.length,
  };
}

/** csv-parse counts lines up to the end of a record; a quoted field spanning lines moves its start up. */
function startLine(record: string[], info: Info): number {
  let breaks = 0;
  for (const f of record) for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) breaks++;
  return info.lines - breaks;
}

function parseLabel(raw: string): 0 | 1 | undefined {
  const n = Number(raw.trim());
  return raw.trim() !== '' && (n === 0 || n === 1) ? n : undefined;
}
