import type { LoadedModel, Tag } from '../model/index.js';
import { buildGraph, type TwinGraph } from './graph.js';
import {
  decideCommand, decideConnectorStatus, decideDeviceStatus, decideFlow, decideOutOfRange, decideStale, decideUnknownSource, type DriftContext,
} from './drift.js';
import { makeEvent, type NewEvent, type Quality, type StoredEvent } from './events.js';
import { NetworkView } from './network-view.js';
import type { Observation } from './observations.js';
import { applyEvent, emptyState, type TwinState } from './state.js';

/** One value from the field, before the twin has judged it. */
export interface Reading {
  tag: string;
  value: unknown;
  /** When it was measured; defaults to the time it was received. */
  time?: string | Date;
  quality?: Quality;
  /** Which connector or peer it came from, e.g. `mqtt:plant/water/intake/level`. */
  source: string;
}

/**
 * The twin runtime: the model as a graph plus the live state folded from
 * events. Pure: it decides which events an input causes and applies stored
 * events; persisting them is the caller's job (see TwinNode).
 */
export class Twin {
  readonly model: LoadedModel;
  readonly graph: TwinGraph;
  readonly tags: ReadonlyMap<string, Tag>;
  readonly network: NetworkView;
  #tagsByAsset: Map<string, Tag[]>;
  #state: TwinState;
  #known: { assets: Set<string>; tags: Set<string> };

  constructor(model: LoadedModel, state?: TwinState) {
    this.model = model;
    this.graph = buildGraph(model.model);
    this.tags = new Map(model.model.process.tags.map((t) => [t.id, t]));
    this.network = new NetworkView(model.model);
    this.#tagsByAsset = new Map();
    for (const t of model.model.process.tags) this.#tagsByAsset.set(t.asset, [...(this.#tagsByAsset.get(t.asset) ?? []), t]);
    this.#known = { assets: new Set(model.model.assets.map((a) => a.id)), tags: new Set(this.tags.keys()) };
    this.#state = state ? prune(structuredClone(state), this.#known, model) : emptyState(model);
  }

  get state(): Readonly<TwinState> {
    return this.#state;
  }

  get seq(): number {
    return this.#state.seq;
  }

