import type { TagValue } from '../api/types';

/** Points kept per tag for its sparkline. */
export const HISTORY_LIMIT = 60;

export interface TagLive {
  current: TagValue | null;
  /** Values in time order, at most HISTORY_LIMIT, the newest last. */
  history: number[];
  /** Time (ms) of the newest point in `history`, or -Infinity. */
  lastTime: number;
}

export const emptyTagLive: TagLive = { current: null, history: [], lastTime: -Infinity };

/**
 * Applies one reading. Readings at or before the newest one already applied
 * are ignored: a replay after a reconnect, or an old event met after the
 * /api/tags snapshot, must neither move `current` back nor duplicate a point.
 */
export function applyReading(live: TagLive, reading: TagValue): TagLive {
  const t = Date.parse(reading.time);
  if (!Number.isFinite(t) || t <= live.lastTime) return live;
  const history = live.history.length >= HISTORY_LIMIT ? live.history.slice(1 - HISTORY_LIMIT) : live.history.slice();
  history.push(reading.value);
  return { current: reading, history, lastTime: t };
}
