import type { StoredEvent } from '../../twin/index.js';
import { QuietPeriod } from './quiet-period.js';
import type { Finding, Rule, RuleContext } from './rule.js';

/**
 * Safety limits: a reading past a tag's trip limit (highHigh / lowLow) is a
 * critical alert, past its alarm limit (high / low) a medium one, once per
 * excursion. A value outside the instrument's physical range indicates a
 * spoofed or failed sensor (T0832 Manipulation of View is the attack reading).
 * Limit crossings claim no technique: a fault crosses them too, and telling
 * the two apart is the physics detectors' job. Like an ISA-18.2 alarm with a
 * deadband, an excursion ends only when the value is back inside the limit
 * by max(3 × the tag's noise, 0.5 % of its range), so noise around a limit
 * does not raise an alert per sample.
 */
export class LimitRules implements Rule {
  readonly name = 'rule:safety-limit';
  /** Tag -> the limit it is currently past. */
  readonly #active = new Map<string, string>();
  /** A reading hovering at the range's edge alerts once per 10 min. */
  readonly #rangeQuiet = new QuietPeriod();

  judge(e: StoredEvent, ctx: RuleContext): Finding[] {
    if (e.type === 'drift.detected' && e.data.kind === 'out-of-range' && e.subject) {
      if (!this.#rangeQuiet.due(e.subject, Date.parse(e.time))) return [];
      const tag = ctx.tags.get(e.subject);
      return [{ detector: 'rule:physical-range', severity: 'medium', score: 1, message: e.data.message, assets: tag ? [tag.asset] : [], tags: [e.subject], techniques: ['T0832'], evidence: { ...e.data.evidence, drift: e.seq } }];
    }
    if (e.type !== 'tag.reading' || !e.subject) return [];
    const tag = ctx.tags.get(e.subject);
    const limits = tag?.limits;
    if (!tag || !limits) return [];
    const v = e.data.value;
    const crossed =
      limits.highHigh !== undefined && v >= limits.highHigh ? { name: 'highHigh', limit: limits.highHigh, severity: 'critical' as const }
      : limits.lowLow !== undefined && v <= limits.lowLow ? { name: 'lowLow', limit: limits.lowLow, severity: 'critical' as const }
      : limits.high !== undefined && v >= limits.high ? { name: 'high', limit: limits.high, severity: 'medium' as const }
      : limits.low !== undefined && v <= limits.low ? { name: 'low', limit: limits.low, severity: 'medium' as const }
      : undefined;
    const before = this.#active.get(tag.id);
    if (!crossed) {
      if (before !== undefined && !clearOf(before, v, limits, deadband(tag))) return [];
      this.#active.delete(tag.id);
      return [];
    }
    // One alert per excursion, plus one on escalation (high -> highHigh); falling back
    // from highHigh to high, or a swap of sides without clearing, does not alert again.
    if (before !== undefined && !(RANK[crossed.name]! > RANK[before]! && side(crossed.name) === side(before))) return [];
    this.#active.set(tag.id, crossed.name);
    const span = Math.max(1e-9, tag.range.max - tag.range.min);
    return [{
      detector: this.name,
      severity: crossed.severity,
      score: 1 + Math.abs(v - crossed.limit) / span,
      message: `${tag.id} at ${v} ${tag.unit} is past its ${crossed.name} limit ${crossed.limit} ${tag.unit}`,
      assets: [tag.asset],
      tags: [tag.id],
      techniques: [],
      evidence: { value: v, limit: crossed.name, threshold: crossed.limit, reading: e.seq, source: e.data.source },
    }];
  }
}

function deadband(tag: { noise: number; range: { min: number; max: number } }): number {
  return Math.max(3 * tag.noise, 0.005 * (tag.range.max - tag.range.min));
}

const RANK: Record<string, number> = { high: 1, low: 1, highHigh: 2, lowLow: 2 };
const side = (name: string) => (name.startsWith('high') ? 'high' : 'low');

/** Whether `v` is back inside every limit on the side of `name`, by the deadband. */
function clearOf(name: string, v: number, limits: Partial<Record<string, number>>, band: number): boolean {
  const inner = side(name) === 'high' ? (limits.high ?? limits.highHigh) : (limits.low ?? limits.lowLow);
  if (inner === undefined) return true;
  return side(name) === 'high' ? v < inner - band : v > inner + band;
}
