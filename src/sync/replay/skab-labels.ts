import { createReadStream } from 'node:fs';
import { openCsv, type CsvSourceOptions, type RowLabels } from './csv-source.js';
import { ReplayError } from './replay-error.js';

export interface LabelledRow extends RowLabels {
  /** 1-based line of the row in the file. */
  line: number;
  /** Recorded time, ISO 8601 UTC: what a replay with recorded times stamps the row's readings with. */
  time: string;
}

/**
 * The ground truth of a labelled SKAB file, one entry per row a replay sends
 * (same parser, same skipping rules, so entry i labels the i-th replayed row).
 * Strict, because a score computed against misaligned labels is silently
 * wrong: throws ReplayError `no-labels` for a file without the anomaly and
 * changepoint columns (anomaly-free.csv), and the first problem of any kind
 * (bad row, time, label) instead of skipping it.
 */
export async function readSkabLabels(
  path: string,
  opts: { file?: string; input?: AsyncIterable<Buffer | string>; outOfOrder?: CsvSourceOptions['outOfOrder'] } = {},
): Promise<LabelledRow[]> {
  const file = opts.file ?? path;
  let problem: ReplayError | undefined;
  const source = await openCsv(opts.input ?? createReadStream(path), {
    file,
    format: 'skab',
    outOfOrder: opts.outOfOrder,
    onProblem: (p) => void (problem ??= p),
  });
  if (!source.header.labels) {
    await source.close();
    throw new ReplayError('no-labels', { file, line: 1 }, 'no anomaly and changepoint columns: not a labelled SKAB file');
  }
  const out: LabelledRow[] = [];
  for await (const row of source.rows()) {
    if (problem) break;
    out.push({ line: row.line, time: row.time.toISOString(), anomaly: row.labels!.anomaly, changepoint: row.labels!.changepoint });
  }
  if (problem) throw problem;
  return out;
}
