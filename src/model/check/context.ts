import type { z } from 'zod';
import * as S from '../schema/index.js';
import type { Segment } from '../source.js';
import type { PathProblem } from '../schema-issues.js';
import { isRecord } from '../merge.js';

/** An item that passed its schema, with its index in the merged collection. */
export interface Item<T> {
  v: T;
  i: number;
  path: Segment[];
}

/** The collections the checks walk, keyed by where they live in the model. */
export const COLLECTIONS = {
  domains: { at: ['domains'], schema: S.Domain, noun: 'domain' },
  zones: { at: ['zones'], schema: S.Zone, noun: 'zone' },
  conduits: { at: ['conduits'], schema: S.Conduit, noun: 'conduit' },
  assets: { at: ['assets'], schema: S.Asset, noun: 'asset' },
  services: { at: ['services'], schema: S.Service, noun: 'service' },
  accounts: { at: ['accounts'], schema: S.Account, noun: 'account' },
  trust: { at: ['trust'], schema: S.Trust, noun: 'trust relation' },
  units: { at: ['process', 'units'], schema: S.ProcessUnit, noun: 'process unit' },
  tags: { at: ['process', 'tags'], schema: S.Tag, noun: 'tag' },
  controllers: { at: ['process', 'controllers'], schema: S.Controller, noun: 'controller' },
  detectionGroups: { at: ['detection', 'groups'], schema: S.DetectionGroup, noun: 'detection group' },
  detectorSwitches: { at: ['detection', 'off'], schema: S.DetectorSwitch, noun: 'detector switch' },
} as const;

export type CollectionName = keyof typeof COLLECTIONS;
type ItemOf<K extends CollectionName> = z.infer<(typeof COLLECTIONS)[K]['schema']>;

/**
 * What the semantic checks see: every item that is valid on its own, and the
 * ids of every item that has one (valid or not), so a reference to a broken
 * item is reported once, at the item, not again at each reference.
 */
export interface CheckContext {
  items: { [K in CollectionName]: Item<ItemOf<K>>[] };
  ids: { [K in CollectionName]: Map<string, Segment[]> };
  nodeDomain?: string;
  problems: PathProblem[];
  report(path: Segment[], message: string, key?: boolean): void;
}

export function buildContext(data: Record<string, unknown>): CheckContext {
  const problems: PathProblem[] = [];
  const items = {} as CheckContext['items'];
  const ids = {} as CheckContext['ids'];
  for (const [name, spec] of Object.entries(COLLECTIONS) as [CollectionName, (typeof COLLECTIONS)[CollectionName]][]) {
    const raw = getIn(data, spec.at);
    const list: Item<unknown>[] = [];
    const known = new Map<string, Segment[]>();
    if (Array.isArray(raw)) {
      raw.forEach((value, i) => {
        const path = [...spec.at, i];
        if (isRecord(value) && typeof value.id === 'string' && !known.has(value.id)) known.set(value.id, path);
        const parsed = parseLeniently(spec.schema as z.ZodType<unknown>, value);
        if (parsed !== undefined) list.push({ v: parsed, i, path });
      });
    }
    (items as Record<string, unknown>)[name] = list;
    ids[name] = known;
  }
  const node = isRecord(data.node) && typeof data.node.domain === 'string' ? data.node.domain : undefined;
  return {
    items,
    ids,
    ...(node !== undefined ? { nodeDomain: node } : {}),
    problems,
    report: (path, message, key) => problems.push({ path, message, ...(key ? { key } : {}) }),
  };
}

/**
 * Parses an item; if it fails, drops the fields the schema complained about
 * and tries again (a few rounds), so an item with one bad optional field is
 * still checked for its references. The schema problems themselves are
 * reported separately, from the full parse.
 */
function parseLeniently<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  let current = value;
  for (let round = 0; round < 3; round++) {
    const r = schema.safeParse(current);
    if (r.success) return r.data;
    if (round === 0) current = structuredClone(value);
    let dropped = false;
    for (const issue of r.error.issues) {
      const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
      if (path.length === 0) continue;
      const parent = getIn(current, path.slice(0, -1));
      const last = path[path.length - 1]!;
      if (Array.isArray(parent) && typeof last === 'number') {
        parent.splice(last, 1);
        dropped = true;
      } else if (isRecord(parent) && String(last) in parent) {
        delete parent[String(last)];
        dropped = true;
      }
    }
    if (!dropped) return undefined;
  }
  return undefined;
}

/** Reports `ref` at `path` unless it names an item of `collection`. */
export function checkRef(ctx: CheckContext, collection: CollectionName, ref: string, path: Segment[]): boolean {
  if (ctx.ids[collection].has(ref)) return true;
  const known = [...ctx.ids[collection].keys()];
  const noun = COLLECTIONS[collection].noun;
  const hint = known.length === 0 ? `the model defines no ${noun}` : `expected one of: ${closest(ref, known)}`;
  ctx.report(path, `unknown ${noun} "${ref}"; ${hint}`);
  return false;
}

/** Lists candidates, nearest spellings first, at most eight. */
function closest(ref: string, known: string[]): string {
  const scored = known.map((k) => ({ k, d: distance(ref, k) })).sort((a, b) => a.d - b.d || a.k.localeCompare(b.k));
  const shown = scored.slice(0, 8).map((s) => s.k);
  return shown.join(', ') + (known.length > 8 ? ', ...' : '');
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

export function getIn(data: unknown, path: readonly Segment[]): unknown {
  let cur = data;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isRecord(cur)) cur = cur[String(seg)];
    else return undefined;
  }
  return cur;
}
