import { Tag, type Tag as TagT } from '../../model/index.js';
import type { PlantIO, Sample, WriteOrigin, WriteResult } from '../../process/plant-io.js';

/** A PlantIO driven by the test: `emit` hands samples to listeners; writes are recorded. */
export class FakePlant implements PlantIO {
  readonly tags: readonly TagT[];
  readonly values = new Map<string, number>();
  readonly writes: { tag: string; value: number; origin: WriteOrigin }[] = [];
  #listeners = new Set<(s: readonly Sample[]) => void>();

  constructor(tags: readonly TagT[]) {
    this.tags = tags;
    for (const t of tags) if (t.nominal !== undefined) this.values.set(t.id, t.nominal);
  }

  value(tag: string): number | undefined {
    return this.values.get(tag);
  }

  write(tag: string, value: number, origin: WriteOrigin): WriteResult {
    const t = this.tags.find((x) => x.id === tag);
    if (!t) return { ok: false, reason: 'unknown-tag' };
    if (t.kind === 'sensor' || t.kind === 'status') return { ok: false, reason: 'read-only' };
    if (!Number.isFinite(value)) return { ok: false, reason: 'not-a-number' };
    this.writes.push({ tag, value, origin });
    this.values.set(tag, value);
    return { ok: true };
  }

  onSamples(listener: (samples: readonly Sample[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(samples: readonly Sample[]): void {
    for (const s of samples) this.values.set(s.tag, s.value);
    for (const l of this.#listeners) l(samples);
  }
}

/** A unique prefix per test run, so runs against a shared broker do not see each other. */
export const runId = (label: string) => `${label}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

/**
 * Tags of a small plant under `prefix`: two JSON tags, two Sparkplug B
 * metrics on device `pumps` of edge node `plc-<prefix>` in group `g-<prefix>`,
 * and one node-level metric; assets `plc` and `monitor`.
 */
export function testTags(prefix: string): TagT[] {
  const group = `g-${prefix}`;
  const edge = `plc-${prefix}`;
  const tag = (id: string, kind: 'sensor' | 'actuator' | 'setpoint', asset: string, binding: Record<string, unknown>) =>
    Tag.parse({ id, kind, quantity: 'q', unit: 'u', range: { min: -1e9, max: 1e9 }, nominal: 1, asset, bindings: [{ protocol: 'mqtt', ...binding }] });
  return [
    tag('level', 'sensor', 'monitor', { topic: `${prefix}/tank/level` }),
    tag('flow-sp', 'setpoint', 'monitor', { topic: `${prefix}/tank/flow-sp` }),
    tag('pump-speed', 'sensor', 'plc', { topic: `spBv1.0/${group}/DDATA/${edge}/pumps`, encoding: 'sparkplug-b', metric: 'Pump1/Speed' }),
    tag('pump-run', 'actuator', 'plc', { topic: `spBv1.0/${group}/DDATA/${edge}/pumps`, encoding: 'sparkplug-b', metric: 'Pump1/RunCmd' }),
    tag('plc-temp', 'sensor', 'plc', { topic: `spBv1.0/${group}/NDATA/${edge}`, encoding: 'sparkplug-b', metric: 'Cabinet/Temp' }),
  ];
}
