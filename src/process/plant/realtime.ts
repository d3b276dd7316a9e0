import type { PlantSimulator, StepResult } from './simulator.js';

export interface RealtimeOptions {
  /** Simulated seconds per wall-clock second; default 1. */
  speed?: number;
  /** Stop when simulated time reaches this (ms since the epoch); default never. */
  until?: number;
  /** Wall-clock ms between timer ticks; default 50. */
  tickMs?: number;
  onStep?: (result: StepResult) => void;
}

export interface RealtimeRun {
  stop(): void;
  /** Settles when the run stops (at `until`, on stop(), or when a listener throws: then it rejects). */
  done: Promise<void>;
}

/**
 * Drives a simulator against the wall clock with a timer: on each tick it
 * steps until simulated time catches up with speed × elapsed wall time. The
 * simulator itself stays a pure function of its inputs; only the pacing
 * here depends on the clock, so tests never need it.
 */
export function runRealtime(sim: PlantSimulator, options: RealtimeOptions = {}): RealtimeRun {
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number; got ${speed}`);
  const until = options.until ?? Infinity;
  const wall0 = performance.now();
  const sim0 = sim.time;
  let timer: ReturnType<typeof setInterval> | undefined;
  let finish!: () => void;
  let fail!: (err: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const stop = () => {
    if (timer === undefined) return;
    clearInterval(timer);
    timer = undefined;
    finish();
  };
  const tick = () => {
    const target = Math.min(until, sim0 + (performance.now() - wall0) * speed);
    try {
      while (sim.time < target) {
        const r = sim.step();
        options.onStep?.(r);
      }
    } catch (err) {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      fail(err);
      return;
    }
    if (sim.time >= until) stop();
  };
  timer = setInterval(tick, options.tickMs ?? 50);
  return { stop, done };
}
