import type { Tag } from '../model/index.js';
import type { StoredEvent } from '../twin/index.js';
import type { FittedDetector, RowScore, RowScorer } from './detector.js';
import { RowClock, rowMaxAges } from './resample.js';
import type { Finding, Rule, RuleContext } from './rules/rule.js';

/** A trained group as the live twin runs it: the column order, the row period and the fitted members. */
export interface GroupModel {
  group: string;
  version: number;
  tags: readonly string[];
  /** Seconds between rows. */
  period: number;
  /** Members that must alarm on the same row; default a majority. */
  vote?: number;
  /** Consecutive voting rows before an alert; default PERSIST_ROWS. */
  persist?: number;
  members: readonly { name: string; detector: FittedDetector }[];
}

/** How many quiet rows end an ensemble excursion (after which a new alarm alerts again). */
export const REARM_ROWS = 60;
/** Consecutive rows the vote must hold before the ensemble alerts (a lone outlier row is noise, a fault persists). */
export const PERSIST_ROWS = 5;

/**
 * Runs a trained group on the committed readings: every `period` seconds of
 * reading time it takes the latest value of each tag (a RowClock, exactly as
 * training built its rows: no row while a tag is missing or stale), pushes it
 * to each member's streaming scorer, and alerts when at least `vote` members
 * alarm on the same row: once per excursion, re-armed after REARM_ROWS quiet
 * rows. The alert explains itself: which members fired and by how much (scores
 * are multiples of each member's training threshold), the tag they blame, its
 * observed and expected value (the members' reconstruction from the other
 * tags), and the rows' window.
 */
export class GroupRule implements Rule {
  readonly name: string;
  readonly #m: GroupModel;
  readonly #scorers: RowScorer[];
  readonly #vote: number;
  /** Built at the first reading, when the tags' sample periods are at hand. */
  #clock: RowClock | undefined;
  #active = false;
  #quiet = 0;
  #streak = 0;
  readonly #persist: number;
  #since: number | undefined;

  constructor(m: GroupModel) {
    this.#m = m;
    this.name = `ensemble:${m.group}`;
    this.#scorers = m.members.map((x) => x.detector.scorer());
    this.#vote = m.vote ?? Math.floor(m.members.length / 2) + 1;
    this.#persist = m.persist ?? PERSIST_ROWS;
  }

  judge(e: StoredEvent, ctx: RuleContext): Finding[] {
    if (e.type !== 'tag.reading' || !e.subject) return [];
    const m = this.#m;
    // The same rows as training (src/training/sources.ts): one per period boundary, none from stale values.
    this.#clock ??= new RowClock(m.tags, m.period, rowMaxAges(m.period, m.tags.map((t) => ctx.tags.get(t)?.samplePeriod ?? 1)));
    const rows = this.#clock.push({ tag: e.subject, time: Date.parse(e.data.time), value: e.data.value });
    return rows.flatMap(({ time, row }) => this.#row(time, row, ctx) ?? []);
  }

  #row(at: number, row: number[], ctx: RuleContext): Finding | undefined {
    const verdicts = this.#scorers.map((s) => s.push(row));
    const fired = verdicts.flatMap((v, i) => (v.alarm ? [i] : []));
    if (fired.length < this.#vote) {
      this.#streak = 0;
      if (!this.#active) this.#since = undefined;
      if (this.#active && ++this.#quiet >= REARM_ROWS) this.#active = false;
      return undefined;
    }
    this.#quiet = 0;
    this.#since ??= at;
    if (this.#active || ++this.#streak < this.#persist) return undefined;
    this.#active = true;
    const since = this.#since;
    this.#since = undefined;
    return this.#finding(at, since, row, verdicts, fired, ctx);
  }

  #finding(at: number, since: number, row: number[], verdicts: RowScore[], fired: number[], ctx: RuleContext): Finding {
    const m = this.#m;
    // The tag the isolating members (sensor-from-the-others) blame, most votes first,
    // ties to the higher-scoring member; members that only project (PCA) count when no
    // isolating member fired, and their expected values are used only then too.
    const isolating = fired.filter((i) => m.members[i]!.detector.isolates);
    const judges = isolating.length > 0 ? isolating : fired;
    const votes = new Map<number, { n: number; best: number }>();
    for (const i of judges) {
      const v = verdicts[i]!;
      if (v.top === undefined) continue;
      const b = votes.get(v.top) ?? { n: 0, best: 0 };
      votes.set(v.top, { n: b.n + 1, best: Math.max(b.best, v.score) });
    }
    const ranked = [...votes.entries()].sort((a, b) => b[1].n - a[1].n || b[1].best - a[1].best).map(([j]) => j);
    for (const i of fired) {
      const t = verdicts[i]!.top;
      if (t !== undefined && !ranked.includes(t)) ranked.push(t);
    }
    const tagIds = ranked.map((j) => m.tags[j]!);
    const top = ranked[0];
    const tag: Tag | undefined = top === undefined ? undefined : ctx.tags.get(m.tags[top]!);
    const expectedOf = (j: number) => {
      const xs = judges.map((i) => verdicts[i]!.expected?.[j]).filter((x): x is number => x !== undefined && Number.isFinite(x));
      return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined;
    };
    const observed = Object.fromEntries(m.tags.map((t, j) => [t, row[j]!]));
    const expected = Object.fromEntries(m.tags.flatMap((t, j) => {
      const x = expectedOf(j);
      return x === undefined ? [] : [[t, round(x)]];
    }));
    const members = m.members.map((x, i) => ({ name: x.name, score: round(verdicts[i]!.score), alarm: verdicts[i]!.alarm, blames: verdicts[i]!.top === undefined ? null : m.tags[verdicts[i]!.top!]! }));
    const score = fired.reduce((s, i) => s + verdicts[i]!.score, 0) / fired.length;
    const firedText = fired.map((i) => `${m.members[i]!.name} ${verdicts[i]!.score.toFixed(1)}×`).join(', ');
    const exp = top === undefined ? undefined : expectedOf(top);
    const message = tag && top !== undefined
      ? `${m.group}: ${tag.id} at ${round(row[top]!)} ${tag.unit} disagrees with the other sensors${exp === undefined ? '' : ` (expected ≈ ${round(exp)} ${tag.unit})`}; ${firedText} the training threshold`
      : `${m.group}: the sensors' joint behaviour left its training envelope; ${firedText} the training threshold`;
    const assets = [...new Set(tagIds.map((t) => ctx.tags.get(t)?.asset).filter((a): a is string => a !== undefined))];
    return {
      detector: this.name,
      detectors: [this.name, ...fired.map((i) => m.members[i]!.name)],
      severity: fired.length === m.members.length && score >= 3 ? 'high' : 'medium',
      score: Math.max(1, score),
      message,
      assets,
      tags: tagIds,
      techniques: [],
      evidence: {
        group: m.group, modelVersion: m.version, members, vote: this.#vote, observed, expected,
        window: { from: new Date(since).toISOString(), to: new Date(at).toISOString(), period: m.period },
      },
    };
  }
}

function round(x: number): number {
  return Number(x.toPrecision(5));
}
