/**
 * Base of every error Twinward raises on purpose. Each area (model, store,
 * api...) subclasses it with a fixed set of string codes so callers can
 * branch on `code` instead of parsing messages; `cause` keeps the low-level
 * error for logs without leaking it to users.
 */
export class TwinwardError<Code extends string = string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** True for errors that describe bad user input rather than a bug. */
export function isTwinwardError(err: unknown): err is TwinwardError {
  return err instanceof TwinwardError;
}
