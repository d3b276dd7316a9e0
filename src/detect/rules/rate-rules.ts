import type { StoredEvent } from '../../twin/index.js';
import type { Finding, Rule, RuleContext } from './rule.js';

/**
 * Rate-of-change limits: a tag whose value moves faster than its
 * `limits.rateOfChange` (units per second, between two consecutive readings,
 * over at least the tag's sample period)
 * did something the process cannot do. Once per excursion: the rule re-arms
 * after a reading within the rate. What it indicates depends on the tag:
 * a sensor jumping is a spoofed or failed reading (T0832 Manipulation of
 * View), a setpoint stepping is a parameter change (T0836 Modify
 * Parameter), an actuator slamming is T0831 Manipulation of Control.
 */
export class RateRules implements Rule {
  readonly name = 'rule:rate-of-change';
  readonly #last = new Map<string, { value: number; time: number }>();
  readonly #active = new Set<string>();

  judge(e: StoredEvent, ctx: RuleContext): Finding[] {
    if (e.type !== 'tag.reading' || !e.subject) return [];
    const tag = ctx.tags.get(e.subject);
    const limit = tag?.limits?.rateOfChange;
    if (!tag || limit === undefined) return [];
    const time = Date.parse(e.data.time);
    const value = e.data.value;
    const prev = this.#last.get(tag.id);
    if (prev && time <= prev.time) return []; // out of order or duplicate: no rate to judge
    this.#last.set(tag.id, { value, time });
    if (!prev || !Number.isFinite(time)) return [];
    // A tag is not sampled faster than its sample period: a recording that repeats a
    // 5 s analyser value every second still moves at most one sample's change per 5 s.
    const seconds = Math.max((time - prev.time) / 1000, tag.samplePeriod);
    const rate = Math.abs(value - prev.value) / seconds;
    if (rate <= limit) {
      this.#active.delete(tag.id);
      return [];
    }
    if (this.#active.has(tag.id)) return [];
    this.#active.add(tag.id);
    const techniques = tag.kind === 'sensor' ? ['T0832'] : tag.kind === 'setpoint' ? ['T0836'] : tag.kind === 'actuator' ? ['T0831'] : [];
    return [{
      detector: this.name,
      severity: 'medium',
      score: rate / limit,
      message: `${tag.id} moved ${fmt(value - prev.value)} ${tag.unit} in ${fmt(seconds)} s (${fmt(rate)} ${tag.unit}/s), faster than its rate limit ${limit} ${tag.unit}/s`,
      assets: [tag.asset],
      tags: [tag.id],
      techniques,
      evidence: { value, previous: prev.value, seconds, rate, limit, window: { from: new Date(prev.time).toISOString(), to: e.data.time }, reading: e.seq, source: e.data.source },
    }];
  }
}

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}
