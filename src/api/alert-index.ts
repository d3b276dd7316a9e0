import type { Severity, StoredEvent, TwinNode } from '../twin/index.js';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const satisfies readonly Severity[];
const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** An `alert.raised` event as the API serves it: its data plus where it sits in the log. */
export interface AlertView {
  id: string;
  seq: number;
  time: string;
  severity: Severity;
  score: number;
  message: string;
  detectors: string[];
  assets: string[];
  tags: string[];
  techniques: { id: string; name: string }[];
  evidence: Record<string, unknown>;
  /** Seq of the event that caused the alert. */
  cause: number;
  incident: string;
}

/** An incident with what its alerts add up to. */
export interface IncidentView {
  id: string;
  title: string;
  /** Seq of the incident.opened event, or of its first alert when the log lacks the opening. */
  seq: number;
  firstAlert: string;
  lastAlert: string;
  alerts: number;
  severity: Severity;
  assets: string[];
  techniques: { id: string; name: string }[];
  firstTime: string;
  lastTime: string;
  /** Seq of its newest alert: a client folding live alerts into the incident skips those at or below it. */
  lastSeq: number;
}

export interface AlertFilter {
  asset?: string;
  tag?: string;
  severity?: readonly Severity[];
  technique?: string;
  incident?: string;
  /** ISO times: alerts at or after `since`, before `until`. */
  since?: string;
  until?: string;
}

interface Incident extends IncidentView {
  /** Its alerts, in log order. */
  members: AlertView[];
}

const TYPES = ['alert.raised', 'incident.opened', 'record.erased'] as const;
const PAGE = 1000;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const techniquesOf = (v: unknown): { id: string; name: string }[] =>
  Array.isArray(v)
    ? v.filter((t): t is { id: string; name: unknown } => typeof t?.id === 'string').map((t) => ({ id: t.id, name: typeof t.name === 'string' ? t.name : t.id }))
    : [];
const severityOf = (v: unknown): Severity => (typeof v === 'string' && v in RANK ? (v as Severity) : 'medium');
const timeOf = (iso: string) => {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : 0;
};

/**
 * An erased alert (a private record: its subject holds patient data) keeps
 * its place and says nothing more; erased before a start, even its id and
 * incident are gone, so it shows as alert-seq-<n> outside any incident.
 */
const ERASED = 'private record, erased';

/** The higher of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * Alerts and incidents of one node, indexed in memory from its event log:
 * loaded once from the store (by type, so the readings are not scanned), then
 * kept current from the node's committed-event stream. The log stays the
 * source of truth; this only answers filters the store cannot (on fields
 * inside `data`) and the per-incident totals. Memory grows with the number
 * of alerts, which detection keeps to one per finding.
 */
export class AlertIndex {
  readonly #node: TwinNode;
  /** In log order. */
  readonly #alerts: AlertView[] = [];
  readonly #byId = new Map<string, AlertView>();
  readonly #incidents = new Map<string, Incident>();
  #lastSeq = 0;
  #loading: Promise<void> | undefined;
  #live = false;
  #buffer: StoredEvent[] = [];
  #unsubscribe: (() => void) | undefined;

  constructor(node: TwinNode) {
    this.#node = node;
  }

