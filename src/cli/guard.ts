import { EXIT, ExitError } from './output.js';

/**
 * Wraps library calls whose refusals are input problems: an error of one of
 * the given classes becomes exit 1 with its message; anything else stays a bug.
 * Works for sync and async functions alike.
 */
export function inputErrors(...classes: (abstract new (...args: never[]) => Error)[]) {
  const convert = (err: unknown): never => {
    if (classes.some((c) => err instanceof c)) throw new ExitError(EXIT.invalid, (err as Error).message);
    throw err;
  };
  function guard<T>(f: () => Promise<T>): Promise<T>;
  function guard<T>(f: () => T): T;
  function guard<T>(f: () => T | Promise<T>): T | Promise<T> {
    try {
      const r = f();
      return r instanceof Promise ? r.catch(convert) : r;
    } catch (err) {
      return convert(err);
    }
  }
  return guard;
}
