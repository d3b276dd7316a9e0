import type { DriftKind, TwinEvent } from '../api/types';
import { commandOf, driftOf, type Command, type Drift } from './events';

/** Drift findings kept for the drift panel and the graph; older ones fall off. */
export const DRIFT_LIMIT = 200;
/** Commands kept for the asset panels' "Last commands". */
export const COMMAND_LIMIT = 200;

/** Display order of the kinds the node emits today; kinds it adds later follow, by name. */
export const DRIFT_KINDS: readonly DriftKind[] = [
  'unauthorized-write',
  'flow-not-allowed',
  'unexpected-function',
  'unknown-device',
  'unknown-source',
  'out-of-range',
  'stale-tag',
];

/**
 * Merges items into a list kept newest first (by seq), at most `limit` long.
 * Requires `list` to be sorted by descending seq with no duplicates; `incoming`
 * may be in any order and repeat seqs already kept (a replay after a
 * reconnect, or an event both in a typed page and the general page), which
 * are dropped. Returns `list` itself when nothing is added.
 */
export function mergeBySeq<T extends { seq: number }>(list: readonly T[], incoming: readonly T[], limit: number): T[] {
  if (incoming.length === 0) return list as T[];
  const bySeq = new Map<number, T>();
  for (const x of list) bySeq.set(x.seq, x);
  let added = false;
  for (const x of incoming) {
    if (bySeq.has(x.seq)) continue;
    bySeq.set(x.seq, x);
    added = true;
  }
  if (!added) return list as T[];
  return [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, limit);
}

/** Adds the drift.detected events among `events` (other types and malformed ones are skipped). */
export function mergeDrift(list: readonly Drift[], events: readonly TwinEvent[], limit = DRIFT_LIMIT): Drift[] {
  return mergeBySeq(list, events.map(driftOf).filter((d): d is Drift => d !== null), limit);
}

/** Adds the observation.command events among `events`. */
export function mergeCommands(list: readonly Command[], events: readonly TwinEvent[], limit = COMMAND_LIMIT): Command[] {
  return mergeBySeq(list, events.map(commandOf).filter((c): c is Command => c !== null), limit);
}

/** How many findings of each kind, known kinds in DRIFT_KINDS order, then others by name; kinds with none are left out. */
export function countByKind(list: readonly Drift[]): [kind: string, count: number][] {
  const counts = new Map<string, number>();
  for (const d of list) counts.set(d.kind, (counts.get(d.kind) ?? 0) + 1);
  const rank = (k: string) => {
    const i = (DRIFT_KINDS as readonly string[]).indexOf(k);
    return i < 0 ? DRIFT_KINDS.length : i;
  };
  return [...counts].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Findings that say the same thing (same kind and message), as one line. */
export interface DriftGroup {
  /** The newest finding of the group. */
  latest: Drift;
  count: number;
}

/**
 * Groups repeated findings (a scenario writing the same tag every few
 * seconds) so an asset's few lines show distinct problems. Requires `list`
 * newest first; groups come in the order of their newest finding.
 */
export function groupDrift(list: readonly Drift[]): DriftGroup[] {
  const groups = new Map<string, DriftGroup>();
  for (const d of list) {
    const key = `${d.kind}\u0000${d.message}`;
    const g = groups.get(key);
    if (g) g.count += 1;
    else groups.set(key, { latest: d, count: 1 });
  }
  return [...groups.values()];
}