  /**
   * Resolves once the index holds every alert committed so far. Subscribes
   * before reading the store, so an alert committed during the load is
   * buffered rather than lost; events seen twice are applied once, by seq.
   * A failed load is retried by the next call.
   */
  ready(): Promise<void> {
    this.#loading ??= this.#load().catch((err: unknown) => {
      this.#unsubscribe?.();
      this.#unsubscribe = undefined;
      this.#loading = undefined;
      this.#buffer = [];
      throw err;
    });
    return this.#loading;
  }

  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  async #load(): Promise<void> {
    this.#unsubscribe = this.#node.subscribe((events) => {
      if (this.#live) events.forEach((e) => this.#apply(e));
      else this.#buffer.push(...events);
    });
    let after = this.#lastSeq;
    for (;;) {
      const page = await this.#node.store.read({ after, limit: PAGE, order: 'asc', types: [...TYPES] });
      page.forEach((e) => this.#apply(e));
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.seq;
    }
    this.#buffer.splice(0).forEach((e) => this.#apply(e));
    this.#live = true;
  }

  /** Requires events in log order; repeats (seq at or below the last applied) are skipped. */
  #apply(e: StoredEvent): void {
    if (e.seq <= this.#lastSeq) return;
    if (e.type === 'alert.raised') this.#addAlert(e);
    else if (e.type === 'incident.opened') this.#openIncident(e);
    else if (e.type === 'record.erased') this.#erase(e.data.seqs);
    else return;
    this.#lastSeq = e.seq;
  }

  /** An alert erased while the node runs says nothing more than an erased one read at start. */
  #erase(seqs: readonly number[]): void {
    for (const seq of seqs) {
      const i = firstAbove(this.#alerts, seq - 1);
      const a = this.#alerts[i];
      if (a?.seq !== seq) continue;
      a.message = ERASED;
      a.evidence = {};
    }
  }

  #addAlert(e: Extract<StoredEvent, { type: 'alert.raised' }>): void {
    const d = e.data;
    // Our own log, but possibly written by an older version: read it defensively.
    const a: AlertView = {
      id: typeof d.id === 'string' ? d.id : `alert-seq-${e.seq}`,
      seq: e.seq,
      time: e.time,
      severity: severityOf(d.severity),
      score: typeof d.score === 'number' ? d.score : 0,
      message: e.erased ? ERASED : typeof d.message === 'string' ? d.message : '',
      detectors: strings(d.detectors),
      assets: strings(d.assets),
      tags: strings(d.tags),
      techniques: techniquesOf(d.techniques),
      evidence: d.evidence && typeof d.evidence === 'object' && !Array.isArray(d.evidence) ? d.evidence : {},
      cause: typeof d.cause === 'number' ? d.cause : 0,
      incident: typeof d.incident === 'string' ? d.incident : '',
    };
    this.#alerts.push(a);
    this.#byId.set(a.id, a);
    if (!a.incident) return;
    const inc = this.#incident(a.incident, e.seq, a.message, a.id, e.time);
    inc.members.push(a);
    inc.alerts = inc.members.length;
    inc.severity = inc.alerts === 1 ? a.severity : maxSeverity(inc.severity, a.severity);
    inc.lastAlert = a.id;
    inc.lastSeq = e.seq;
    for (const id of a.assets) if (!inc.assets.includes(id)) inc.assets.push(id);
    for (const t of a.techniques) if (!inc.techniques.some((x) => x.id === t.id)) inc.techniques.push(t);
    if (timeOf(e.time) < timeOf(inc.firstTime)) inc.firstTime = e.time;
    if (timeOf(e.time) > timeOf(inc.lastTime)) inc.lastTime = e.time;
  }

  #openIncident(e: Extract<StoredEvent, { type: 'incident.opened' }>): void {
    const d = e.data;
    if (typeof d.id !== 'string') return;
    const inc = this.#incident(d.id, e.seq, String(d.title ?? ''), String(d.firstAlert ?? ''), e.time);
    // The engine writes an alert before the incident it opens; the opening still names it.
    if (typeof d.title === 'string') inc.title = d.title;
    if (typeof d.firstAlert === 'string') inc.firstAlert = d.firstAlert;
    inc.seq = e.seq;
    for (const id of strings(d.assets)) if (!inc.assets.includes(id)) inc.assets.push(id);
  }

  #incident(id: string, seq: number, title: string, firstAlert: string, time: string): Incident {
    let inc = this.#incidents.get(id);
    if (!inc) {
      inc = { id, title, seq, firstAlert, lastAlert: firstAlert, alerts: 0, severity: 'low', assets: [], techniques: [], firstTime: time, lastTime: time, lastSeq: seq, members: [] };
      this.#incidents.set(id, inc);
    }
    return inc;
  }

  alert(id: string): AlertView | undefined {
    return this.#byId.get(id);
  }

  /**
   * Alerts matching `filter`, at most `limit`: newest first below `before`
   * (default: from the newest), or oldest first above `after`.
   */
  alerts(filter: AlertFilter, page: { limit: number; before?: number; after?: number }): AlertView[] {
    const match = matcher(filter);
    const out: AlertView[] = [];
    if (page.after !== undefined) {
      for (let i = firstAbove(this.#alerts, page.after); i < this.#alerts.length && out.length < page.limit; i++) {
        if (match(this.#alerts[i]!)) out.push(this.#alerts[i]!);
      }
      return out;
    }
    const start = page.before === undefined ? this.#alerts.length : firstAbove(this.#alerts, page.before - 1);
    for (let i = start - 1; i >= 0 && out.length < page.limit; i--) if (match(this.#alerts[i]!)) out.push(this.#alerts[i]!);
    return out;
  }

  /** Incidents matching `filter`, the most recently active first. */
  incidents(filter: { asset?: string; severity?: readonly Severity[]; since?: string }): IncidentView[] {
    const since = filter.since ? timeOf(filter.since) : undefined;
    return [...this.#incidents.values()]
      .filter((i) => i.alerts > 0)
      .filter((i) => (!filter.asset || i.assets.includes(filter.asset)) && (!filter.severity || filter.severity.includes(i.severity)) && (since === undefined || timeOf(i.lastTime) >= since))
      .sort((a, b) => b.lastSeq - a.lastSeq)
      .map(view);
  }

  /** One incident and its newest `limit` alerts, newest first. */
  incident(id: string, limit: number): (IncidentView & { items: AlertView[] }) | undefined {
    const inc = this.#incidents.get(id);
    if (!inc || inc.alerts === 0) return undefined;
    return { ...view(inc), items: inc.members.slice(-limit).reverse() };
  }
}

function view({ members: _m, ...rest }: Incident): IncidentView {
  return { ...rest, assets: [...rest.assets], techniques: [...rest.techniques] };
}

/** Index of the first alert with seq > `seq`. Requires `list` sorted by seq. */
function firstAbove(list: readonly AlertView[], seq: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function matcher(f: AlertFilter): (a: AlertView) => boolean {
  const since = f.since ? timeOf(f.since) : undefined;
  const until = f.until ? timeOf(f.until) : undefined;
  return (a) =>
    (!f.asset || a.assets.includes(f.asset)) &&
    (!f.tag || a.tags.includes(f.tag)) &&
    (!f.severity || f.severity.includes(a.severity)) &&
    (!f.technique || a.techniques.some((t) => t.id === f.technique || t.id.startsWith(`${f.technique}.`))) &&
    (!f.incident || a.incident === f.incident) &&
    (since === undefined || timeOf(a.time) >= since) &&
    (until === undefined || timeOf(a.time) < until);
}
