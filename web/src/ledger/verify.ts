/**
 * Checks a ledger inclusion bundle (GET /api/ledger/entries/:index/proof) in
 * the browser, trusting nothing the node says but the verifier key it is
 * given: the key's hash, the Ed25519 signature of the checkpoint note, the
 * checkpoint text, the entry's leaf hash and the inclusion proof to the
 * signed root. It re-does src/ledger/bundles.ts checkInclusionBundle.
 *
 * The server's ledger code hashes and signs with node:crypto, which the
 * console cannot load, so RFC 6962 hashing and C2SP signed-note parsing are
 * written again here over WebCrypto (crypto.subtle), which browsers expose
 * only in a secure context (https, or http on localhost). RFC 8785 JCS is
 * the server's own dependency-free module. The same file runs under Node 20
 * for its tests.
 */

import { canonicalJson } from '../../../src/common/canonical-json.js';
import { errorText } from '../api/error-text.js';
import type { InclusionBundle, LedgerRecord } from '../../../src/ledger/formats.js';

export type { InclusionBundle, LedgerRecord };

type Bytes = Uint8Array<ArrayBuffer>;
// Named through globalThis: the DOM's SubtleCrypto/CryptoKey under the console's
// tsconfig, node:crypto's webcrypto ones under the tests'.
type Subtle = typeof globalThis.crypto.subtle;
type PublicKey = Awaited<ReturnType<Subtle['importKey']>>;

export type CheckId = 'bundle' | 'key' | 'signature' | 'checkpoint' | 'leaf' | 'inclusion' | 'opening';

/** One line of the verdict: `ok` null when it could not be checked because a check it needs failed. */
export interface Check {
  id: CheckId;
  label: string;
  ok: boolean | null;
  reason: string;
}

export interface Verdict {
  ok: boolean;
  checks: Check[];
  /** The first failure's reason, or what was proved. */
  reason: string;
  /** What the signed checkpoint says, when its text parsed. */
  checkpoint: { origin: string; size: string; root: string } | null;
}

/** A reason a check fails; caught per check, never escapes verifyInclusionBundle. */
class VerifyError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'VerifyError';
  }
}

// --- bytes, base64, SHA-256 -------------------------------------------------

const utf8 = (s: string): Bytes => new TextEncoder().encode(s) as Bytes;

