import type { Tag } from '../../model/index.js';
import type { Finding } from '../rules/rule.js';
import type { Hypothesis, Isolation } from './isolate.js';
import type { Block, Member, Relation } from './relation.js';

export const PHYSICS_DETECTOR = 'physics:residual';

export interface Decision {
  kind: 'sensor' | 'actuator' | 'process-change' | 'frozen-sensor' | 'erratic-sensor';
  member: Member;
  hypothesis?: Hypothesis;
  /** Members physics cannot tell from the named one. */
  alternatives: Hypothesis[];
  runnerUp?: Hypothesis | undefined;
}

export interface FindingInput {
  decision: Decision;
  isolation: Isolation;
  first: { relation: Relation; side: 'high' | 'low'; statistic: number; h: number; k: number; block: Block };
  alarmed: string[];
  tracks: { relation: Relation; last: Block | undefined }[];
  window: { from: number; to: number };
}

/** What the rule knows about the model for wording findings. */
export interface FindingContext {
  tags: ReadonlyMap<string, Tag>;
  unitAsset: ReadonlyMap<string, string | undefined>;
  unitTags: ReadonlyMap<string, string[]>;
  unitKind: ReadonlyMap<string, string>;
  /** The latest reading of a tag. */
  latest: (tag: string) => number | undefined;
}

const r4 = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)) : null);
const signed = (x: number) => `${x >= 0 ? '+' : ''}${r4(x)}`;
const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);
const verb = (n: number) => (n > 1 ? 'break' : 'breaks');

/**
 * The alert for a decided case. Techniques are claimed only as far as the
 * physics shows: a sensor that disagrees with physics while the other
 * relations hold is a Manipulation of View candidate (T0832) — or a failed
 * instrument, which the message says; an actuator whose unit does not do
 * what it is commanded is a Manipulation of Control candidate (T0831) — or
 * a mechanical fault; a process change the sensors agree on claims none.
 */
