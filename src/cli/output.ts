/** How commands talk to people: results on stdout, diagnostics on stderr. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
  /** True when stderr is a terminal (progress bars, colours). */
  tty: boolean;
}

// A reader that stops early (`twinward ... | head`) closes the pipe: that ends the output, it is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

export const processOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  tty: Boolean(process.stderr.isTTY),
};

/** Exit codes: 0 success, 1 the input is wrong (invalid model...), 2 usage, 3 runtime failure. */
export const EXIT = { ok: 0, invalid: 1, usage: 2, failure: 3 } as const;

export class ExitError extends Error {
  constructor(readonly exitCode: number, message: string) {
    super(message);
  }
}
