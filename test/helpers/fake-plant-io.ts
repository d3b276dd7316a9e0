import type { Tag } from '../../src/model/index.js';
import type { PlantIO, Sample, WriteOrigin, WriteResult } from '../../src/process/plant-io.js';

/**
 * A PlantIO for protocol tests: values are whatever the test sets, writes
 * follow the PlantIO contract (actuators and setpoints only, within range)
 * and are recorded. No physics. Shared by the protocol tests and benches.
 */
export class FakePlantIO implements PlantIO {
  readonly tags: readonly Tag[];
  readonly writes: { tag: string; value: number; origin: WriteOrigin }[] = [];
  readonly #values = new Map<string, number>();
  readonly #listeners = new Set<(samples: readonly Sample[]) => void>();

  constructor(tags: readonly Tag[], initial: Readonly<Record<string, number>> = {}) {
    this.tags = tags;
    for (const t of tags) this.#values.set(t.id, initial[t.id] ?? t.nominal ?? t.range.min);
  }

  value(tag: string): number | undefined {
    return this.#values.get(tag);
  }

  write(tag: string, value: number, origin: WriteOrigin): WriteResult {
    const t = this.tags.find((x) => x.id === tag);
    if (!t) return { ok: false, reason: 'unknown-tag' };
    if (t.kind !== 'actuator' && t.kind !== 'setpoint') return { ok: false, reason: 'read-only' };
    if (!Number.isFinite(value)) return { ok: false, reason: 'not-a-number' };
    if (value < t.range.min || value > t.range.max) return { ok: false, reason: 'out-of-range' };
    this.#values.set(tag, value);
    this.writes.push({ tag, value, origin });
    return { ok: true };
  }

  onSamples(listener: (samples: readonly Sample[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Sets values and delivers them as one batch of samples, as the simulator would at a sample period. */
  set(values: Readonly<Record<string, number>>, time = Date.now()): void {
    this.emit(Object.entries(values).map(([tag, value]) => ({ tag, value, time })));
  }

  /** Delivers samples as given (their own times), updating current values. */
  emit(samples: readonly Sample[]): void {
    for (const s of samples) this.#values.set(s.tag, s.value);
    for (const l of this.#listeners) l(samples);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
