import type { AssetState, TwinEvent } from '../api/types';
import type { Snapshot } from '../api/client';
import { readingOf, statusChangeOf } from './events';
import { mergeFeed } from './feed';
import { applyReading, emptyTagLive, type TagLive } from './tag-history';

/** What changes while the console is open; everything else comes from the snapshot. */
export interface LiveState {
  /** Newest first. */
  feed: TwinEvent[];
  tags: Record<string, TagLive>;
  assets: Record<string, AssetState>;
}

export type LiveAction = { kind: 'snapshot'; snapshot: Snapshot } | { kind: 'events'; events: TwinEvent[] };

export const emptyLive: LiveState = { feed: [], tags: {}, assets: {} };

/**
 * Folds the snapshot, then stream batches, into the live state. Stream
 * events must arrive in seq order; since the stream replays everything after
 * the snapshot's newest event, the state converges on the node's own.
 */
export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  if (action.kind === 'snapshot') {
    const { snapshot } = action;
    const tags: Record<string, TagLive> = {};
    for (const t of snapshot.tags) tags[t.id] = emptyTagLive;
    // Seed the sparklines with the readings among the first events, oldest first.
    const oldestFirst = [...snapshot.events].sort((a, b) => a.seq - b.seq);
    const withEvents = foldEvents({ feed: [], tags, assets: {} }, oldestFirst);
    for (const t of snapshot.tags) if (t.current) withEvents.tags[t.id] = applyReading(withEvents.tags[t.id] ?? emptyTagLive, t.current);
    const assets: Record<string, AssetState> = {};
    for (const a of snapshot.assets) assets[a.id] = a.state;
    return { feed: mergeFeed([], snapshot.events), tags: withEvents.tags, assets };
  }
  const next = foldEvents({ ...state, tags: { ...state.tags }, assets: { ...state.assets } }, action.events);
  return { ...next, feed: mergeFeed(state.feed, action.events) };
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
