/**
 * The ledger's exchange formats: what a leaf commits to and the proof
 * bundles an auditor checks. Types only, with no imports, so the console's
 * in-browser verifier (web/src/ledger/verify.ts) reads the same definitions.
 */

/**
 * What a ledger leaf commits to. Entry i of the ledger is event seq i + 1;
 * its leaf is the RFC 8785 canonical JSON of the event record:
 *   {"data":…,"seq":…,"subject":…,"time":…,"type":…}
 * A private record (personal or confidential data, e.g. PHI) keeps its data
 * apart: the leaf holds instead a salted commitment to it,
 *   {"private":"<base64 SHA-256(salt || JCS(data))>","seq":…,…}
 * so erasing the data and the salt leaves the leaf, and every proof, intact
 * while nothing about the erased data can be recovered or confirmed.
 */
export interface LedgerRecord {
  seq: number;
  time: string;
  type: string;
  subject: string | null;
  data?: unknown;
  /** base64 SHA-256(salt || JCS(data)): present instead of `data` for a private record. */
  private?: string;
}

/**
 * What an auditor needs to check one entry without trusting the node: the
 * entry, its inclusion proof and the signed checkpoint it is proved against.
 * The log's public key comes from elsewhere (the auditor's own copy).
 */
export interface InclusionBundle {
  kind: 'twinward-inclusion-proof/v1';
  origin: string;
  index: number;
  entry: LedgerRecord;
  /** base64 RFC 6962 leaf hash of JCS(entry). */
  leafHash: string;
  treeSize: number;
  proof: string[];
  /** The signed checkpoint note (log signature, and cosignatures if any). */
  checkpoint: string;
  /** For a private record still held: what opens its commitment. */
  opening?: { salt: string; data: unknown };
}

export interface ConsistencyBundle {
  kind: 'twinward-consistency-proof/v1';
  origin: string;
  size1: number;
  size2: number;
  proof: string[];
  /** Signed checkpoints at size1 and size2, when the log signed those sizes. */
  checkpoint1?: string;
  checkpoint2?: string;
  root1: string;
  root2: string;
}