export function describeFinding(x: FindingInput, ctx: FindingContext): Finding {
  const { decision: d, first } = x;
  const m = d.member;
  const tag = m.tag ? ctx.tags.get(m.tag) : undefined;
  const unit = m.unit ?? (m.id.startsWith('unit:') ? m.id.slice(5) : undefined);
  const h = d.hypothesis;
  const est = h?.estimate;
  const breaking = `${x.alarmed.join(', ')} ${verb(x.alarmed.length)}`;
  const alternatives = d.alternatives.map((a) => a.member.tag ?? a.member.id);
  const holding = x.tracks
    .filter((t) => !x.alarmed.includes(t.relation.id) && x.isolation.evidence[t.relation.id] !== undefined && Math.abs(x.isolation.evidence[t.relation.id]!) < 2)
    .map((t) => t.relation.id);
  const own = (): { tags: string[]; assets: string[] } => ({ tags: [m.tag!], assets: tag ? [tag.asset] : [] });
  let message: string;
  let named: { tags: string[]; assets: string[] };
  let techniques: string[];
  switch (d.kind) {
    case 'frozen-sensor':
      message = `${m.tag} is frozen at ${r4(ctx.latest(m.tag!) ?? NaN)} ${tag?.unit ?? ''} while ${breaking}: held or replayed reading (possible Manipulation of View, or a failed transmitter)`;
      named = own();
      techniques = ['T0832'];
      break;
    case 'erratic-sensor':
      message = `${m.tag} scatters far beyond its declared noise of ${tag?.noise} ${tag?.unit ?? ''} while ${breaking}; the other instruments agree with each other (possible Manipulation of View, or a failing instrument)`;
      named = own();
      techniques = ['T0832'];
      break;
    case 'sensor':
      message = `${m.tag} disagrees with physics: ${breaking} as a reading ${est !== undefined ? signed(est) : '?'} ${tag?.unit ?? ''} off would; the other instruments agree with each other (possible Manipulation of View, or a failed instrument)`;
      named = own();
      techniques = ['T0832'];
      break;
    case 'actuator': {
      const what = h?.model === 'flip' ? 'does not follow its command' : h?.model === 'stuck' ? `holds ${r4(est!)} ${tag?.unit ?? ''} whatever it is commanded` : `acts ${est !== undefined ? signed(est) : '?'} ${tag?.unit ?? ''} off its command`;
      message = `${m.tag}: ${unit ?? 'the unit'} ${what}: ${breaking} while the sensors agree with each other (possible Manipulation of Control, or an equipment fault)`;
      named = own();
      techniques = ['T0831'];
      break;
    }
    default: {
      const size = est === undefined ? '' : ctx.unitKind.get(unit!) === 'tank' ? ` by an unmetered loss of ${r4(est)} m³/h` : ` by ${r4(est * 100)} % less than its curve`;
      message = `${unit}: process change, sensors consistent: ${breaking}${size}${alternatives.length > 0 ? ` (indistinguishable here from ${alternatives.join(' or ')} being wrong)` : ''}`;
      const tags = ctx.unitTags.get(unit!) ?? [];
      const a = ctx.unitAsset.get(unit!);
      named = { tags, assets: a ? [a] : [...new Set(tags.map((t) => ctx.tags.get(t)?.asset).filter((s): s is string => s !== undefined))] };
      techniques = [];
    }
  }
  const relations = x.tracks
    .filter((t) => x.isolation.evidence[t.relation.id] !== undefined)
    .map((t) => ({
      id: t.relation.id,
      kind: t.relation.kind,
      alarmed: x.alarmed.includes(t.relation.id),
      evidence: r4(x.isolation.evidence[t.relation.id]!),
      explained: h ? r4(h.expected[t.relation.id] ?? 0) : null,
      observed: t.last ? r4(t.last.observed) : null,
      expected: t.last ? r4(t.last.expected) : null,
      residual: t.last ? r4(t.last.residual) : null,
      unit: t.relation.residualUnit,
    }));
  return {
    detector: PHYSICS_DETECTOR,
    severity: 'high',
    score: Math.max(1, first.statistic / first.h),
    message,
    assets: named.assets,
    tags: named.tags,
    techniques,
    evidence: {
      hypothesis: d.kind,
      named: m.tag ?? m.id,
      unit: unit ?? null,
      model: h?.model ?? null,
      estimate: est === undefined ? null : r4(est),
      onset: h ? iso(h.onset) : null,
      relation: first.relation.id,
      description: first.relation.description,
      observed: r4(first.block.observed),
      expected: r4(first.block.expected),
      residual: r4(first.block.residual),
      residualUnit: first.relation.residualUnit,
      block: { from: iso(first.block.start), to: iso(first.block.end), samples: first.block.samples },
      window: { from: iso(x.window.from), to: iso(x.window.to) },
      cusum: { side: first.side, statistic: r4(first.statistic), h: r4(first.h), k: first.k },
      relations,
      consistent: holding,
      alternatives,
      candidates: x.isolation.ranked.slice(0, 5).map((c) => ({ member: c.member.tag ?? c.member.id, kind: c.member.kind, model: c.model, chi2: r4(c.chi2), estimate: r4(c.estimate) })),
      chi2None: r4(x.isolation.chi2None),
    },
  };
}

/** The alert for a noisy sensor that repeats one reading: its declared noise makes that all but impossible for a live transmitter. */
export function describeFlat(tagId: string, run: number, value: number, tags: ReadonlyMap<string, Tag>): Finding {
  const tag = tags.get(tagId);
  return {
    detector: PHYSICS_DETECTOR,
    severity: 'high',
    score: 1,
    message: `${tagId} has repeated ${r4(value)} ${tag?.unit ?? ''} in ${run} readings in a row although it declares a noise of ${tag?.noise} ${tag?.unit ?? ''}: held or replayed reading (possible Manipulation of View, or a frozen transmitter)`,
    assets: tag ? [tag.asset] : [],
    tags: [tagId],
    techniques: ['T0832'],
    evidence: { hypothesis: 'frozen-sensor', named: tagId, value: r4(value), readings: run, noise: tag?.noise ?? null, samplePeriod: tag?.samplePeriod ?? null },
  };
}
