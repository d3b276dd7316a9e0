import type { StoredEvent } from '../../twin/index.js';
import type { Finding, Rule, RuleContext } from './rule.js';

/**
 * Safety limits: a reading past a tag's trip limit (highHigh / lowLow) is a
 * critical alert, past its alarm limit (high / low) a medium one, once per
 * excursion. A value outside the instrument's physical range indicates a
 * spoofed or failed sensor (T0832 Manipulation of View is the attack reading).
 * Limit crossings claim no technique: a fault crosses them too, and telling
 * the two apart is the physics detectors' job.
 */
export class LimitRules implements Rule {
  readonly name = 'rule:safety-limit';
  /** Tag -> the limit it is currently past. */
  readonly #active = new Map<string, string>();

  judge(e: StoredEvent, ctx: RuleContext): Finding[] {
    if (e.type === 'drift.detected' && e.data.kind === 'out-of-range' && e.subject) {
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
      this.#active.delete(tag.id);
      return [];
    }
    this.#active.set(tag.id, crossed.name);
    // Escalation (high -> highHigh) alerts again; staying past the same limit does not.
    if (before === crossed.name || (before?.length ?? 0) > crossed.name.length) return [];
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
