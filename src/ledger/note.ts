import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * C2SP signed-note (https://c2sp.org/signed-note): a UTF-8 text ending in a
 * newline, a blank line, then one line per signature:
 *   "— <key name> <base64(key hash[4] || signature)>"
 * Ed25519 keys (algorithm byte 0x01) sign the text itself. The key hash is the
 * first 4 bytes of SHA-256(name || "\n" || 0x01 || public key). A verifier key
 * is written "<name>+<hex key hash>+<base64(0x01 || public key)>".
 */
export const ED25519 = 0x01;

export class NoteError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'NoteError';
  }
}

export interface NoteSigner {
  name: string;
  privateKey: KeyObject;
  /** Its key hash, computed once by noteSigner (deriving it costs more than signing). */
  keyHash?: number;
}

export interface NoteVerifier {
  name: string;
  keyHash: number;
  publicKey: KeyObject;
}

export interface NoteSignature {
  name: string;
  keyHash: number;
  /** The signature bytes after the key hash. */
  signature: Buffer;
}

const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const DASH = '\u2014 ';

/** Key names are non-empty, without Unicode spaces or "+" (signed-note, Format). */
export function checkKeyName(name: string): void {
  if (name.length === 0 || /[\s+]/u.test(name)) throw new NoteError(`key name ${JSON.stringify(name)} must be non-empty, without spaces or "+"`);
}

export const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

export function rawPublicKey(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 32);
}

export function keyHash(name: string, alg: number, raw: Uint8Array): number {
  return createHash('sha256').update(Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0x0a, alg]), raw])).digest().readUInt32BE(0);
}

/**
 * A verifier key, "<name>+<hex key hash>+<base64(alg || key)>", for an
 * Ed25519 key (its private key is accepted too) under signature type `alg`:
 * 0x01 for signed notes, 0x04 for cosignature/v1.
 */
export function formatVerifierKey(name: string, alg: number, key: KeyObject): string {
  checkKeyName(name);
  if (key.asymmetricKeyType !== 'ed25519') throw new NoteError('a verifier key is an Ed25519 key');
  const raw = rawPublicKey(key.type === 'private' ? createPublicKey(key) : key);
  return `${name}+${hex8(keyHash(name, alg, raw))}+${Buffer.concat([Buffer.from([alg]), raw]).toString('base64')}`;
}

/**
 * Parses a verifier key of signature type `alg` (named `label` in errors),
 * checking that its key hash matches its name and key. A key of another type
 * is refused rather than converted: its hash would match no signature line.
 */
export function parseVerifierKeyOf(text: string, alg: number, label: string): NoteVerifier {
  // The base64 key may itself contain "+": split at the first two only.
  const m = /^([^+]*)\+([^+]*)\+(.+)$/.exec(text.trim());
  if (!m) throw new NoteError('a verifier key has three "+"-separated parts: name, key hash, key');
  const [, name, hash, key] = m as unknown as [string, string, string, string];
  checkKeyName(name);
  if (!/^[0-9a-f]{8}$/.test(hash)) throw new NoteError('the key hash must be 8 lowercase hex digits');
  const raw = Buffer.from(key, 'base64');
  if (raw.toString('base64') !== key) throw new NoteError('the key is not canonical base64');
  if (raw[0] !== alg) throw new NoteError(`signature type 0x${(raw[0] ?? 0).toString(16).padStart(2, '0')} is not ${label} (0x${alg.toString(16).padStart(2, '0')})`);
  if (raw.length !== 33) throw new NoteError(`a ${label} key is 0x${alg.toString(16).padStart(2, '0')} followed by a 32-byte Ed25519 public key`);
  const expected = keyHash(name, alg, raw.subarray(1));
  if (expected !== parseInt(hash, 16)) throw new NoteError(`key hash ${hash} does not match the name and key (expected ${hex8(expected)})`);
  return { name, keyHash: expected, publicKey: createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw.subarray(1)]), format: 'der', type: 'spki' }) };
}

/** "<name>+<hash>+<base64(0x01 || key)>" for an Ed25519 public key. */
export function verifierKey(name: string, publicKey: KeyObject): string {
  return formatVerifierKey(name, ED25519, publicKey);
}

/** Parses a signed-note Ed25519 verifier key. */
export function parseVerifierKey(text: string): NoteVerifier {
  return parseVerifierKeyOf(text, ED25519, 'Ed25519');
}

/** The signer of an Ed25519 private key (PEM or KeyObject). */
export function noteSigner(name: string, privateKey: KeyObject | string): NoteSigner {
  checkKeyName(name);
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  return { name, privateKey: key, keyHash: keyHash(name, ED25519, rawPublicKey(createPublicKey(key))) };
}

function checkText(text: string): void {
  if (!text.endsWith('\n')) throw new NoteError('a note text must end with a newline');
  if (text.includes('\n\n')) throw new NoteError('a note text cannot contain a blank line');
}

/** Signs `text` (adding to any signatures already present in `existing`). */
export function signNote(text: string, signers: readonly NoteSigner[], existing: readonly NoteSignature[] = []): string {
  checkText(text);
  const lines = existing.map((s) => signatureLine(s));
  for (const s of signers) {
    const hash = s.keyHash ?? keyHash(s.name, ED25519, rawPublicKey(createPublicKey(s.privateKey)));
    const sig = sign(null, Buffer.from(text, 'utf8'), s.privateKey);
    lines.push(signatureLine({ name: s.name, keyHash: hash, signature: sig }));
  }
  return `${text}\n${lines.join('')}`;
}

export function signatureLine(s: NoteSignature): string {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(s.keyHash >>> 0);
  return `${DASH}${s.name} ${Buffer.concat([head, s.signature]).toString('base64')}\n`;
}

/** Splits a signed note into its text and signature lines; throws NoteError on a malformed note. */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  const at = note.lastIndexOf('\n\n');
  if (at < 0) throw new NoteError('no blank line between the text and the signatures');
  const text = note.slice(0, at + 1);
  checkText(text);
  const block = note.slice(at + 2);
  if (!block.endsWith('\n')) throw new NoteError('the signature block must end with a newline');
  const signatures = block.slice(0, -1).split('\n').map((line, i) => {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m) throw new NoteError(`signature line ${i + 1} is not "— <name> <base64>"`);
    const bytes = Buffer.from(m[2]!, 'base64');
    if (bytes.length < 5) throw new NoteError(`signature line ${i + 1} is too short`);
    return { name: m[1]!, keyHash: bytes.readUInt32BE(0), signature: bytes.subarray(4) };
  });
  if (signatures.length === 0) throw new NoteError('a signed note needs at least one signature');
  return { text, signatures };
}

/**
 * The verifiers whose valid Ed25519 signature the note carries. A signature
 * by a known key that does not verify is an error (tampering), not ignored;
 * signatures by unknown keys are ignored (they may be witnesses' cosignatures).
 */
export function verifyNote(note: string, verifiers: readonly NoteVerifier[]): { text: string; signedBy: string[]; signatures: NoteSignature[] } {
  const { text, signatures } = parseNote(note);
  const signedBy: string[] = [];
  for (const s of signatures) {
    const v = verifiers.find((x) => x.name === s.name && x.keyHash === s.keyHash);
    if (!v) continue;
    if (s.signature.length !== 64 || !verify(null, Buffer.from(text, 'utf8'), v.publicKey, s.signature)) {
      throw new NoteError(`the signature of ${s.name} does not verify: the note was altered or the signature forged`);
    }
    signedBy.push(s.name);
  }
  return { text, signedBy, signatures };
}
