/**
 * Lets one event per key through per `intervalMs`. Keys come from the wire
 * (topics), so the table is bounded: past `maxKeys` it is cleared, which at
 * worst lets a repeat through early.
 */
export class RateLimiter {
  readonly #last = new Map<string, number>();
  constructor(
    readonly intervalMs = 60_000,
    readonly maxKeys = 10_000,
    readonly now: () => number = Date.now,
  ) {}

  allow(key: string): boolean {
    const t = this.now();
    const last = this.#last.get(key);
    if (last !== undefined && t - last < this.intervalMs) return false;
    if (this.#last.size >= this.maxKeys) this.#last.clear();
    this.#last.set(key, t);
    return true;
  }
}
