import type { DetectorSwitch, Tag } from '../model/index.js';
import type { Finding } from './rules/rule.js';

/** The family a detector name belongs to, as `detection.off` names it. */
export function detectorFamily(detector: string): string {
  if (detector === 'rule:safety-limit' || detector === 'rule:physical-range') return 'safety-limit';
  if (detector === 'rule:rate-of-change') return 'rate-of-change';
  if (detector === 'rule:command-semantics' || detector === 'rule:network-policy') return 'command-semantics';
  if (detector === 'rule:availability') return 'availability';
  if (detector.startsWith('physics')) return 'physics';
  if (detector.startsWith('ensemble:')) return 'statistical';
  return detector;
}

/**
 * A predicate for the model's `detection.off` switches: true when a finding
 * comes from a switched-off family and every tag it names is in the switch's
 * scope (its tags plus its units' tags; a switch listing neither covers all).
 */
export function switchedOff(switches: readonly DetectorSwitch[], tags: readonly Tag[]): (f: Finding) => boolean {
  const scopes = switches.map((s) => {
    const all = s.units.length === 0 && s.tags.length === 0;
    const scope = new Set([...s.tags, ...tags.filter((t) => t.processUnit !== undefined && s.units.includes(t.processUnit)).map((t) => t.id)]);
    const units = new Set(s.units);
    return { family: s.detector, all, scope, units };
  });
  if (scopes.length === 0) return () => false;
  return (f) => {
    const family = detectorFamily(f.detector);
    return scopes.some((s) => {
      if (s.family !== family) return false;
      if (s.all) return true;
      if (f.tags.length > 0) return f.tags.every((t) => s.scope.has(t));
      const unit = f.evidence.unit;
      return typeof unit === 'string' && s.units.has(unit);
    });
  };
}