function concat(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

export function toBase64(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict standard base64 (padded, canonical trailing bits); every field of a bundle is attacker-controlled. */
function fromBase64(text: unknown, where: string): Bytes {
  if (typeof text !== 'string' || !BASE64.test(text)) throw new VerifyError(`${where}: ${JSON.stringify(text)?.slice(0, 60)} is not base64`);
  const b = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  if (toBase64(b) !== text) throw new VerifyError(`${where}: not canonical base64`);
  return b;
}

function hash32(text: unknown, where: string): Bytes {
  const h = fromBase64(text, where);
  if (h.length !== 32) throw new VerifyError(`${where}: expected a 32-byte SHA-256 hash, got ${h.length} bytes`);
  return h;
}

function subtle(): Subtle {
  const s = globalThis.crypto?.subtle as Subtle | undefined;
  if (!s) throw new VerifyError('WebCrypto is not available: crypto.subtle needs a secure context (https, or http on localhost)');
  return s;
}

export async function sha256(...parts: Uint8Array[]): Promise<Bytes> {
  return new Uint8Array(await subtle().digest('SHA-256', concat(...parts)));
}

// --- RFC 8785 JCS -------------------------------------------------------------

/** RFC 8785 canonical JSON: the server's own module, which imports nothing. */
export { canonicalJson };

// --- RFC 6962 / 9162 Merkle hashing ------------------------------------------

/** SHA-256(0x00 || leaf), RFC 6962 §2.1. */
export const leafHash = (leaf: Uint8Array) => sha256(new Uint8Array([0]), leaf);
const nodeHash = (l: Uint8Array, r: Uint8Array) => sha256(new Uint8Array([1]), l, r);
const odd = (x: bigint) => (x & 1n) === 1n;

/**
 * The root an inclusion proof implies for leaf `index` of a tree of `size`
 * (RFC 9162 §2.1.3.2). Requires 0 <= index < size; throws VerifyError when the
 * proof's length does not fit (index, size).
 */
export async function rootFromInclusion(index: bigint, size: bigint, leaf: Uint8Array, proof: readonly Uint8Array[]): Promise<Bytes> {
  if (index < 0n || index >= size) throw new VerifyError(`index ${index} is not below tree size ${size}`);
  let fn = index;
  let sn = size - 1n;
  let r: Bytes = concat(leaf);
  for (const p of proof) {
    if (sn === 0n) throw new VerifyError('the proof is longer than the tree is deep');
    if (odd(fn) || fn === sn) {
      r = await nodeHash(p, r);
      if (!odd(fn)) while (!odd(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else r = await nodeHash(r, p);
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new VerifyError('the proof is shorter than the tree is deep');
  return r;
}

// --- C2SP signed note and checkpoint ------------------------------------------

const ED25519 = 0x01;

interface Verifier {
  name: string;
  keyHash: number;
  key: PublicKey;
}

const readU32 = (b: Uint8Array) => ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/** "<name>+<hex key hash>+<base64(0x01 || Ed25519 key)>"; the hash is the first 4 bytes of SHA-256(name || "\n" || 0x01 || key). */
async function parseVerifierKey(text: string): Promise<Verifier> {
  // The base64 key may contain "+": split at the first two only.
  const m = /^([^+]*)\+([^+]*)\+(.+)$/.exec(text.trim());
  if (!m) throw new VerifyError('a verifier key has three "+"-separated parts: name, key hash, key');
  const [, name, hash, key] = m as unknown as [string, string, string, string];
  if (name.length === 0 || /\s/.test(name)) throw new VerifyError(`key name ${JSON.stringify(name)} must be non-empty, without spaces`);
  if (!/^[0-9a-f]{8}$/.test(hash)) throw new VerifyError('the key hash must be 8 lowercase hex digits');
  const raw = fromBase64(key, 'key');
  if (raw.length !== 33 || raw[0] !== ED25519) throw new VerifyError('only Ed25519 verifier keys (0x01 followed by 32 bytes) are supported');
  const expected = readU32(await sha256(utf8(`${name}\n`), raw));
  if (expected !== parseInt(hash, 16)) throw new VerifyError(`key hash ${hash} does not match the name and key (expected ${hex8(expected)})`);
  let imported: PublicKey;
  try {
    imported = await subtle().importKey('raw', raw.slice(1), { name: 'Ed25519' }, false, ['verify']);
  } catch (err) {
    throw new VerifyError(`this browser's WebCrypto cannot import an Ed25519 key (${errorText(err)})`);
  }
  return { name, keyHash: expected, key: imported };
}

interface NoteSignature {
  name: string;
  keyHash: number;
  signature: Bytes;
}

/** Splits a signed note into its text (ending in "\n") and its "— <name> <base64>" signature lines. */
function parseNote(note: unknown): { text: string; signatures: NoteSignature[] } {
  if (typeof note !== 'string') throw new VerifyError('checkpoint: expected the signed note as text');
  const at = note.lastIndexOf('\n\n');
  if (at < 0) throw new VerifyError('checkpoint: no blank line between the text and the signatures');
  const text = note.slice(0, at + 1);
  if (text.includes('\n\n')) throw new VerifyError('checkpoint: a note text cannot contain a blank line');
  const block = note.slice(at + 2);
  if (!block.endsWith('\n')) throw new VerifyError('checkpoint: the signature block must end with a newline');
  const signatures = block.slice(0, -1).split('\n').map((line, i) => {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m) throw new VerifyError(`checkpoint: signature line ${i + 1} is not "— <name> <base64>"`);
    const bytes = fromBase64(m[2], `checkpoint: signature line ${i + 1}`);
    if (bytes.length < 5) throw new VerifyError(`checkpoint: signature line ${i + 1} is too short`);
    return { name: m[1]!, keyHash: readU32(bytes), signature: bytes.slice(4) };
  });
  return { text, signatures };
}

/**
 * Checks the note carries a valid signature by `v`. A line with v's name and
 * key hash that does not verify is tampering, never skipped; lines of other
 * keys (witnesses' cosignatures) are ignored. Returns how many were ignored.
 */
async function verifyNoteSignature(text: string, signatures: readonly NoteSignature[], v: Verifier): Promise<number> {
  const mine = signatures.filter((s) => s.name === v.name && s.keyHash === v.keyHash);
  if (mine.length === 0) throw new VerifyError(`no signature by ${v.name}+${hex8(v.keyHash)}: the checkpoint cannot be trusted`);
  for (const s of mine) {
    const ok = s.signature.length === 64 && (await subtle().verify({ name: 'Ed25519' }, v.key, s.signature, utf8(text)));
    if (!ok) throw new VerifyError(`the signature of ${v.name} does not verify: the checkpoint was altered or the signature forged`);
  }
  return signatures.length - mine.length;
}

interface Checkpoint {
  origin: string;
  size: bigint;
  root: Bytes;
}

/** C2SP tlog-checkpoint: origin line, decimal tree size, base64 root, optional extension lines. */
function parseCheckpoint(text: string): Checkpoint {
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new VerifyError('a checkpoint has at least three lines: origin, tree size, root hash');
  const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) throw new VerifyError('line 1: the origin is empty');
  if (!/^(0|[1-9][0-9]*)$/.test(size) || BigInt(size) >= 2n ** 64n) throw new VerifyError(`line 2: "${size.slice(0, 30)}" is not a tree size (a decimal without leading zeros)`);
  if (extensions.some((e) => e.length === 0)) throw new VerifyError('an extension line is empty');
  return { origin, size: BigInt(size), root: hash32(root, 'line 3: the root hash') };
}

// --- the bundle -----------------------------------------------------------------

function count(v: unknown, where: string): number {
  if (!(Number.isSafeInteger(v) && (v as number) >= 0)) throw new VerifyError(`${where}: expected a non-negative integer, got ${JSON.stringify(v)}`);
  return v as number;
}

const LABELS: Record<CheckId, string> = {
  bundle: 'bundle: a twinward-inclusion-proof/v1',
  key: 'verifier key: its hash matches its name and key',
  signature: 'checkpoint signature: Ed25519 by the log key',
  checkpoint: 'checkpoint: origin, tree size, root',
  leaf: 'entry: JCS → RFC 6962 leaf hash = leafHash',
  inclusion: 'inclusion proof: leaf → checkpoint root',
  opening: 'private record: salt + data open the commitment',
};

/**
 * Verifies an inclusion bundle against `verifierKey` (the log's signed-note
 * key). Never throws: each check becomes a line, `ok` only when every one
 * holds. A check that needs a failed one is reported unchecked (ok null).
 */
export async function verifyInclusionBundle(bundle: unknown, verifierKey: string): Promise<Verdict> {
  const checks: Check[] = [];
  const run = async <T>(id: CheckId, needs: readonly unknown[], fn: () => Promise<[T, string]>): Promise<T | undefined> => {
    if (needs.some((n) => n === undefined)) {
      checks.push({ id, label: LABELS[id], ok: null, reason: 'not checked: a check it depends on failed' });
      return undefined;
    }
    try {
      const [value, reason] = await fn();
      checks.push({ id, label: LABELS[id], ok: true, reason });
      return value;
    } catch (err) {
      const reason = err instanceof VerifyError ? err.reason : `unexpected error: ${errorText(err)}`;
      checks.push({ id, label: LABELS[id], ok: false, reason });
      return undefined;
    }
  };
  const b = (typeof bundle === 'object' && bundle !== null ? bundle : {}) as Partial<Record<keyof InclusionBundle, unknown>>;

  const shape = await run('bundle', [], async () => {
    if (typeof bundle !== 'object' || bundle === null || Array.isArray(bundle)) throw new VerifyError('the proof is not a JSON object');
    if (b.kind !== 'twinward-inclusion-proof/v1') throw new VerifyError(`kind: expected "twinward-inclusion-proof/v1", got ${JSON.stringify(b.kind)}`);
    const index = count(b.index, 'index');
    const treeSize = count(b.treeSize, 'treeSize');
    if (typeof b.entry !== 'object' || b.entry === null || Array.isArray(b.entry)) throw new VerifyError('entry: expected the ledger record');
    return [{ index, treeSize, entry: b.entry as LedgerRecord }, `entry ${index}, tree size ${treeSize}`];
  });

  const key = await run('key', [], async () => {
    const v = await parseVerifierKey(verifierKey);
    return [v, `${v.name}+${hex8(v.keyHash)}`];
  });

  const note = (() => {
    try {
      return parseNote(b.checkpoint);
    } catch (err) {
      if (err instanceof VerifyError) return err;
      throw err;
    }
  })();

  await run('signature', [key], async () => {
    if (note instanceof VerifyError) throw note;
    const others = await verifyNoteSignature(note.text, note.signatures, key!);
    return [true, `valid signature by ${key!.name}${others ? `; ${others} other signature${others === 1 ? '' : 's'} (cosignatures) not checked` : ''}`];
  });

  const cp = await run('checkpoint', [note instanceof VerifyError ? undefined : note], async () => {
    const c = parseCheckpoint((note as { text: string }).text);
    if (key && c.origin !== key.name) throw new VerifyError(`origin "${c.origin}" is not the key's name "${key.name}"`);
    if (typeof b.origin === 'string' && b.origin !== c.origin) throw new VerifyError(`the bundle says origin "${b.origin}", the checkpoint "${c.origin}"`);
    if (shape && BigInt(shape.treeSize) !== c.size) throw new VerifyError(`treeSize ${shape.treeSize} is not the checkpoint's size ${c.size}`);
    return [c, `${c.origin}, size ${c.size}, root ${toBase64(c.root)}`];
  });

  const leaf = await run('leaf', [shape], async () => {
    const { index, entry } = shape!;
    if (entry.seq !== index + 1) throw new VerifyError(`entry.seq ${JSON.stringify(entry.seq)} is not index + 1 (${index + 1})`);
    const computed = await leafHash(utf8(canonicalJson(entry)));
    const claimed = hash32(b.leafHash, 'leafHash');
    if (!equal(claimed, computed)) throw new VerifyError(`leafHash is not the hash of the entry: the entry was altered (it hashes to ${toBase64(computed)})`);
    return [computed, toBase64(computed)];
  });

  await run('inclusion', [shape, leaf, cp], async () => {
    if (!Array.isArray(b.proof)) throw new VerifyError('proof: expected a list of base64 hashes');
    const path = b.proof.map((h, i) => hash32(h, `proof[${i}]`));
    const root = await rootFromInclusion(BigInt(shape!.index), cp!.size, leaf!, path);
    if (!equal(root, cp!.root)) throw new VerifyError(`the proof leads to another root (${toBase64(root)}), not the checkpoint's`);
    return [true, `${path.length} hash${path.length === 1 ? '' : 'es'} lead to the signed root`];
  });

  if (b.opening !== undefined) {
    await run('opening', [shape], async () => {
      const o = b.opening as { salt?: unknown; data?: unknown } | null;
      if (typeof shape!.entry.private !== 'string') throw new VerifyError('opening given for an entry that is not private');
      if (typeof o !== 'object' || o === null) throw new VerifyError('opening: expected { salt, data }');
      const c = await sha256(fromBase64(o.salt, 'opening.salt'), utf8(canonicalJson(o.data)));
      if (toBase64(c) !== shape!.entry.private) throw new VerifyError('opening: the data and salt do not match the committed hash');
      return [true, 'SHA-256(salt || JCS(data)) matches entry.private'];
    });
  }

  const failed = checks.find((c) => c.ok !== true);
  return {
    ok: failed === undefined,
    checks,
    reason: failed
      ? `${failed.label.split(':')[0]}: ${failed.reason}`
      : `entry ${shape!.index} is in ${cp!.origin}'s log of ${cp!.size} entries, whose checkpoint its key signed`,
    checkpoint: cp ? { origin: cp.origin, size: cp.size.toString(), root: toBase64(cp.root) } : null,
  };
}
