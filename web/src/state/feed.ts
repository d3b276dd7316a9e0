import type { TwinEvent } from '../api/types';

/** Rows kept in the live feed; older ones fall off the bottom. */
export const FEED_LIMIT = 500;

/**
 * Merges events into a feed kept newest first. Requires `feed` to be sorted
 * by descending seq with no duplicates; `incoming` may be in any order and
 * may repeat seqs already in the feed (a replay), which are dropped.
 * Returns at most `limit` rows.
 */
export function mergeFeed(feed: readonly TwinEvent[], incoming: readonly TwinEvent[], limit = FEED_LIMIT): TwinEvent[] {
  if (incoming.length === 0) return feed as TwinEvent[];
  const bySeq = new Map<number, TwinEvent>();
  for (const e of feed) bySeq.set(e.seq, e);
  for (const e of incoming) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, limit);
}
