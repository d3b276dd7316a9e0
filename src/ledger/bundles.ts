import { canonicalJson } from '../common/canonical-json.js';
import { parseCheckpoint, type Checkpoint } from './checkpoint.js';
import { LedgerError } from './errors.js';
import { leafHash, ProofError, verifyConsistency, verifyInclusion, type Hash } from './merkle.js';
import { NoteError, parseVerifierKey, verifyNote } from './note.js';
import type { InclusionBundle, ConsistencyBundle } from './formats.js';
import { commitment } from './records.js';

export type { InclusionBundle, ConsistencyBundle } from './formats.js';

const b64 = (h: Uint8Array) => Buffer.from(h).toString('base64');

function hash(text: unknown, where: string): Hash {
  if (typeof text !== 'string') throw new LedgerError('bad-proof', `${where}: expected a base64 SHA-256 hash`);
  const h = Buffer.from(text, 'base64');
  if (h.length !== 32 || h.toString('base64') !== text) throw new LedgerError('bad-proof', `${where}: "${text.slice(0, 60)}" is not the base64 of 32 bytes`);
  return h;
}

function count(v: unknown, where: string): number {
  if (!(Number.isSafeInteger(v) && (v as number) >= 0)) throw new LedgerError('bad-proof', `${where}: expected a non-negative integer, got ${JSON.stringify(v)}`);
  return v as number;
}

/** Checks a checkpoint note's signature by `verifierKey` and returns the checkpoint. */
export function checkSignedCheckpoint(note: unknown, verifierKey: string, where = 'checkpoint'): Checkpoint {
  if (typeof note !== 'string') throw new LedgerError('bad-proof', `${where}: expected the signed checkpoint note as text`);
  try {
    const v = parseVerifierKey(verifierKey);
    const { text, signedBy } = verifyNote(note, [v]);
    if (!signedBy.includes(v.name)) throw new LedgerError('bad-proof', `${where}: not signed by ${v.name} (the key given); it cannot be trusted`);
    const cp = parseCheckpoint(text);
    if (cp.origin !== v.name) throw new LedgerError('bad-proof', `${where}: origin "${cp.origin}" is not the key's name "${v.name}"`);
    return cp;
  } catch (err) {
    if (err instanceof NoteError) throw new LedgerError('bad-proof', `${where}: ${err.reason}`);
    throw err;
  }
}

export interface InclusionCheck {
  origin: string;
  index: number;
  treeSize: number;
  root: string;
  leafHash: string;
  /** For a private record with its opening: whether the data matches the commitment. */
  opening: 'matches' | 'absent';
}

/**
 * Verifies an inclusion bundle against the log's verifier key: the
 * checkpoint's signature, the leaf hash of the entry, the inclusion proof
 * to the checkpoint's root, and the opening of a private record if given.
 * Throws LedgerError naming the first thing that does not hold.
 */
export function checkInclusionBundle(bundle: unknown, verifierKey: string): InclusionCheck {
  if (typeof bundle !== 'object' || bundle === null) throw new LedgerError('bad-proof', 'the proof is not a JSON object');
  const b = bundle as Partial<InclusionBundle>;
  if (b.kind !== 'twinward-inclusion-proof/v1') throw new LedgerError('bad-proof', `kind: expected "twinward-inclusion-proof/v1", got ${JSON.stringify(b.kind)}`);
  const cp = checkSignedCheckpoint(b.checkpoint, verifierKey);
  const index = count(b.index, 'index');
  const size = count(b.treeSize, 'treeSize');
  if (BigInt(size) !== cp.size) throw new LedgerError('bad-proof', `treeSize ${size} is not the checkpoint's size ${cp.size}`);
  if (typeof b.entry !== 'object' || b.entry === null) throw new LedgerError('bad-proof', 'entry: expected the ledger record');
  if (b.entry.seq !== index + 1) throw new LedgerError('bad-proof', `entry.seq ${b.entry.seq} is not index + 1 (${index + 1})`);
  const leaf = leafHash(Buffer.from(canonicalJson(b.entry), 'utf8'));
  const claimed = hash(b.leafHash, 'leafHash');
  if (!Buffer.from(claimed).equals(Buffer.from(leaf))) throw new LedgerError('bad-proof', 'leafHash is not the hash of the entry: the entry was altered');
  if (!Array.isArray(b.proof)) throw new LedgerError('bad-proof', 'proof: expected a list of base64 hashes');
  const path = b.proof.map((h, i) => hash(h, `proof[${i}]`));
  try {
    verifyInclusion(BigInt(index), cp.size, leaf, path, cp.root);
  } catch (err) {
    if (err instanceof ProofError) throw new LedgerError('bad-proof', `inclusion proof: ${err.reason}`);
    throw err;
  }
  let opening: InclusionCheck['opening'] = 'absent';
  if (b.opening) {
    if (typeof b.entry.private !== 'string') throw new LedgerError('bad-proof', 'opening given for an entry that is not private');
    const salt = Buffer.from(String(b.opening.salt), 'base64');
    if (b64(commitment(salt, b.opening.data)) !== b.entry.private) throw new LedgerError('bad-proof', 'opening: the data and salt do not match the committed hash');
    opening = 'matches';
  }
  return { origin: cp.origin, index, treeSize: size, root: b64(cp.root), leafHash: b64(leaf), opening };
}

/** Verifies a consistency bundle: both checkpoints signed by the key (when given), and the proof between their roots. */
export function checkConsistencyBundle(bundle: unknown, verifierKey: string): { origin: string; size1: number; size2: number } {
  if (typeof bundle !== 'object' || bundle === null) throw new LedgerError('bad-proof', 'the proof is not a JSON object');
  const b = bundle as Partial<ConsistencyBundle>;
  if (b.kind !== 'twinward-consistency-proof/v1') throw new LedgerError('bad-proof', `kind: expected "twinward-consistency-proof/v1", got ${JSON.stringify(b.kind)}`);
  const size1 = count(b.size1, 'size1');
  const size2 = count(b.size2, 'size2');
  let root1 = hash(b.root1, 'root1');
  let root2 = hash(b.root2, 'root2');
  for (const [which, note, size] of [['checkpoint1', b.checkpoint1, size1], ['checkpoint2', b.checkpoint2, size2]] as const) {
    if (note === undefined) continue;
    const cp = checkSignedCheckpoint(note, verifierKey, which);
    if (cp.size !== BigInt(size)) throw new LedgerError('bad-proof', `${which} commits to size ${cp.size}, not ${size}`);
    if (which === 'checkpoint1') root1 = Buffer.from(cp.root);
    else root2 = Buffer.from(cp.root);
  }
  if (b.checkpoint1 === undefined && b.checkpoint2 === undefined) throw new LedgerError('bad-proof', 'neither size is a signed checkpoint: nothing ties the roots to the log');
  if (!Array.isArray(b.proof)) throw new LedgerError('bad-proof', 'proof: expected a list of base64 hashes');
  try {
    verifyConsistency(BigInt(size1), BigInt(size2), root1, root2, b.proof.map((h, i) => hash(h, `proof[${i}]`)));
  } catch (err) {
    if (err instanceof ProofError) throw new LedgerError('bad-proof', `consistency proof: ${err.reason}`);
    throw err;
  }
  return { origin: String(b.origin), size1, size2 };
}