  /** A deep copy, safe to persist while the twin moves on. */
  snapshot(): TwinState {
    return structuredClone(this.#state);
  }

  /**
   * Forgets state that came from erased records: a tag whose latest value is
   * an erased reading has no known value until its next reading.
   */
  forget(erased: readonly StoredEvent[]): void {
    for (const e of erased) {
      if (e.type !== 'tag.reading' || !e.subject) continue;
      const now = this.#state.tags[e.subject];
      if (now && now.time === e.data.time && now.value === e.data.value) delete this.#state.tags[e.subject];
    }
  }

  /** Requires event.seq === this.seq + 1. */
  apply(event: StoredEvent): void {
    if (event.seq !== this.#state.seq + 1) throw new RangeError(`event ${event.seq} applied after ${this.#state.seq}: the log has a gap`);
    applyEvent(this.#state, event, this.#known);
  }

  /** Events that record this node starting with the current model. */
  decideStart(domain: string, version: string, now: Date): NewEvent[] {
    const out: NewEvent[] = [];
    const m = this.model;
    if (this.#state.modelHash !== m.hash) {
      const counts = {
        domains: m.model.domains.length, zones: m.model.zones.length, conduits: m.model.conduits.length,
        assets: m.model.assets.length, services: m.model.services.length, tags: m.model.process.tags.length,
        units: m.model.process.units.length, controllers: m.model.process.controllers.length,
      };
      out.push(makeEvent('model.loaded', now, null, { hash: m.hash, name: m.model.name, files: m.files, previousHash: this.#state.modelHash, counts }));
    }
    out.push(makeEvent('node.started', now, null, { domain, modelHash: m.hash, version }));
    return out;
  }

  /**
   * Judges one reading. A reading that cannot be trusted is still recorded:
   * unknown tags and non-numbers become `reading.rejected` (evidence of a
   * misconfigured or hostile source); values outside the instrument's range
   * are kept with quality `bad`, as field devices themselves report them.
   * `pending` holds events decided but not yet applied, so a burst of
   * readings for one asset marks it online once.
   */
  decideReading(r: Reading, now: Date, pending: readonly NewEvent[] = []): NewEvent[] {
    const tag = this.tags.get(r.tag);
    const value = typeof r.value === 'boolean' ? Number(r.value) : r.value;
    if (!tag) return [makeEvent('reading.rejected', now, null, { reason: 'unknown-tag', tag: r.tag, value: safeValue(r.value), source: r.source })];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return [makeEvent('reading.rejected', now, tag.id, { reason: 'not-a-number', tag: tag.id, value: safeValue(r.value), source: r.source })];
    }
    const time = r.time === undefined ? now.toISOString() : new Date(r.time).toISOString();
    const outOfRange = value < tag.range.min || value > tag.range.max;
    const quality: Quality = outOfRange ? 'bad' : (r.quality ?? 'good');
    const events: NewEvent[] = [makeEvent('tag.reading', time, tag.id, { value, time, quality, source: r.source })];
    if (outOfRange && !pending.some((e) => e.type === 'drift.detected' && e.subject === tag.id && e.data.kind === 'out-of-range')) {
      events.push(...decideOutOfRange(tag, value, time, r.source, this.#state));
    }
    const asset = this.#state.assets[tag.asset];
    const alreadyOnline = pending.some((e) => e.type === 'asset.status' && e.subject === tag.asset && e.data.status === 'online');
    if (asset && asset.status !== 'online' && !alreadyOnline) {
      events.push(makeEvent('asset.status', now, tag.asset, { status: 'online', previous: asset.status, reason: `reading of tag ${tag.id}` }));
    }
    return events;
  }

  /** A flow or command seen in the field, and the drift it shows. */
  decideObservation(o: Observation, now: Date, pending: readonly NewEvent[] = []): NewEvent[] {
    return o.kind === 'flow' ? decideFlow(this.#drift, o, now, pending) : decideCommand(this.#drift, o, now);
  }

  /** Stale tags and lost assets as of `now`; call periodically. */
  decideStale(now: Date, factor?: number): NewEvent[] {
    return decideStale(this.#drift, now, factor);
  }

  decideUnknownSource(source: string, detail: string, now: Date, pending: readonly NewEvent[] = []): NewEvent[] {
    return decideUnknownSource(this.#drift, source, detail, now, pending);
  }

  decideDeviceStatus(asset: string, online: boolean, reason: string, now: Date): NewEvent[] {
    return decideDeviceStatus(this.#state, asset, online, reason, now);
  }

  decideConnectorStatus(connector: string, state: string, detail: string | undefined, now: Date): NewEvent[] {
    return decideConnectorStatus(this.#state, connector, state, detail, now);
  }

  get #drift(): DriftContext {
    return { state: this.#state, network: this.network, tags: this.tags, tagsByAsset: this.#tagsByAsset };
  }
}

/** Drops state about assets and tags the current model no longer has. */
function prune(state: TwinState, known: { assets: Set<string>; tags: Set<string> }, model: LoadedModel): TwinState {
  // Snapshots written by an older version lack newer fields.
  const empty = emptyState(model);
  state.stale ??= {};
  state.outOfRange ??= {};
  state.unknownSources ??= {};
  state.connectors ??= {};
  state.counters = { ...empty.counters, ...state.counters };
  for (const id of Object.keys(state.tags)) if (!known.tags.has(id)) delete state.tags[id];
  for (const id of Object.keys(state.assets)) if (!known.assets.has(id)) delete state.assets[id];
  for (const a of model.model.assets) state.assets[a.id] ??= { status: 'unknown', since: null, lastSeen: null };
  return state;
}

/** Keeps rejected input as evidence without letting it bloat the log. */
function safeValue(v: unknown): unknown {
  if (v === undefined) return null;
  try {
    const s = JSON.stringify(v);
    return s.length > 512 ? `${s.slice(0, 512)}...` : v;
  } catch {
    return String(v).slice(0, 512);
  }
}
