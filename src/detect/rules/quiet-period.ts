/** How long a key stays quiet after its alert unless a rule says otherwise: 10 minutes of event time. */
export const DEFAULT_QUIET_MS = 10 * 60_000;

/**
 * Alert throttling per key (a tag, an asset) on event time: `due(key, t)` is
 * true, and starts a quiet period, only when the key has not alerted within
 * `quietMs` before `t`. For conditions that flap (a lossy link, a value
 * hovering at an edge), so one condition gives one alert, not one per flap.
 */
export class QuietPeriod {
  readonly #last = new Map<string, number>();

  constructor(readonly quietMs = DEFAULT_QUIET_MS) {}

  due(key: string, t: number): boolean {
    const last = this.#last.get(key);
    if (last !== undefined && t - last < this.quietMs) return false;
    this.#last.set(key, t);
    return true;
  }
}
