import type { Alert, Incident, Severity, TechniqueRef, TwinEvent } from '../api/types';
import { mergeBySeq } from './drift';

/** Alerts kept for the panel, the asset panels, the graph and the charts; older ones fall off (the API has them all). */
export const ALERT_LIMIT = 500;
/** An asset whose newest alert is younger than this is marked on the topology: the detector's incident window, so "open" means a new alert there would join its incident. */
export const OPEN_ALERT_MS = 15 * 60_000;

export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export function severityRank(s: Severity): number {
  return RANK[s];
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const techniques = (v: unknown): TechniqueRef[] =>
  Array.isArray(v)
    ? v.flatMap((t) => {
        const r = record(t);
        const id = str(r.id);
        return id ? [{ id, name: str(r.name) ?? id }] : [];
      })
    : [];
const severity = (v: unknown): Severity | null => (typeof v === 'string' && v in RANK ? (v as Severity) : null);

/**
 * An alert from its fields as the network delivered them (an alert.raised
 * event's data, or an item of GET /api/alerts); null when the id, severity
 * or message is missing. Lists and evidence default to empty.
 */
export function parseAlert(seq: number, time: string, d: Record<string, unknown>): Alert | null {
  const id = str(d.id);
  const sev = severity(d.severity);
  if (!id || !sev || !Number.isInteger(seq)) return null;
  return {
    id, seq, time, severity: sev, score: typeof d.score === 'number' ? d.score : 0, message: str(d.message) ?? '',
    detectors: strings(d.detectors), assets: strings(d.assets), tags: strings(d.tags), techniques: techniques(d.techniques),
    evidence: record(d.evidence), cause: typeof d.cause === 'number' ? d.cause : 0, incident: str(d.incident) ?? '',
  };
}

/** An alert.raised event's alert, or null. */
export function alertOf(e: TwinEvent): Alert | null {
  return e.type === 'alert.raised' ? parseAlert(e.seq, e.time, e.data) : null;
}

/** Adds the alert.raised events among `events` to a list kept newest first. */
export function mergeAlerts(list: readonly Alert[], events: readonly TwinEvent[], limit = ALERT_LIMIT): Alert[] {
  return mergeBySeq(list, events.map(alertOf).filter((a): a is Alert => a !== null), limit);
}

/** Alerts read from the API, checked like those from the stream. */
export function parseAlerts(items: readonly unknown[]): Alert[] {
  return items.flatMap((x) => {
    const r = record(x);
    const a = typeof r.seq === 'number' && typeof r.time === 'string' ? parseAlert(r.seq, r.time, r) : null;
    return a ? [a] : [];
  });
}

/**
 * Folds alert.raised and incident.opened events into the incidents from
 * GET /api/incidents, as the node does: an alert counts once (those at or
 * below an incident's `lastSeq` are already in its totals, so a replay after
 * a reconnect changes nothing), raises the severity to its own, adds its
 * assets and techniques and moves the last time. An incident first seen on
 * the stream starts from its first alert. Requires `events` in seq order;
 * returns `list` itself when nothing changed, else the incidents most
 * recently active first.
 */
export function applyIncidentEvents(list: readonly Incident[], events: readonly TwinEvent[]): Incident[] {
  const byId = new Map(list.map((i) => [i.id, i]));
  let changed = false;
  /** A copy the fold may change, replacing the original in `byId`. */
  const edit = (id: string): Incident | undefined => {
    const cur = byId.get(id);
    if (!cur) return undefined;
    const copy = { ...cur, assets: [...cur.assets], techniques: [...cur.techniques] };
    byId.set(id, copy);
    changed = true;
    return copy;
  };
  const add = (inc: Incident): Incident => {
    byId.set(inc.id, inc);
    changed = true;
    return inc;
  };
  for (const e of events) {
    if (e.type === 'incident.opened') {
      const id = str(e.data.id);
      if (!id) continue;
      const known = byId.get(id);
      if (known && known.seq === e.seq) continue;
      const inc = edit(id);
      if (inc) {
        inc.title = str(e.data.title) ?? inc.title;
        inc.seq = e.seq;
      } else {
        // Opened before its first alert reached us (the node writes the alert first, so this is rare): listed once it has one.
        add({ id, title: str(e.data.title) ?? '', seq: e.seq, firstAlert: str(e.data.firstAlert) ?? '', lastAlert: '', alerts: 0, severity: 'low', assets: strings(e.data.assets), techniques: [], firstTime: e.time, lastTime: e.time, lastSeq: 0 });
      }
      continue;
    }
    const a = alertOf(e);
    if (!a || !a.incident) continue;
    const known = byId.get(a.incident);
    if (known && a.seq <= known.lastSeq) continue;
    const inc = edit(a.incident) ?? add({ id: a.incident, title: a.message, seq: a.seq, firstAlert: a.id, lastAlert: a.id, alerts: 0, severity: a.severity, assets: [], techniques: [], firstTime: a.time, lastTime: a.time, lastSeq: 0 });
    inc.alerts += 1;
    inc.severity = inc.alerts === 1 ? a.severity : maxSeverity(inc.severity, a.severity);
    inc.lastAlert = a.id;
    inc.lastSeq = a.seq;
    if (inc.alerts === 1) inc.firstTime = a.time;
    for (const id of a.assets) if (!inc.assets.includes(id)) inc.assets.push(id);
    for (const t of a.techniques) if (!inc.techniques.some((x) => x.id === t.id)) inc.techniques.push(t);
    if (Date.parse(a.time) < Date.parse(inc.firstTime)) inc.firstTime = a.time;
    if (inc.alerts === 1 || Date.parse(a.time) > Date.parse(inc.lastTime)) inc.lastTime = a.time;
  }
  if (!changed) return list as Incident[];
  return [...byId.values()].sort((a, b) => b.lastSeq - a.lastSeq);
}

/** Incidents with at least one alert: what the panel lists. */
export function visibleIncidents(list: readonly Incident[]): Incident[] {
  return list.filter((i) => i.alerts > 0);
}

export interface AssetAlerts {
  count: number;
  severity: Severity;
}

/**
 * Assets with alerts no older than `windowMs` at `now` (ms), with how many
 * and the highest severity. Every alert is looked at: times need not follow
 * the log order (a simulator's readings run ahead of the wall clock, a
 * replay behind it). Alerts with unreadable times are skipped.
 */
export function openAlertAssets(list: readonly Alert[], now: number, windowMs = OPEN_ALERT_MS): Map<string, AssetAlerts> {
  const out = new Map<string, AssetAlerts>();
  for (const a of list) {
    const t = Date.parse(a.time);
    if (!Number.isFinite(t) || now - t > windowMs) continue;
    for (const id of a.assets) {
      const cur = out.get(id);
      out.set(id, cur ? { count: cur.count + 1, severity: maxSeverity(cur.severity, a.severity) } : { count: 1, severity: a.severity });
    }
  }
  return out;
}

/** MITRE's page for a technique: T0855 -> /techniques/T0855/, sub-technique T1078.001 -> /techniques/T1078/001/. */
export function techniqueUrl(id: string): string {
  const [base, sub] = id.split('.');
  return `https://attack.mitre.org/techniques/${encodeURIComponent(base ?? id)}/${sub ? `${encodeURIComponent(sub)}/` : ''}`;
}
