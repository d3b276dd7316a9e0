import type { AssetStatus, Quality, TagValue, TwinEvent } from '../api/types';

/**
 * Typed views of an event's `data`. Events come off the network, so each
 * guard checks the fields it returns and answers null when they are missing
 * or of the wrong type, rather than trusting `type`.
 */

const QUALITIES: readonly string[] = ['good', 'uncertain', 'bad'] satisfies Quality[];
const STATUSES: readonly string[] = ['unknown', 'online', 'offline', 'lost'] satisfies AssetStatus[];

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A tag.reading event's reading, or null. */
export function readingOf(e: TwinEvent): TagValue | null {
  if (e.type !== 'tag.reading' || !e.subject) return null;
  const { value, time, quality, source } = e.data;
  if (typeof value !== 'number' || typeof time !== 'string' || typeof quality !== 'string' || !QUALITIES.includes(quality)) return null;
  return { value, time, quality: quality as Quality, source: str(source) ?? '' };
}

export interface StatusChange {
  status: AssetStatus;
  previous: AssetStatus;
  reason: string;
}

/** An asset.status event's change, or null. */
export function statusChangeOf(e: TwinEvent): StatusChange | null {
  if (e.type !== 'asset.status' || !e.subject) return null;
  const { status, previous, reason } = e.data;
  if (typeof status !== 'string' || !STATUSES.includes(status)) return null;
  const prev = typeof previous === 'string' && STATUSES.includes(previous) ? previous : 'unknown';
  return { status: status as AssetStatus, previous: prev as AssetStatus, reason: str(reason) ?? '' };
}

/** A drift.detected event, flattened; `kind` may be one the console does not know yet. */
export interface Drift {
  seq: number;
  time: string;
  kind: string;
  subject: string | null;
  message: string;
  evidence: Record<string, unknown>;
}

/** A drift.detected event's finding, or null. */
export function driftOf(e: TwinEvent): Drift | null {
  if (e.type !== 'drift.detected') return null;
  const kind = str(e.data.kind);
  if (!kind) return null;
  const ev = e.data.evidence;
  const evidence = ev && typeof ev === 'object' && !Array.isArray(ev) ? (ev as Record<string, unknown>) : {};
  return { seq: e.seq, time: e.time, kind, subject: e.subject, message: str(e.data.message) ?? '', evidence };
}

/** An observation.command event, flattened. */
export interface Command {
  seq: number;
  time: string;
  protocol: string;
  operation: string;
  from: string;
  fromAsset: string | null;
  toAsset: string | null;
  tag: string | null;
  address: string | null;
  value: unknown;
  authorized: boolean;
}

/** An observation.command event's command, or null. */
export function commandOf(e: TwinEvent): Command | null {
  if (e.type !== 'observation.command') return null;
  const d = e.data;
  const operation = str(d.operation);
  if (!operation || typeof d.authorized !== 'boolean') return null;
  return {
    seq: e.seq, time: e.time, protocol: str(d.protocol) ?? '?', operation, from: str(d.from) ?? '?', fromAsset: str(d.fromAsset),
    toAsset: str(d.toAsset), tag: str(d.tag), address: str(d.address), value: d.value ?? null, authorized: d.authorized,
  };
}

export interface ConnectorChange {
  connector: string;
  state: string;
  detail: string | null;
}

/** A connector.status event's change, or null. */
export function connectorChangeOf(e: TwinEvent): ConnectorChange | null {
  if (e.type !== 'connector.status') return null;
  const connector = str(e.data.connector);
  const state = str(e.data.state);
  if (!connector || !state) return null;
  return { connector, state, detail: str(e.data.detail) };
}

/** Formats an engineering value for people: integers as is, others to 4 significant digits at most. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(Math.abs(v) >= 1000 ? 6 : 4)));
}

/** One line that says what an event is about, for the feed. */
export function summarize(e: TwinEvent, unitOf: (tagId: string) => string = () => ''): string {
  const d = e.data;
  if (e.erased) return 'private record, erased (its ledger leaf remains)';
  switch (e.type) {
    case 'tag.reading': {
      const r = readingOf(e);
      if (!r) return 'malformed reading';
      const unit = e.subject ? unitOf(e.subject) : '';
      return `${formatValue(r.value)}${unit ? ` ${unit}` : ''} ${r.quality}`;
    }
    case 'asset.status': {
      const c = statusChangeOf(e);
      if (!c) return 'malformed status change';
      return `${c.previous} -> ${c.status}${c.reason ? ` (${c.reason})` : ''}`;
    }
    case 'model.loaded':
      return `${str(d.name) ?? '?'} ${(str(d.hash) ?? '').slice(0, 12)}`;
    case 'node.started':
      return `${str(d.domain) ?? '?'} v${str(d.version) ?? '?'} model ${(str(d.modelHash) ?? '').slice(0, 12)}`;
    case 'reading.rejected':
      return `${str(d.reason) ?? 'rejected'}${str(d.source) ? ` from ${str(d.source)}` : ''}`;
    case 'alert.raised': {
      const techniques = Array.isArray(d.techniques) ? d.techniques.map((t) => (t && typeof t === 'object' ? str((t as Record<string, unknown>).id) : null)).filter(Boolean) : [];
      return `${str(d.severity) ?? '?'}: ${str(d.message) ?? ''}${techniques.length ? ` [${techniques.join(', ')}]` : ''}`;
    }
    case 'incident.opened':
      return `${str(d.id) ?? 'incident'}: ${str(d.title) ?? ''}`;
    case 'drift.detected':
      return `${str(d.kind) ?? 'drift'}: ${str(d.message) ?? ''}`;
    case 'observation.flow':
      return `${str(d.srcAsset) ?? str(d.src) ?? '?'} -> ${str(d.dstAsset) ?? str(d.dst) ?? '?'} ${str(d.protocol) ?? str(d.transport) ?? ''}${typeof d.dstPort === 'number' ? `/${d.dstPort}` : ''} ${d.allowed === true ? 'allowed' : 'NOT ALLOWED'}`;
    case 'observation.command':
      return `${str(d.protocol) ?? '?'} ${str(d.operation) ?? '?'}${typeof d.functionCode === 'number' ? ` fc${d.functionCode}` : ''} ${str(d.tag) ?? str(d.address) ?? ''} from ${str(d.fromAsset) ?? str(d.from) ?? '?'}${d.authorized === false ? ' UNAUTHORIZED' : ''}`;
    case 'record.erased':
      return `${Array.isArray(d.seqs) ? d.seqs.length : '?'} private record(s) erased: ${str(d.reason) ?? ''}${str(d.requestedBy) ? ` (requested by ${str(d.requestedBy)})` : ''}`;
    case 'connector.status':
      return `${str(d.connector) ?? '?'}: ${str(d.previous) ?? 'new'} -> ${str(d.state) ?? '?'}${str(d.detail) ? ` (${str(d.detail)})` : ''}`;
    default:
      return JSON.stringify(d).slice(0, 120);
  }
}
