import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { parseCheckpoint } from './checkpoint.js';
import { checkKeyName, formatVerifierKey, hex8, keyHash, NoteError, parseVerifierKeyOf, rawPublicKey, signatureLine, type NoteSignature, type NoteSigner, type NoteVerifier } from './note.js';

/**
 * C2SP tlog-cosignature, Ed25519 "cosignature/v1" (https://c2sp.org/tlog-cosignature):
 * a witness's statement that, as of a time, the checkpoint is the largest
 * consistent tree head it has seen for the log. It is a signed-note signature
 * line whose bytes are
 *   key ID[4] || timestamp[8, big-endian POSIX seconds] || Ed25519 signature[64]
 * over the message
 *   "cosignature/v1\n" || "time " || decimal(timestamp) || "\n" || checkpoint note text.
 * The key ID is SHA-256(name || "\n" || 0x04 || public key)[:4], and the
 * verifier key is "<name>+<hex key ID>+<base64(0x04 || public key)>".
 * The message does not commit to the name, so one key must serve one witness.
 */
export const COSIGNATURE_V1 = 0x04;

/** "timestamp MUST NOT exceed 2^63 - 1" (tlog-cosignature, Format). */
export const MAX_COSIGNATURE_TIME = 2n ** 63n - 1n;

const TIMESTAMP_BYTES = 8;
const ED25519_SIGNATURE_BYTES = 64;

export type CosignatureVerifier = NoteVerifier;

export interface VerifyCosignatureOptions {
  /** Refuse cosignatures dated after this POSIX time in seconds ("verifiers MAY reject cosignatures with timestamps in the future"). */
  notAfter?: bigint;
}

/**
 * A cosigned text is a whole checkpoint note text: it ends in a newline, has
 * no blank line, no control character but newline (signed-note, Format), and
 * parses as a checkpoint. A witness signs nothing else: the fixed header is
 * the only domain separation of the signed message.
 */
function checkCheckpointText(text: string): void {
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) throw new NoteError('a note text cannot contain control characters other than newline');
  if (text.includes('\n\n')) throw new NoteError('a note text cannot contain a blank line (pass the text without its signatures)');
  parseCheckpoint(text);
}

function checkTimestamp(timestamp: bigint): void {
  if (timestamp < 0n || timestamp > MAX_COSIGNATURE_TIME) throw new NoteError(`cosignature time ${timestamp} is not between 0 and 2^63-1`);
}

/** "<name>+<hex key ID>+<base64(0x04 || key)>" for a witness's Ed25519 public key. */
export function cosignatureVerifierKey(name: string, publicKey: KeyObject): string {
  return formatVerifierKey(name, COSIGNATURE_V1, publicKey);
}

/**
 * Parses a cosignature/v1 verifier key, checking that its key ID matches its
 * name and key. The key text comes from configuration or a peer: a key of
 * another type (0x01, a log's key) is refused rather than converted, since its
 * key ID would not match any cosignature line.
 */
export function parseCosignatureVerifierKey(text: string): CosignatureVerifier {
  return parseVerifierKeyOf(text, COSIGNATURE_V1, 'cosignature/v1');
}

/** The bytes a cosignature/v1 signs (tlog-cosignature, "Ed25519 signed message"). */
export function cosignatureMessage(text: string, timestamp: bigint): Buffer {
  checkTimestamp(timestamp);
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${text}`, 'utf8');
}

/**
 * Cosigns a checkpoint note text (without its signature lines) as of
 * `timestamp` (POSIX seconds). Returns the signature line "— <name> <base64>\n",
 * ready to append to the note. Requires an Ed25519 private key.
 */
export function cosign(text: string, signer: NoteSigner, timestamp: bigint): string {
  checkKeyName(signer.name);
  if (signer.privateKey.asymmetricKeyType !== 'ed25519' || signer.privateKey.type !== 'private') throw new NoteError('a cosignature/v1 is made with an Ed25519 private key');
  checkCheckpointText(text);
  const message = cosignatureMessage(text, timestamp);
  const raw = rawPublicKey(createPublicKey(signer.privateKey));
  const time = Buffer.alloc(TIMESTAMP_BYTES);
  time.writeBigUInt64BE(timestamp);
  const signature = Buffer.concat([time, sign(null, message, signer.privateKey)]);
  return signatureLine({ name: signer.name, keyHash: keyHash(signer.name, COSIGNATURE_V1, raw), signature });
}

/** Parses one signature line "— <name> <base64>" (trailing newline optional); the line is untrusted. */
export function parseSignatureLine(line: string): NoteSignature {
  const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)\n?$/.exec(line);
  if (!m) throw new NoteError('not a signature line "— <name> <base64>"');
  const bytes = Buffer.from(m[2]!, 'base64');
  if (bytes.toString('base64') !== m[2]) throw new NoteError('the signature is not canonical base64');
  if (bytes.length < 5) throw new NoteError('the signature is too short to hold a key ID');
  return { name: m[1]!, keyHash: bytes.readUInt32BE(0), signature: bytes.subarray(4) };
}

/**
 * The timestamp a cosignature/v1 claims, read without verifying it (for
 * display or triage only). Throws NoteError unless it has the v1 length.
 */
export function cosignatureTimestamp(sig: NoteSignature): bigint {
  if (sig.signature.length !== TIMESTAMP_BYTES + ED25519_SIGNATURE_BYTES) {
    throw new NoteError(`a cosignature/v1 holds ${TIMESTAMP_BYTES + ED25519_SIGNATURE_BYTES} bytes after the key ID, this one ${sig.signature.length}`);
  }
  return Buffer.from(sig.signature).readBigUInt64BE(0);
}

/**
 * Checks that `line` is a valid cosignature/v1 by `verifier` (a parsed key or
 * its text form) over the checkpoint note text `text` (without signatures).
 * Returns the cosignature's timestamp in POSIX seconds; throws NoteError
 * saying which check failed. Every field of the line is attacker-controlled.
 */
export function verifyCosignature(line: string | NoteSignature, verifier: CosignatureVerifier | string, text: string, options: VerifyCosignatureOptions = {}): bigint {
  const v = typeof verifier === 'string' ? parseCosignatureVerifierKey(verifier) : verifier;
  const sig = typeof line === 'string' ? parseSignatureLine(line) : line;
  if (sig.name !== v.name) throw new NoteError(`the signature is by ${JSON.stringify(sig.name)}, not by the witness ${JSON.stringify(v.name)}`);
  if (sig.keyHash >>> 0 !== v.keyHash >>> 0) {
    throw new NoteError(`key ID ${hex8(sig.keyHash)} is not the witness's cosignature/v1 key ID ${hex8(v.keyHash)}: another key, or not a cosignature`);
  }
  const timestamp = cosignatureTimestamp(sig);
  if (timestamp > MAX_COSIGNATURE_TIME) throw new NoteError(`cosignature time ${timestamp} exceeds 2^63-1`);
  if (options.notAfter !== undefined && timestamp > options.notAfter) throw new NoteError(`cosignature time ${timestamp} is in the future (after ${options.notAfter})`);
  checkCheckpointText(text);
  const signature = Buffer.from(sig.signature).subarray(TIMESTAMP_BYTES);
  if (!verify(null, cosignatureMessage(text, timestamp), v.publicKey, signature)) {
    throw new NoteError(`the cosignature of ${v.name} does not verify: the checkpoint, the timestamp or the signature was altered, or another key signed`);
  }
  return timestamp;
}
