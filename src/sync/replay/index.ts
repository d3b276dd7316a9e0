export { ReplayConnector, type ReplayCounters, type ReplayOptions } from './replay-connector.js';
export {
  CsvSource,
  openCsv,
  type CsvCell,
  type CsvColumn,
  type CsvFormat,
  type CsvHeader,
  type CsvRow,
  type CsvSourceOptions,
  type CsvStats,
  type RowLabels,
} from './csv-source.js';
export { readSkabLabels, type LabelledRow } from './skab-labels.js';
export { ReplayError, type ReplayErrorCode, type ReplayPosition } from './replay-error.js';
export { parseTime } from './parse-time.js';
export { parseCell, type Cell } from './parse-cell.js';
export { detectSeparator, type Separator } from './detect-separator.js';
export { SKAB_COLUMNS, SKAB_LABEL_COLUMNS, SKAB_TIME_COLUMN, DEFAULT_TIME_COLUMNS, slugifyColumn } from './columns.js';
export { Pacer, isPaced, systemTimer, type ReplayTimer } from './pacer.js';
