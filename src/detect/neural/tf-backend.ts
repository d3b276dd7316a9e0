import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';

export type TfBackend = 'wasm' | 'cpu';

/** What `readyTf` settled on; `fallback` says why the preferred backend was not used. */
export interface TfReady {
  backend: TfBackend;
  fallback?: string;
}

let ready: Promise<TfReady> | undefined;
let readyFor: TfBackend | undefined;

/**
 * Initialises TensorFlow.js once per process on `preferred` (default wasm:
 * XNNPACK with SIMD, about 6x faster than the pure-JS cpu backend here; the
 * native tfjs-node backend does not install offline). If wasm cannot start
 * (no WebAssembly, the .wasm file missing), falls back to cpu and reports
 * the reason through `warn` once, so a slow fit is never a mystery.
 * Training is single-threaded on both, so results replay exactly from a seed.
 */
export function readyTf(preferred: TfBackend = 'wasm', warn: (msg: string) => void = defaultWarn): Promise<TfReady> {
  if (ready && readyFor === preferred) return ready;
  readyFor = preferred;
  ready = (async (): Promise<TfReady> => {
    let reason: string | undefined;
    const restore = keepProcessHandlers();
    try {
      if (await tf.setBackend(preferred)) {
        await tf.ready();
        return { backend: preferred };
      }
      reason = `tf.setBackend('${preferred}') returned false`;
    } catch (err) {
      reason = (err as Error).message;
    } finally {
      restore();
    }
    if (preferred === 'cpu') throw new Error(`TensorFlow.js cpu backend failed to start: ${reason}`);
    warn(`TensorFlow.js ${preferred} backend unavailable (${reason}); training on the cpu backend instead (slower, same results up to float rounding)`);
    await tf.setBackend('cpu');
    await tf.ready();
    return { backend: 'cpu', fallback: reason };
  })();
  return ready;
}

/**
 * The wasm module (Emscripten) installs process-wide uncaughtException and
 * unhandledRejection handlers when it starts; they rethrow, which turns any
 * later crash anywhere in the process into exit code 7 with a page of
 * minified code as the "source line". Removes the handlers added between
 * this call and the returned function's call, leaving everyone else's.
 */
function keepProcessHandlers(): () => void {
  const events = ['uncaughtException', 'unhandledRejection'];
  const listeners = (e: string) => process.listeners(e as 'uncaughtException') as ((...args: unknown[]) => void)[];
  const before = events.map((e) => new Set(listeners(e)));
  return () =>
    events.forEach((e, i) => {
      for (const l of listeners(e)) if (!before[i]!.has(l)) process.removeListener(e, l);
    });
}

function defaultWarn(msg: string): void {
  process.emitWarning(msg, { code: 'TWINWARD_TF_BACKEND' });
}

export { tf };
