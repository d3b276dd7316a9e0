import { TwinwardError } from '../common/errors.js';
import type { LedgerStorage } from '../ledger/storage.js';
import type { EventType, StoredEvent } from '../twin/index.js';
import type { TwinState } from '../twin/index.js';

export type StoreErrorCode = 'unavailable' | 'locked' | 'conflict' | 'bad-url' | 'corrupt' | 'closed' | 'read-only';

export class StoreError extends TwinwardError<StoreErrorCode> {}

export interface EventQuery {
  /** Only events with seq > after (ascending) or seq < before (descending). */
  after?: number;
  before?: number;
  limit: number;
  types?: EventType[];
  subject?: string;
  /** ISO times, inclusive lower bound and exclusive upper bound on the event time. */
  since?: string;
  until?: string;
  order?: 'asc' | 'desc';
}

export interface Snapshot {
  seq: number;
  takenAt: string;
  state: TwinState;
}

export interface AppendOptions {
  /**
   * Private records to erase in the same transaction (their data and salt
   * are deleted; their ledger leaves stay); the events appended record it.
   */
  erase?: readonly number[];
}

/**
 * Where the event log lives. One node writes a store at a time (enforced by
 * a lock); appends are atomic per call and durable when the promise resolves.
 */
export interface EventStore extends LedgerStorage {
  readonly kind: 'embedded' | 'postgres';
  /** Where the data is, without credentials; safe to print. */
  readonly location: string;
  /**
   * Appends events whose seqs continue the log exactly (first = lastSeq + 1),
   * with an optional snapshot taken at the last of them, in one transaction.
   */
  append(events: readonly StoredEvent[], snapshot?: Snapshot, options?: AppendOptions): Promise<void>;
  read(query: EventQuery): Promise<StoredEvent[]>;
  lastSeq(): Promise<number>;
  latestSnapshot(): Promise<Snapshot | undefined>;
  close(): Promise<void>;
}
