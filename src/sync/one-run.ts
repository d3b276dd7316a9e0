/**
 * The lifecycle of a connector that reads one input to its end (a file, a
 * recording): started once, stoppable, settling with its final counters.
 * A failed run rejects `done()` only: it never surfaces as an unhandled rejection.
 */
export class OneRun<R> {
  readonly #abort = new AbortController();
  #done: Promise<R> | undefined;

  /** Aborted by stop(); the run checks it between reads. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  get started(): boolean {
    return this.#done !== undefined;
  }

  /** Requires !started. */
  begin(run: Promise<R>): void {
    this.#done = run;
    run.catch(() => undefined);
  }

  /** The run's result; rejects with `notStarted()` before begin(). */
  done(notStarted: () => Error): Promise<R> {
    return this.#done ?? Promise.reject(notStarted());
  }

  /** Aborts and resolves when the run has ended, however it ended. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#done?.catch(() => undefined);
  }
}
