import type { Tag } from '../model/index.js';
import { makeEvent, type NewEvent, type StoredEvent } from '../twin/index.js';
import type { TechniqueTable } from './attack-techniques.js';
import type { Finding, Rule } from './rules/rule.js';

interface OpenIncident {
  id: string;
  assets: Set<string>;
  last: number;
}

/**
 * Runs the rules over committed events and turns findings into alerts,
 * grouped into incidents: an alert joins the open incident that shares one of
 * its assets and saw an alert within `incidentWindowMs`, else opens one. Ids
 * derive from the seq of the event that caused them, so a replay of the log
 * gives the same ids. Alert and incident events are never judged again.
 */
export class AlertEngine {
  #rules: readonly Rule[];
  readonly #techniques: TechniqueTable;
  readonly #tags: ReadonlyMap<string, Tag>;
  readonly #windowMs: number;
  readonly #incidents: OpenIncident[] = [];

  readonly #off: (f: Finding) => boolean;

  constructor(o: { rules: readonly Rule[]; techniques: TechniqueTable; tags: ReadonlyMap<string, Tag>; incidentWindowMs?: number; off?: (f: Finding) => boolean }) {
    this.#rules = o.rules;
    this.#off = o.off ?? (() => false);
    this.#techniques = o.techniques;
    this.#tags = o.tags;
    this.#windowMs = o.incidentWindowMs ?? 15 * 60_000;
  }

  /** Puts `rule` in place of the rule with the same name (or adds it): a newly activated trained group takes over from the next event. */
  replaceRule(rule: Rule): void {
    const i = this.#rules.findIndex((r) => r.name === rule.name);
    this.#rules = i < 0 ? [...this.#rules, rule] : this.#rules.map((r, k) => (k === i ? rule : r));
  }

  judge(events: readonly StoredEvent[]): NewEvent[] {
    const out: NewEvent[] = [];
    for (const e of events) {
      if (e.type === 'alert.raised' || e.type === 'incident.opened') continue;
      const findings: Finding[] = this.#rules.flatMap((r) => r.judge(e, { tags: this.#tags })).filter((f) => !this.#off(f));
      findings.forEach((f, n) => out.push(...this.#alert(e, f, n)));
    }
    return out;
  }

  #alert(cause: StoredEvent, f: Finding, n: number): NewEvent[] {
    const t = Date.parse(cause.time);
    const id = `alert-${cause.seq}${n ? `-${n}` : ''}`;
    const out: NewEvent[] = [];
    let incident = this.#incidents.find((i) => t - i.last <= this.#windowMs && f.assets.some((a) => i.assets.has(a)));
    if (!incident) {
      incident = { id: `incident-${cause.seq}${n ? `-${n}` : ''}`, assets: new Set(), last: t };
      this.#incidents.push(incident);
      out.push(makeEvent('incident.opened', cause.time, f.assets[0] ?? null, { id: incident.id, title: f.message, assets: f.assets, firstAlert: id }));
    }
    f.assets.forEach((a) => incident!.assets.add(a));
    incident.last = Math.max(incident.last, t);
    // Forget incidents quiet for longer than the window.
    for (let i = this.#incidents.length - 1; i >= 0; i--) if (t - this.#incidents[i]!.last > this.#windowMs) this.#incidents.splice(i, 1);
    out.unshift(
      makeEvent('alert.raised', cause.time, f.tags[0] ?? f.assets[0] ?? null, {
        id, detectors: f.detectors ?? [f.detector], severity: f.severity, score: f.score, message: f.message, assets: f.assets, tags: f.tags,
        techniques: this.#techniques.refs(f.techniques), evidence: f.evidence, cause: cause.seq, incident: incident.id,
      }),
    );
    return out;
  }
}
