import type { Quality, TagValue } from '../api/types';

/** Points kept per tag for its sparkline (and handed to an open trend chart). */
export const HISTORY_LIMIT = 60;

/** One reading on a time axis. */
export interface TagPoint {
  /** Reading time, ms since the epoch. */
  t: number;
  v: number;
  q: Quality;
}

export interface TagLive {
  current: TagValue | null;
  /** Values in time order, at most HISTORY_LIMIT, the newest last. */
  history: number[];
  /** The same readings with their times and quality. */
  points: TagPoint[];
  /** Time (ms) of the newest point in `history`, or -Infinity. */
  lastTime: number;
}

export const emptyTagLive: TagLive = { current: null, history: [], points: [], lastTime: -Infinity };

const keepLast = <T>(list: readonly T[], x: T): T[] => {
  const out = list.length >= HISTORY_LIMIT ? list.slice(1 - HISTORY_LIMIT) : list.slice();
  out.push(x);
  return out;
};

/**
 * Applies one reading. Readings at or before the newest one already applied
 * are ignored: a replay after a reconnect, or an old event met after the
 * /api/tags snapshot, must neither move `current` back nor duplicate a point.
 */
export function applyReading(live: TagLive, reading: TagValue): TagLive {
  const t = Date.parse(reading.time);
  if (!Number.isFinite(t) || t <= live.lastTime) return live;
  return {
    current: reading,
    history: keepLast(live.history, reading.value),
    points: keepLast(live.points, { t, v: reading.value, q: reading.quality }),
    lastTime: t,
  };
}
