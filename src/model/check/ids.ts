import { COLLECTIONS, getIn, type CheckContext, type CollectionName } from './context.js';
import { isRecord } from '../merge.js';
import type { Segment } from '../source.js';

/** Each id is unique within its collection; a duplicate points back to the first. */
export function checkDuplicateIds(ctx: CheckContext, data: Record<string, unknown>, where: (p: Segment[]) => string): void {
  for (const [name, spec] of Object.entries(COLLECTIONS) as [CollectionName, (typeof COLLECTIONS)[CollectionName]][]) {
    const raw = getIn(data, spec.at);
    if (!Array.isArray(raw)) continue;
    const first = new Map<string, Segment[]>();
    raw.forEach((item, i) => {
      if (!isRecord(item) || typeof item.id !== 'string') return;
      const path = [...spec.at, i];
      const prev = first.get(item.id);
      if (prev) ctx.report([...path, 'id'], `duplicate ${spec.noun} id "${item.id}"; first defined at ${where(prev)}`);
      else first.set(item.id, path);
    });
  }
}
