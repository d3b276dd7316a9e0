import type { Command, Drift } from './events';

/** What the console needs of the model to tie a finding to assets. */
export interface AssetLookup {
  isAsset(id: string): boolean;
  /** The asset a tag is bound to, or undefined for an unknown tag. */
  assetOfTag(tagId: string): string | undefined;
}

/** Drift younger than this marks its assets in the graph. */
export const RECENT_DRIFT_MS = 5 * 60_000;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * The asset a finding is about: its subject when that is an asset, the
 * subject tag's asset, else the target named in its evidence. Null for
 * findings about no modelled asset (an unknown host, a source).
 */
export function primaryAsset(d: Drift, lookup: AssetLookup): string | null {
  if (d.subject) {
    if (lookup.isAsset(d.subject)) return d.subject;
    const owner = lookup.assetOfTag(d.subject);
    if (owner) return owner;
  }
  for (const key of ['dstAsset', 'to']) {
    const id = str(d.evidence[key]);
    if (id && lookup.isAsset(id)) return id;
  }
  return null;
}

/**
 * Every modelled asset a finding involves, the primary one first: also the
 * source of a forbidden flow and the sender of an unauthorized write, since
 * an analyst looking at the workstation that sent it wants to see it too.
 */
export function involvedAssets(d: Drift, lookup: AssetLookup): string[] {
  const out: string[] = [];
  const primary = primaryAsset(d, lookup);
  if (primary) out.push(primary);
  for (const key of ['srcAsset', 'fromAsset', 'dstAsset']) {
    const id = str(d.evidence[key]);
    if (id && lookup.isAsset(id) && !out.includes(id)) out.push(id);
  }
  return out;
}

/** Assets involved in a finding no older than `windowMs` at `now` (ms); findings with unreadable times are skipped. */
export function recentDriftAssets(list: readonly Drift[], now: number, lookup: AssetLookup, windowMs = RECENT_DRIFT_MS): Set<string> {
  const out = new Set<string>();
  for (const d of list) {
    const t = Date.parse(d.time);
    if (!Number.isFinite(t) || now - t > windowMs) continue;
    for (const id of involvedAssets(d, lookup)) out.add(id);
  }
  return out;
}

/** Whether a command was sent to, or by, an asset (directly or through a tag bound to it). */
export function commandInvolves(c: Command, assetId: string, lookup: AssetLookup): boolean {
  return c.toAsset === assetId || c.fromAsset === assetId || (c.tag !== null && lookup.assetOfTag(c.tag) === assetId);
}
