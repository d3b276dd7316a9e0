/**
 * The twin's event vocabulary. Events are the source of truth: the state of
 * every asset and tag is a fold of the event log, so each type here is a
 * stable, versioned contract read back after restarts and by other nodes.
 */
export type Quality = 'good' | 'uncertain' | 'bad';
export type AssetStatus = 'unknown' | 'online' | 'offline' | 'lost';

export interface EventPayloads {
  /** A node began serving; `modelHash` names the model version in force. */
  'node.started': { domain: string; modelHash: string; version: string };
  /** A model was loaded whose hash differs from the last one in the log. */
  'model.loaded': { hash: string; name: string; files: string[]; previousHash: string | null; counts: Record<string, number> };
  /** A tag's value as read from the field (or from the demo driver). */
  'tag.reading': { value: number; time: string; quality: Quality; source: string };
  /** An asset changed status; `reason` says what showed it. */
  'asset.status': { status: AssetStatus; previous: AssetStatus; reason: string };
  /** Input that could not become a reading: kept as evidence, never dropped silently. */
  'reading.rejected': { reason: string; tag: string | null; value: unknown; source: string };
  /** A network flow, mapped onto the model: which assets, and whether a conduit allows it. */
  'observation.flow': {
    src: string; dst: string; srcPort: number | null; dstPort: number | null; transport: string | null; protocol: string | null;
    bytes: number | null; packets: number | null; srcAsset: string | null; dstAsset: string | null;
    allowed: boolean; conduit: string | null; source: string;
  };
  /** An OT protocol command, mapped onto the model: who sent it, to what, and whether the model allows it. */
  'observation.command': {
    protocol: string; operation: string; functionCode: number | null; from: string; fromAsset: string | null;
    to: string | null; toAsset: string | null; tag: string | null; address: string | null; value: unknown;
    authorized: boolean; source: string;
  };
  /** Reality differs from the model; `evidence` holds what showed it. */
  'drift.detected': { kind: DriftKind; message: string; evidence: Record<string, unknown> };
  /** What detection concludes: which detectors fired, on what, why, and the ATT&CK for ICS techniques it indicates. */
  'alert.raised': {
    id: string; detectors: string[]; severity: Severity; score: number; message: string;
    assets: string[]; tags: string[]; techniques: { id: string; name: string }[];
    evidence: Record<string, unknown>; cause: number; incident: string;
  };
  /** Related alerts are grouped; an incident opens with its first alert. */
  'incident.opened': { id: string; title: string; assets: string[]; firstAlert: string };
  /**
   * Private records were erased (a right-to-erasure or retention request):
   * their data and salts are gone, their ledger leaves stay.
   */
  'record.erased': { seqs: number[]; reason: string; requestedBy: string | null };
  /** A connector's link to the field changed state. */
  'connector.status': { connector: string; state: string; previous: string | null; detail: string | null };
}

export type Severity = 'low' | 'medium' | 'high' | 'critical';

export type DriftKind =
  | 'stale-tag'
  | 'out-of-range'
  | 'unknown-source'
  | 'unknown-device'
  | 'flow-not-allowed'
  | 'unauthorized-write'
  | 'unexpected-function';

export type EventType = keyof EventPayloads;
export const EVENT_TYPES = [
  'node.started', 'model.loaded', 'tag.reading', 'asset.status', 'reading.rejected',
  'observation.flow', 'observation.command', 'drift.detected', 'connector.status', 'alert.raised', 'incident.opened',
  'record.erased',
] as const satisfies readonly EventType[];

/** An event before the store has given it a sequence number. */
export type NewEvent = {
  [T in EventType]: { type: T; time: string; subject: string | null; data: EventPayloads[T] };
}[EventType];

/**
 * An event as persisted: `seq` is dense, starts at 1, and orders the log.
 * `erased` marks a private record whose data was erased: it keeps its seq,
 * time, type and subject, and its `data` is an empty object.
 */
export type StoredEvent = NewEvent & { seq: number; erased?: true };

export function makeEvent<T extends EventType>(type: T, time: Date | string, subject: string | null, data: EventPayloads[T]): NewEvent {
  return { type, time: typeof time === 'string' ? time : time.toISOString(), subject, data } as NewEvent;
}
