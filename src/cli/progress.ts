import { SingleBar } from 'cli-progress';
import type { Output } from './output.js';

/** Work that runs longer than this shows a progress bar (on a terminal only). */
export const BAR_AFTER_MS = 300;

export interface Progress {
  /** Work done of total; `phase` is the bar's {phase} and picks its format. Fits the libraries' onProgress callbacks. */
  update(done: number, total: number, phase?: string): void;
  /** Ends the bar, if one is shown. */
  stop(): void;
}

/**
 * A progress bar on stderr for work counted in steps, shown only on a
 * terminal and only once the work has lasted BAR_AFTER_MS from this call:
 * quick runs and pipes print nothing. `format` is the cli-progress format
 * ({bar}, {value}, {total}, {percentage}, {phase}), or the format of each
 * phase: when the phase's format differs from the bar's, that bar ends and
 * the phase gets its own. The bar redraws at most 5 times a second, so
 * update may be called for every step.
 */
export function progressBar(io: Output, format: string | ((phase: string | undefined) => string)): Progress {
  if (!io.tty) return { update: () => {}, stop: () => {} };
  const t0 = performance.now();
  let bar: SingleBar | undefined;
  let shown: string | undefined;
  return {
    update(done, total, phase) {
      const f = typeof format === 'string' ? format : format(phase);
      if (bar && f !== shown) {
        bar.stop();
        bar = undefined;
      }
      if (!bar && done < total && performance.now() - t0 > BAR_AFTER_MS) {
        bar = new SingleBar({ format: f, stream: process.stderr, fps: 5 });
        shown = f;
        bar.start(total, done, { phase });
      }
      bar?.setTotal(total);
      bar?.update(done, { phase });
    },
    stop: () => bar?.stop(),
  };
}
