import type { Alert, AssetState, Connector, Incident, TwinEvent } from '../api/types';
import type { Snapshot } from '../api/client';
import { applyIncidentEvents, mergeAlerts, parseAlerts } from './alerts';
import { applyConnectorEvents, applyPoll } from './connectors';
import { mergeCommands, mergeDrift } from './drift';
import { readingOf, statusChangeOf, type Command, type Drift } from './events';
import { mergeFeed } from './feed';
import { applyReading, emptyTagLive, type TagLive } from './tag-history';

/** What changes while the console is open; everything else comes from the snapshot. */
export interface LiveState {
  /** Newest first. */
  feed: TwinEvent[];
  tags: Record<string, TagLive>;
  assets: Record<string, AssetState>;
  /** drift.detected findings, newest first. */
  drift: Drift[];
  /** observation.command events, newest first. */
  commands: Command[];
  /** By name; polled, and updated between polls by connector.status events. */
  connectors: Connector[];
  /** alert.raised, newest first. */
  alerts: Alert[];
  /** Incidents with their totals, the most recently active first. */
  incidents: Incident[];
}

export type LiveAction =
  | { kind: 'snapshot'; snapshot: Snapshot }
  | { kind: 'events'; events: TwinEvent[] }
  | { kind: 'connectors'; items: Connector[] };

export const emptyLive: LiveState = { feed: [], tags: {}, assets: {}, drift: [], commands: [], connectors: [], alerts: [], incidents: [] };

/**
 * Folds the snapshot, then stream batches, into the live state. Stream
 * events must arrive in seq order; since the stream replays everything after
 * the snapshot's newest event, the state converges on the node's own.
 * Connectors survive a new snapshot: they come from their own poll.
 */
export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  if (action.kind === 'connectors') return { ...state, connectors: applyPoll(state.connectors, action.items) };
  if (action.kind === 'snapshot') {
    const { snapshot } = action;
    const tags: Record<string, TagLive> = {};
    for (const t of snapshot.tags) tags[t.id] = emptyTagLive;
    // Seed the sparklines with the readings among the first events, oldest first.
    const oldestFirst = [...snapshot.events].sort((a, b) => a.seq - b.seq);
    const withEvents = foldEvents({ ...emptyLive, tags }, oldestFirst);
    for (const t of snapshot.tags) if (t.current) withEvents.tags[t.id] = applyReading(withEvents.tags[t.id] ?? emptyTagLive, t.current);
    const assets: Record<string, AssetState> = {};
    for (const a of snapshot.assets) assets[a.id] = a.state;
    return {
      feed: mergeFeed([], snapshot.events),
      tags: withEvents.tags,
      assets,
      drift: mergeDrift([], [...snapshot.drift, ...snapshot.events]),
      commands: mergeCommands([], [...snapshot.commands, ...snapshot.events]),
      connectors: applyConnectorEvents(state.connectors, oldestFirst),
      alerts: mergeAlerts(parseAlerts(snapshot.alerts).sort((a, b) => b.seq - a.seq), snapshot.events),
      incidents: applyIncidentEvents(snapshot.incidents, oldestFirst),
    };
  }
  const next = foldEvents({ ...state, tags: { ...state.tags }, assets: { ...state.assets } }, action.events);
  return {
    ...next,
    feed: mergeFeed(state.feed, action.events),
    drift: mergeDrift(state.drift, action.events),
    commands: mergeCommands(state.commands, action.events),
    connectors: applyConnectorEvents(state.connectors, action.events),
    alerts: mergeAlerts(state.alerts, action.events),
    incidents: applyIncidentEvents(state.incidents, action.events),
  };
}

/** Applies readings and status changes to copies the caller owns. */
function foldEvents(state: LiveState, events: readonly TwinEvent[]): LiveState {
  for (const e of events) {
    const reading = readingOf(e);
    if (reading && e.subject) {
      state.tags[e.subject] = applyReading(state.tags[e.subject] ?? emptyTagLive, reading);
      continue;
    }
    const change = statusChangeOf(e);
    if (change && e.subject) {
      const seen = change.status === 'online' ? e.time : (state.assets[e.subject]?.lastSeen ?? null);
      state.assets[e.subject] = { status: change.status, since: e.time, lastSeen: seen };
    }
  }
  return state;
}
