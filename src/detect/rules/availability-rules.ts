import type { StoredEvent } from '../../twin/index.js';
import { QuietPeriod } from './quiet-period.js';
import type { Finding, Rule, RuleContext } from './rule.js';

/**
 * Loss of telemetry: a tag that stopped reporting (stale) and an asset whose
 * reporting tags all went quiet (lost). Both are what T0815 Denial of View
 * looks like from the twin; a failed link looks the same, so severity stays
 * medium for a tag and high for a whole device. A tag that flaps between
 * stale and fresh (lossy link) alerts once per `quietMs` (default 10 min of
 * event time), not once per flap.
 */
export class AvailabilityRules implements Rule {
  readonly name = 'rule:availability';
  readonly #quiet: QuietPeriod;

  constructor(o: { quietMs?: number } = {}) {
    this.#quiet = new QuietPeriod(o.quietMs);
  }

  judge(e: StoredEvent, ctx: RuleContext): Finding[] {
    if (e.type === 'drift.detected' && e.data.kind === 'stale-tag' && e.subject) {
      if (!this.#quiet.due(e.subject, Date.parse(e.time))) return [];
      const asset = ctx.tags.get(e.subject)?.asset;
      return [{ detector: this.name, severity: 'medium', score: 1, message: e.data.message, assets: asset ? [asset] : [], tags: [e.subject], techniques: ['T0815'], evidence: { ...e.data.evidence, drift: e.seq } }];
    }
    if (e.type === 'asset.status' && e.data.status === 'lost' && e.subject) {
      return [{ detector: this.name, severity: 'high', score: 1, message: `${e.subject} lost: ${e.data.reason}`, assets: [e.subject], tags: [], techniques: ['T0815'], evidence: { previous: e.data.previous, cause: e.seq } }];
    }
    return [];
  }
}
