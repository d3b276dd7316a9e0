import type { DetectionGroup, LoadedModel } from '../model/index.js';
import { groupTags } from '../model/index.js';
import { resample, rowMaxAges, type TimedValue } from '../detect/resample.js';
import type { EventStore } from '../store/index.js';
import type { TrainingRows } from './train.js';

/** Per tag, seconds after which its value no longer fills a row of `group` (the rule live detection uses too). */
export function maxAge(model: LoadedModel, group: DetectionGroup, tags: readonly string[]): number[] {
  return rowMaxAges(group.period, tags.map((t) => model.model.process.tags.find((x) => x.id === t)?.samplePeriod ?? 1));
}

/** Rows of a group from a table already read (columns = the group's tags in order); rows labelled 1 are left out. */
export function rowsFromTable(model: LoadedModel, group: DetectionGroup, t: { rows: number[][]; times: number[]; labels?: (0 | 1)[] }, source: string): TrainingRows {
  const tags = groupTags(group, model.model.process.tags);
  const anomalous = t.labels?.filter((l) => l === 1).length ?? 0;
  function* readings(): Generator<TimedValue> {
    for (let i = 0; i < t.rows.length; i++) {
      if (t.labels?.[i] === 1) continue;
      for (let j = 0; j < tags.length; j++) yield { tag: tags[j]!, time: t.times[i]!, value: t.rows[i]![j]! };
    }
  }
  const r = resample(readings(), tags, group.period, maxAge(model, group, tags));
  return { rows: r.rows, times: r.times, source, skipped: r.skipped + anomalous };
}

/** Rows of a group from the readings in a node's event log, within [since, until). */
export async function rowsFromStore(
  model: LoadedModel,
  group: DetectionGroup,
  store: EventStore,
  range: { since?: string; until?: string },
  onPage?: (events: number) => void,
): Promise<TrainingRows> {
  const tags = groupTags(group, model.model.process.tags);
  const wanted = new Set(tags);
  const values: TimedValue[] = [];
  let after = 0;
  let seen = 0;
  for (;;) {
    const page = await store.read({ after, limit: 10_000, types: ['tag.reading'], ...(range.since ? { since: range.since } : {}), ...(range.until ? { until: range.until } : {}) });
    if (page.length === 0) break;
    for (const e of page) {
      if (e.type === 'tag.reading' && !e.erased && e.subject && wanted.has(e.subject)) values.push({ tag: e.subject, time: Date.parse(e.data.time), value: e.data.value });
    }
    after = page.at(-1)!.seq;
    seen += page.length;
    onPage?.(seen);
  }
  values.sort((a, b) => a.time - b.time);
  const r = resample(values, tags, group.period, maxAge(model, group, tags));
  return { rows: r.rows, times: r.times, source: `store:${store.kind}`, skipped: r.skipped };
}
