import type { LoadedModel } from '../model/index.js';
import type { AssetStatus, Quality, StoredEvent } from './events.js';

export interface TagValue {
  value: number;
  time: string;
  quality: Quality;
  source: string;
}

export interface AssetState {
  status: AssetStatus;
  since: string | null;
  lastSeen: string | null;
}

/** Live state of the twin: what the event log says about each asset and tag. */
export interface TwinState {
  seq: number;
  modelHash: string | null;
  assets: Record<string, AssetState>;
  tags: Record<string, TagValue>;
  counters: { readings: number; rejected: number; flows: number; commands: number; drift: number; alerts: number; incidents: number };
  /** Tags with no reading for too long, since when. */
  stale: Record<string, string>;
  /** Tags whose latest reading is outside the instrument range. */
  outOfRange: Record<string, string>;
  /** Sources already reported as unknown (topic, IP...), first seen; bounded by MAX_UNKNOWN_SOURCES. */
  unknownSources: Record<string, string>;
  connectors: Record<string, { state: string; since: string; detail: string | null }>;
}

/** Past this many distinct unknown sources, new ones are counted by connectors but not each recorded. */
export const MAX_UNKNOWN_SOURCES = 1000;

export function emptyState(model: LoadedModel): TwinState {
  const assets: Record<string, AssetState> = {};
  for (const a of model.model.assets) assets[a.id] = { status: 'unknown', since: null, lastSeen: null };
  return {
    seq: 0, modelHash: null, assets, tags: {}, stale: {}, outOfRange: {}, unknownSources: {}, connectors: {},
    counters: { readings: 0, rejected: 0, flows: 0, commands: 0, drift: 0, alerts: 0, incidents: 0 },
  };
}

/**
 * Applies one stored event. Pure and total: replaying the same log always
 * gives the same state, and events about ids the current model no longer has
 * are ignored rather than resurrecting them.
 * Requires event.seq > state.seq (events are applied in log order).
 */
export function applyEvent(state: TwinState, event: StoredEvent, known: { assets: Set<string>; tags: Set<string> }): void {
  state.seq = event.seq;
  if (event.erased) {
    countErased(state, event.type);
    return;
  }
  switch (event.type) {
    case 'model.loaded':
      state.modelHash = event.data.hash;
      break;
    case 'tag.reading':
      if (event.subject && known.tags.has(event.subject)) {
        const { value, time, quality, source } = event.data;
        state.tags[event.subject] = { value, time, quality, source };
        state.counters.readings++;
        delete state.stale[event.subject];
        if (quality !== 'bad') delete state.outOfRange[event.subject];
      }
      break;
    case 'drift.detected': {
      state.counters.drift++;
      const ev = event.data.evidence;
      if (event.data.kind === 'stale-tag' && event.subject) state.stale[event.subject] = event.time;
      if (event.data.kind === 'out-of-range' && event.subject) state.outOfRange[event.subject] = event.time;
      if (typeof ev.sourceKey === 'string') state.unknownSources[ev.sourceKey] = event.time;
      break;
    }
    case 'observation.flow':
      state.counters.flows++;
      break;
    case 'observation.command':
      state.counters.commands++;
      break;
    case 'alert.raised':
      state.counters.alerts++;
      break;
    case 'incident.opened':
      state.counters.incidents++;
      break;
    case 'connector.status':
      state.connectors[event.data.connector] = { state: event.data.state, since: event.time, detail: event.data.detail };
      break;
    case 'asset.status':
      if (event.subject && known.assets.has(event.subject)) {
        const a = state.assets[event.subject] ?? { status: 'unknown', since: null, lastSeen: null };
        a.status = event.data.status;
        a.since = event.time;
        if (event.data.status === 'online') a.lastSeen = event.time;
        state.assets[event.subject] = a;
      }
      break;
    case 'reading.rejected':
      state.counters.rejected++;
      break;
    case 'node.started':
      break;
  }
}

/** An erased record still counts; what it said is gone. */
function countErased(state: TwinState, type: StoredEvent['type']): void {
  if (type === 'tag.reading') state.counters.readings++;
  else if (type === 'drift.detected') state.counters.drift++;
  else if (type === 'observation.flow') state.counters.flows++;
  else if (type === 'observation.command') state.counters.commands++;
  else if (type === 'alert.raised') state.counters.alerts++;
  else if (type === 'incident.opened') state.counters.incidents++;
}
