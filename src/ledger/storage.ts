import type { Hash } from './merkle.js';
import type { PrivacyPolicy } from './records.js';
import type { TiledTree } from './tiled-tree.js';

/** One ledger entry as stored: entry i is event seq i + 1. */
export interface StoredEntry {
  seq: number;
  time: string;
  type: string;
  subject: string | null;
  /** The public data column: the event's data, or null for a private record. */
  data: unknown;
  leaf: Hash | null;
  /** For a private record: SHA-256(salt || JCS(data)), kept with the entry. */
  commitment: Hash | null;
  /** For a private record not erased: its salt and data, kept apart. */
  private: { salt: Buffer; data: unknown } | null;
}

export interface StoredCheckpoint {
  size: number;
  time: string;
  /** The signed note (C2SP tlog-checkpoint inside a signed-note), signed by the log only. */
  note: string;
}

export interface StoredCosignature {
  size: number;
  witness: string;
  time: string;
  /** The signature line the witness returned, "— <name> <base64>\n". */
  line: string;
}

export interface WitnessedCheckpoint {
  origin: string;
  size: number;
  root: Hash;
  note: string;
  time: string;
}

/**
 * What the ledger needs from the event store. Both backends implement it on
 * the same database as the events, so a leaf is written in its event's own
 * transaction and nothing can be committed without its leaf.
 */
export interface LedgerStorage {
  readonly tree: TiledTree;
  /** Which events hold private data; set by the node from its model. */
  setPrivacy(policy: PrivacyPolicy): void;
  entries(after: number, limit: number): Promise<StoredEntry[]>;
  /** The entries of these event seqs (those that exist), in seq order. */
  entriesAt(seqs: readonly number[]): Promise<StoredEntry[]>;
  putCheckpoint(c: StoredCheckpoint): Promise<void>;
  /** Newest first. */
  checkpoints(query: { before?: number; limit: number }): Promise<StoredCheckpoint[]>;
  checkpoint(size: number): Promise<StoredCheckpoint | undefined>;
  putCosignature(c: StoredCosignature): Promise<void>;
  /** The cosignatures of checkpoints of these sizes, by size then witness. */
  cosignatures(sizes: readonly number[]): Promise<StoredCosignature[]>;
  /** Each witness's cosignature of the largest size it cosigned. */
  latestCosignatures(): Promise<StoredCosignature[]>;
  witnessed(origin: string): Promise<WitnessedCheckpoint | undefined>;
  /** Records a newly witnessed checkpoint if the last one recorded is still `expectedSize` (compare-and-set). */
  swapWitnessed(expectedSize: number | undefined, next: WitnessedCheckpoint): Promise<boolean>;
  allWitnessed(): Promise<WitnessedCheckpoint[]>;
}
