import { watch, type FSWatcher } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';

export type FollowEvent =
  | { kind: 'data'; chunk: Buffer }
  /** Caught up with the file; the follower waits for it to grow. */
  | { kind: 'idle' }
  /** Reading starts over at byte 0: the file shrank (truncated) or the path is a new file (rotated). */
  | { kind: 'reset'; why: 'truncated' | 'rotated' };

export interface FollowOptions {
  signal: AbortSignal;
  /** How often to look for growth, truncation and rotation (default 250 ms); fs.watch events wake it sooner. */
  pollMs?: number;
  /** Start at the current end, like `tail -n 0 -F` (default: from the beginning). */
  fromEnd?: boolean;
}

/**
 * `tail -F` as an async iterable. Polling is the ground truth (fs.watch is
 * unreliable on network and container file systems and loses a renamed
 * file); fs.watch only shortens the wait. Rotation is seen as the path
 * naming another inode: the old file is read to its end first, then the new
 * one from its start. Truncation is seen as the size dropping below what was
 * read; a file truncated and regrown past that point between two polls looks
 * like growth, as it does to tail. A `data` chunk is only valid until the
 * next iteration: copy what you keep. Requires the file to exist at start
 * (rejects otherwise); later it may vanish and reappear.
 */
export async function* followFile(path: string, opts: FollowOptions): AsyncGenerator<FollowEvent> {
  const { signal } = opts;
  const pollMs = opts.pollMs ?? 250;
  let fh: FileHandle = await open(path, 'r');
  let id = await fh.stat();
  let pos = opts.fromEnd ? id.size : 0;
  const waker = new Waker();
  let watcher = watchPath(path, waker);
  const buf = Buffer.alloc(1 << 16);
  try {
    while (!signal.aborted) {
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        yield { kind: 'data', chunk: buf.subarray(0, bytesRead) };
        if (signal.aborted) return;
      }
      const now = await stat(path).catch(() => undefined);
      if (now && (now.ino !== id.ino || now.dev !== id.dev)) {
        const next = await open(path, 'r').catch(() => undefined);
        if (next) {
          await fh.close();
          fh = next;
          id = await fh.stat();
          pos = 0;
          watcher?.close();
          watcher = watchPath(path, waker);
          yield { kind: 'reset', why: 'rotated' };
          continue;
        }
      }
      if ((await fh.stat()).size < pos) {
        pos = 0;
        yield { kind: 'reset', why: 'truncated' };
        continue;
      }
      yield { kind: 'idle' };
      await waker.wait(pollMs, signal);
    }
  } finally {
    watcher?.close();
    await fh.close().catch(() => undefined);
  }
}

function watchPath(path: string, waker: Waker): FSWatcher | undefined {
  try {
    const w = watch(path, { persistent: false }, () => waker.poke());
    w.on('error', () => undefined);
    return w;
  } catch {
    return undefined;
  }
}

/** A wait that ends after `ms`, on poke() or on abort, whichever is first. */
class Waker {
  #wake: (() => void) | undefined;
  #poked = false;

  poke(): void {
    if (this.#wake) this.#wake();
    else this.#poked = true;
  }

  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.#poked || signal.aborted) {
      this.#poked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.#wake = done;
    });
  }
}
