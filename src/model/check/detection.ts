import type { DetectionGroup, Tag } from '../schema/index.js';
import { checkRef, type CheckContext } from './context.js';

/**
 * The tags a detection group judges: sensor tags of its units, then its
 * listed tags, without repeats, in that order (the order is the column order
 * of the group's rows, so a trained model and the live twin agree on it).
 */
export function groupTags(group: Pick<DetectionGroup, 'units' | 'tags'>, tags: readonly Tag[]): string[] {
  const out = new Set<string>();
  for (const u of group.units) for (const t of tags) if (t.processUnit === u && t.kind === 'sensor') out.add(t.id);
  for (const id of group.tags) out.add(id);
  return [...out];
}

/** Detection groups and switches: references resolve, a group has at least two tags to relate. */
export function checkDetection(ctx: CheckContext): void {
  const tags = ctx.items.tags.map((t) => t.v);
  for (const { v: g, path } of ctx.items.detectionGroups) {
    const unitsOk = g.units.map((u, i) => checkRef(ctx, 'units', u, [...path, 'units', i])).every(Boolean);
    const tagsOk = g.tags.map((t, i) => checkRef(ctx, 'tags', t, [...path, 'tags', i])).every(Boolean);
    if (!unitsOk || !tagsOk) continue;
    const n = groupTags(g, tags).length;
    if (n < 2) ctx.report(path, `detection group "${g.id}" has ${n} tag${n === 1 ? '' : 's'}; learned detectors relate at least 2 (list sensor-bearing units or more tags)`);
    if (new Set(g.detectors).size !== g.detectors.length) ctx.report([...path, 'detectors'], 'a detector is listed twice');
    if (g.vote !== undefined && g.vote > g.detectors.length) ctx.report([...path, 'vote'], `vote ${g.vote} is more than the group's ${g.detectors.length} detectors`);
  }
  for (const { v: s, path } of ctx.items.detectorSwitches) {
    s.units.forEach((u, i) => checkRef(ctx, 'units', u, [...path, 'units', i]));
    s.tags.forEach((t, i) => checkRef(ctx, 'tags', t, [...path, 'tags', i]));
  }
}
