import { setTimeout as sleepFor } from 'node:timers/promises';

/**
 * The time source a replay paces itself by. Injected so tests check the
 * delays a replay asks for instead of measuring wall time.
 */
export interface ReplayTimer {
  /** Monotonic milliseconds; only differences matter. */
  now(): number;
  /** Resolves after `ms`, or as soon as `signal` aborts (never rejects). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemTimer: ReplayTimer = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleepFor(ms, undefined, { signal }).catch(() => undefined),
};

/** True when `speed` asks for pacing; 0 and Infinity mean as fast as possible. */
export function isPaced(speed: number): boolean {
  return Number.isFinite(speed) && speed > 0;
}

/**
 * When each row is due: rows keep their recorded gaps divided by `speed`,
 * measured from the first row so rounding and slow sinks never accumulate
 * drift (a late row is sent at once, the next one is due on schedule).
 */
export class Pacer {
  readonly #speed: number;
  readonly #timer: ReplayTimer;
  #anchor: { wall: number; recorded: number } | undefined;

  /** Requires isPaced(speed). */
  constructor(speed: number, timer: ReplayTimer) {
    this.#speed = speed;
    this.#timer = timer;
  }

  /** Milliseconds to wait before sending a row recorded at `recordedMs` (0 when due or late). */
  delay(recordedMs: number): number {
    const now = this.#timer.now();
    this.#anchor ??= { wall: now, recorded: recordedMs };
    const due = this.#anchor.wall + (recordedMs - this.#anchor.recorded) / this.#speed;
    return Math.max(0, due - now);
  }
}
