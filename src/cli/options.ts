import { EXIT, ExitError } from './output.js';

/**
 * Parsers of option values (commander's argParser). A value they cannot take
 * is a usage error (exit 2) naming the flag, raised while the command line is
 * parsed, before a command runs.
 */

/** The largest seed: the PRNG (src/common/random.ts) keeps 32 bits, so a larger one would silently run as another. */
export const MAX_SEED = 0xffffffff;

/** A number; anything else is a usage error naming the flag. Its range is the command's to check. */
export const numberArg = (flag: string) => (v: string): number => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new ExitError(EXIT.usage, `${flag} expects a number, got "${v}"`);
  return n;
};

/** A whole number from min to max (digits only: no sign, point or exponent). */
export const wholeArg = (flag: string, min: number, max: number) => (v: string): number => {
  const n = Number(v);
  if (!/^\s*\d+\s*$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new ExitError(EXIT.usage, `${flag} expects a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}, got "${v}"`);
  }
  return n;
};

/** A random seed: every command takes the same range, the one the PRNG keeps. */
export const seedArg = wholeArg('--seed', 0, MAX_SEED);

/** A repeatable option whose values may also be comma-separated: `--to a,b --to c` gives [a, b, c]. */
export const listArg = (v: string, previous: string[] = []): string[] => [
  ...previous,
  ...v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
];

/** A repeatable option taken as typed (a file name may hold a comma). */
export const repeatArg = (v: string, previous: string[] = []): string[] => [...previous, v];
