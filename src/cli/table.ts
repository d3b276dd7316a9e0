import { createReadStream } from 'node:fs';
import { openCsv, ReplayError, type Separator } from '../sync/replay/index.js';
import { EXIT, ExitError } from './output.js';

/** A labelled recording in memory: one numeric row per kept line. */
export interface LabelledTable {
  columns: string[];
  rows: number[][];
  labels: (0 | 1)[];
  /** Epoch ms. */
  times: number[];
  /** ISO time as recorded, per row. */
  stamps: string[];
}

export interface ReadOptions {
  file: string;
  format: 'skab' | 'generic';
  label?: string;
  labelOptional?: boolean;
  time?: string;
  separator?: Separator;
  exclude?: string[];
  /** Only these columns become features, in this order; a missing one is an error naming it. Others are ignored. */
  columns?: readonly string[];
}

/**
 * Reads a whole labelled recording, strictly: the first bad row, time, cell
 * or label stops it with its position (a score over silently skipped rows
 * would not be the file's). Empty cells repeat the column's previous value
 * (a sensor not polled); an empty cell in the first row is an error.
 */
export async function readTable(path: string, o: ReadOptions): Promise<LabelledTable> {
  let problem: ReplayError | undefined;
  try {
    const source = await openCsv(createReadStream(path), {
      file: o.file,
      format: o.format,
      timeColumn: o.time,
      separator: o.separator,
      exclude: o.exclude,
      ...(o.columns ? { knownTags: new Set([...o.columns, ...(o.label ? [o.label] : [])]) } : {}),
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
    let features = h.columns.filter((c) => c.name !== o.label);
    if (o.columns) {
      const missing = o.columns.filter((c) => !features.some((f) => f.name === c));
      if (missing.length > 0) {
        await source.close();
        throw new ReplayError('bad-header', { file: o.file, line: 1, column: missing[0] }, `missing column${missing.length === 1 ? '' : 's'} ${missing.join(', ')} (header: ${[h.time.name, ...h.columns.map((c) => c.name), ...h.unknown.map((c) => c.name)].join(', ')})`);
      }
      features = o.columns.map((c) => features.find((f) => f.name === c)!);
    }
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


