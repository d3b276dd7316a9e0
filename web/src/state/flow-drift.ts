import type { Conduit } from '../api/types';
import type { Drift } from './events';

/** A path between two zones that traffic took although no conduit joins them. */
export interface MissingConduit {
  srcZone: string;
  dstZone: string;
  count: number;
}

export interface FlowDriftOverlay {
  /** flow-not-allowed findings per conduit id that joins the flow's zones but does not allow it. */
  conduits: Map<string, number>;
  /** Zone pairs (by direction) with forbidden flows and no conduit at all, in first-seen order. */
  missing: MissingConduit[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * Where forbidden flows went, for the topology. A finding counts on every
 * conduit joining its source and destination zones (the node judged them
 * all and none allowed it); with no such conduit it becomes a missing path.
 * Findings without both zones in their evidence, or within one zone, are
 * skipped.
 */
export function flowDriftOverlay(list: readonly Drift[], conduits: readonly Conduit[]): FlowDriftOverlay {
  const counts = new Map<string, number>();
  const missing = new Map<string, MissingConduit>();
  for (const d of list) {
    if (d.kind !== 'flow-not-allowed') continue;
    const src = str(d.evidence.srcZone);
    const dst = str(d.evidence.dstZone);
    if (!src || !dst || src === dst) continue;
    const joining = conduits.filter((c) => c.zones.includes(src) && c.zones.includes(dst));
    for (const c of joining) counts.set(c.id, (counts.get(c.id) ?? 0) + 1);
    if (joining.length > 0) continue;
    const key = `${src}->${dst}`;
    const m = missing.get(key);
    if (m) m.count += 1;
    else missing.set(key, { srcZone: src, dstZone: dst, count: 1 });
  }
  return { conduits: counts, missing: [...missing.values()] };
}
