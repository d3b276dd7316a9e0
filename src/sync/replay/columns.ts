/**
 * How header columns become tag ids. The SKAB columns are fixed (see
 * ../shared/data/README.md); generic files map each column to its slug unless
 * the caller maps it explicitly.
 */

/** SKAB sensor columns, in file order, with the tag ids of examples/skab-testbed. */
export const SKAB_COLUMNS: Readonly<Record<string, string>> = {
  Accelerometer1RMS: 'accelerometer1-rms',
  Accelerometer2RMS: 'accelerometer2-rms',
  Current: 'current',
  Pressure: 'pressure',
  Temperature: 'temperature',
  Thermocouple: 'thermocouple',
  Voltage: 'voltage',
  'Volume Flow RateRMS': 'volume-flow-rate-rms',
};
export const SKAB_TIME_COLUMN = 'datetime';
/** Ground-truth labels of the labelled SKAB files: kept aside, never replayed as readings. */
export const SKAB_LABEL_COLUMNS = ['anomaly', 'changepoint'] as const;

/** Time columns a generic file may use when none is named, matched case-insensitively in this order. */
export const DEFAULT_TIME_COLUMNS = ['time', 'timestamp', 'datetime'] as const;

const TAG_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * The tag id a column name maps to by default: lowercased, every run of
 * characters outside the id alphabet (a-z 0-9 . _ -) turned into one `-`,
 * trimmed of leading and trailing `-`, cut to 64 characters. Returns
 * undefined when nothing usable is left (a column named `°` or `  `).
 * `Volume Flow Rate` -> `volume-flow-rate`, `Temp (°C)` -> `temp-c`.
 */
export function slugifyColumn(name: string): string | undefined {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-._]+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return TAG_ID.test(slug) ? slug : undefined;
}
