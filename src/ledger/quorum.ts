import { parseCosignatureVerifierKey, verifyCosignature, type CosignatureVerifier, type VerifyCosignatureOptions } from './cosignature.js';
import { NoteError, parseNote } from './note.js';

/**
 * Witness quorums (tlog-cosignature: "Log clients can verify a quorum of
 * cosignatures to prevent split-view attacks"). Counting only looks at
 * cosignatures: the caller must also check the log's own signature
 * (verifyNote with the log's key), which a cosignature does not replace.
 */
export interface WitnessKey {
  /** The witness's cosignature/v1 verifier key, "<name>+<hex key ID>+<base64(0x04 || key)>". */
  verifierKey: string;
}

export interface Cosigner {
  name: string;
  verifierKey: string;
  /** POSIX seconds, from the latest valid cosignature of this witness on the note. */
  timestamp: bigint;
}

function parseWitnesses(witnesses: readonly WitnessKey[]): { key: string; v: CosignatureVerifier }[] {
  const seen = new Map<string, { key: string; v: CosignatureVerifier }>();
  for (const w of witnesses) {
    const v = parseCosignatureVerifierKey(w.verifierKey);
    // The same key listed twice is one witness, and counts once.
    seen.set(`${v.name}+${v.keyHash}`, { key: w.verifierKey, v });
  }
  return [...seen.values()];
}

/**
 * The witnesses in `witnesses` that validly cosigned the checkpoint note, in
 * the order given. Lines from unknown keys (the log's own, other witnesses',
 * other signature types) are ignored. A line whose name and key ID match a
 * listed witness must verify, or the whole note is refused with NoteError
 * (signed-note: "If a signature from a known key fails to verify, clients
 * SHOULD reject the whole note"). A witness cosigning more than once counts once.
 */
export function countCosignatures(checkpointNote: string, witnesses: readonly WitnessKey[], options: VerifyCosignatureOptions = {}): Cosigner[] {
  const known = parseWitnesses(witnesses);
  const { text, signatures } = parseNote(checkpointNote);
  const found = new Map<string, Cosigner>();
  for (const sig of signatures) {
    const w = known.find((k) => k.v.name === sig.name && k.v.keyHash === sig.keyHash);
    if (!w) continue;
    const timestamp = verifyCosignature(sig, w.v, text, options);
    const id = `${w.v.name}+${w.v.keyHash}`;
    const before = found.get(id);
    if (!before || before.timestamp < timestamp) found.set(id, { name: w.v.name, verifierKey: w.key, timestamp });
  }
  return known.map((k) => found.get(`${k.v.name}+${k.v.keyHash}`)).filter((c): c is Cosigner => c !== undefined);
}

/**
 * True when at least `threshold` distinct witnesses of `witnesses` validly
 * cosigned the note. Requires 1 <= threshold <= the number of distinct
 * witnesses: a quorum of zero would accept any split view, and one larger
 * than the set can never be met, so both are configuration errors.
 */
export function meetsQuorum(checkpointNote: string, witnesses: readonly WitnessKey[], threshold: number, options: VerifyCosignatureOptions = {}): boolean {
  const distinct = parseWitnesses(witnesses).length;
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > distinct) {
    throw new NoteError(`a quorum threshold is an integer from 1 to the number of witnesses (${distinct}), not ${threshold}`);
  }
  return countCosignatures(checkpointNote, witnesses, options).length >= threshold;
}
