import type { Reading } from '../../twin/index.js';
import type { Sink } from '../types.js';
import { backoff } from '../types.js';

/** One received message on its way into the sink. */
export interface Delivery {
  readings: readonly Reading[];
  /** Status and unknown-source calls; run after every earlier delivery is durable, before this one's readings. */
  before?: () => void;
  /** Runs once this delivery's readings are durable (sends its PUBACK). */
  done?: () => void;
}

export interface DeliveryQueueOptions {
  /** Most readings per sink.readings call. */
  maxBatch?: number;
  /** A rejected sink.readings call; the batch is retried after backoff(attempt). */
  onError?: (err: unknown, attempt: number) => void;
  /** Delay before retry `attempt` (0-based), ms. */
  retryDelay?: (attempt: number) => number;
}

/**
 * Hands deliveries to the sink in arrival order, batching the readings of
 * consecutive messages into one sink.readings call while the previous call
 * is in flight (group commit), and completes each delivery (acks it) only
 * once its batch resolved. Acks therefore leave in the order messages came,
 * as MQTT 3.1.1 §4.6 requires of PUBACKs. A failing sink is retried with
 * backoff, never skipped: a message is acked only when durable.
 */
export class DeliveryQueue {
  readonly #sink: Sink;
  readonly #queue: Delivery[] = [];
  readonly #maxBatch: number;
  readonly #onError: (err: unknown, attempt: number) => void;
  readonly #retryDelay: (attempt: number) => number;
  #running = false;
  #closed = false;
  #idle: (() => void)[] = [];
  #wake: (() => void) | undefined;

  constructor(sink: Sink, options: DeliveryQueueOptions = {}) {
    this.#sink = sink;
    this.#maxBatch = options.maxBatch ?? 1000;
    this.#onError = options.onError ?? (() => {});
    this.#retryDelay = options.retryDelay ?? ((a) => backoff(a, 100, 5_000));
  }

  /** Deliveries not yet completed. */
  get pending(): number {
    return this.#queue.length;
  }

  push(d: Delivery): void {
    if (this.#closed) return;
    this.#queue.push(d);
    if (!this.#running) {
      this.#running = true;
      // Wait a turn so the messages parsed from the same socket read join this batch.
      setImmediate(() => void this.#run());
    }
  }

  /** Resolves when every pushed delivery completed (or the queue was closed). */
  drained(): Promise<void> {
    if (!this.#running && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Stops retrying and drops what is left; dropped deliveries are never completed (never acked). */
  close(): void {
    this.#closed = true;
    this.#queue.length = 0;
    this.#wake?.();
  }

  async #run(): Promise<void> {
    while (this.#queue.length > 0 && !this.#closed) {
      const first = this.#queue[0]!;
      let size = first.readings.length;
      let n = 1;
      while (n < this.#queue.length) {
        const next = this.#queue[n]!;
        if (next.before || size + next.readings.length > this.#maxBatch) break;
        size += next.readings.length;
        n++;
      }
      const before = first.before;
      first.before = undefined; // not again on retry
      safely(before);
      if (size > 0) {
        const batch = this.#queue.slice(0, n).flatMap((d) => d.readings);
        for (let attempt = 0; ; attempt++) {
          try {
            await this.#sink.readings(batch);
            break;
          } catch (err) {
            this.#onError(err, attempt);
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, this.#retryDelay(attempt));
              this.#wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
            this.#wake = undefined;
            if (this.#closed) break;
          }
        }
      }
      if (this.#closed) break;
      for (const d of this.#queue.splice(0, n)) safely(d.done);
    }
    this.#running = false;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}

/** Sink status calls and ack sends must not stop the queue. */
function safely(fn: (() => void) | undefined): void {
  try {
    fn?.();
  } catch {
    // Sink contract: status calls accept anything; an ack on a closed socket is retried by the broker.
  }
}
