import type { Member, Relation } from './relation.js';

/** Mean within-block scatter over the window above which a relation's instrument is erratic (normal data stays near 1). */
export const ERRATIC_SCATTER = 3;
/** Below this a relation's scatter exonerates the sensors whose noise shows in it. */
const QUIET_SCATTER = 1.5;

export interface ScatterWindow {
  relation: Relation;
  /** Mean scatter of the relation's blocks in the window; undefined without blocks. */
  scatter: number | undefined;
}

const INTEGRAL = new Set(['tank-balance', 'dosing']);

/** Whether a sensor's own noise shows in a relation's scatter: as its target, or as an input of a static relation (a balance integrates its inputs' noise away). */
function shows(r: Relation, tag: string): boolean {
  return r.target === tag || (!INTEGRAL.has(r.kind) && r.tags.includes(tag));
}

/**
 * The sensor whose readings scatter far more than its declared noise: the
 * member of the erratic relations that shows in most of them and in no
 * relation that stays quiet. A sensor with injected noise, a failing
 * transmitter or a loose wire; undefined when no relation is erratic or no
 * single sensor accounts for it.
 */
export function erraticSensor(windows: readonly ScatterWindow[], alarmed: ReadonlySet<string>): Member | undefined {
  const loud = windows.filter((w) => alarmed.has(w.relation.id) && (w.scatter ?? 0) >= ERRATIC_SCATTER);
  if (loud.length === 0) return undefined;
  let best: { m: Member; n: number } | undefined;
  for (const w of loud) {
    for (const m of w.relation.members) {
      if (m.kind !== 'sensor' || !m.tag || !shows(w.relation, m.tag)) continue;
      const quiet = windows.some((x) => x.scatter !== undefined && x.scatter < QUIET_SCATTER && shows(x.relation, m.tag!));
      if (quiet) continue;
      const n = windows.filter((x) => (x.scatter ?? 0) >= ERRATIC_SCATTER && shows(x.relation, m.tag!)).length;
      if (!best || n > best.n) best = { m, n };
    }
  }
  return best?.m;
}
