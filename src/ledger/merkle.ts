import { createHash, hash } from 'node:crypto';

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing and proofs, over SHA-256:
 *   leaf hash  = SHA-256(0x00 || leaf)
 *   node hash  = SHA-256(0x01 || left || right)
 * The tree of n leaves splits at k, the largest power of two below n.
 * Sizes and indexes are bigints in verification so that any 64-bit tree size
 * (as proofs from other logs may claim) is judged exactly.
 */
export type Hash = Uint8Array;


// One-shot hashing (crypto.hash) over a reused buffer: about twice the rate of createHash for inputs this small.
let scratch = Buffer.alloc(4096);
const pair = Buffer.alloc(65);
pair[0] = 1;

export function leafHash(leaf: Uint8Array): Hash {
  if (leaf.length + 1 > scratch.length) scratch = Buffer.alloc(Math.max(leaf.length + 1, scratch.length * 2));
  scratch[0] = 0;
  scratch.set(leaf, 1);
  return hash('sha256', scratch.subarray(0, leaf.length + 1), 'buffer');
}

export function nodeHash(left: Hash, right: Hash): Hash {
  pair.set(left, 1);
  pair.set(right, 33);
  return hash('sha256', pair, 'buffer');
}

/** SHA-256 of the empty string: the root of the empty tree. */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

export class ProofError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ProofError';
  }
}

function equal(a: Hash, b: Hash): boolean {
  return a.length === b.length && Buffer.from(a).equals(Buffer.from(b));
}

/** Largest power of two strictly less than n (n >= 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[lo..hi)) over leaf hashes. */
export function subtreeRoot(leaves: readonly Hash[], lo = 0, hi = leaves.length): Hash {
  const n = hi - lo;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves[lo]!;
  const k = split(n);
  return nodeHash(subtreeRoot(leaves, lo, lo + k), subtreeRoot(leaves, lo + k, hi));
}

/** PATH(m, D[lo..hi)): the audit path of leaf m (relative to lo), RFC 6962 §2.1.1. */
export function inclusionProof(leaves: readonly Hash[], m: number, lo = 0, hi = leaves.length): Hash[] {
  const n = hi - lo;
  if (!(m >= 0 && m < n)) throw new ProofError(`leaf ${m} is not in a tree of ${n}`);
  if (n === 1) return [];
  const k = split(n);
  return m < k
    ? [...inclusionProof(leaves, m, lo, lo + k), subtreeRoot(leaves, lo + k, hi)]
    : [...inclusionProof(leaves, m - k, lo + k, hi), subtreeRoot(leaves, lo, lo + k)];
}

/** PROOF(m, D[0..n)): consistency proof between sizes m and n, RFC 6962 §2.1.2. */
export function consistencyProof(leaves: readonly Hash[], m: number, n = leaves.length): Hash[] {
  if (!(m >= 0 && m <= n && n <= leaves.length)) throw new ProofError(`no consistency proof from size ${m} to ${n}`);
  if (m === 0 || m === n) return [];
  const sub = (mm: number, lo: number, hi: number, complete: boolean): Hash[] => {
    const size = hi - lo;
    if (mm === size) return complete ? [] : [subtreeRoot(leaves, lo, hi)];
    const k = split(size);
    return mm <= k
      ? [...sub(mm, lo, lo + k, complete), subtreeRoot(leaves, lo + k, hi)]
      : [...sub(mm - k, lo + k, hi, false), subtreeRoot(leaves, lo, lo + k)];
  };
  return sub(m, 0, n, true);
}

const odd = (x: bigint) => (x & 1n) === 1n;

/**
 * Root implied by an inclusion proof (RFC 9162 §2.1.3.2); throws ProofError
 * when the proof cannot belong to (index, size).
 */
export function rootFromInclusion(index: bigint, size: bigint, leaf: Hash, proof: readonly Hash[]): Hash {
  if (index < 0n || index >= size) throw new ProofError(`index ${index} is not below tree size ${size}`);
  if (leaf.length !== 32) throw new ProofError(`leaf hash has ${leaf.length} bytes, expected 32`);
  let fn = index;
  let sn = size - 1n;
  let r = leaf;
  for (const p of proof) {
    if (p.length !== 32) throw new ProofError(`a proof hash has ${p.length} bytes, expected 32`);
    if (sn === 0n) throw new ProofError('proof is longer than the tree is deep');
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn)) while (!odd(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else r = nodeHash(r, p);
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new ProofError('proof is shorter than the tree is deep');
  return r;
}

/** Throws ProofError unless `proof` shows leaf `index` of a tree of `size` has root `root`. */
export function verifyInclusion(index: bigint, size: bigint, leaf: Hash, proof: readonly Hash[], root: Hash): void {
  if (!equal(rootFromInclusion(index, size, leaf, proof), root)) throw new ProofError('the proof leads to another root');
}

/**
 * Throws ProofError unless `proof` shows the tree of size1 with root1 is a
 * prefix of the tree of size2 with root2 (RFC 9162 §2.1.4.2).
 */
export function verifyConsistency(size1: bigint, size2: bigint, root1: Hash, root2: Hash, proof: readonly Hash[]): void {
  if (size1 < 0n || size2 < size1) throw new ProofError(`size ${size2} is smaller than size ${size1}: history cannot shrink`);
  // Every tree extends the empty one: a "proof" from size 0 proves nothing and is refused as meaningless.
  if (size1 === 0n) throw new ProofError('no consistency proof from the empty tree (it proves nothing)');
  if (size1 === size2) {
    if (proof.length > 0) throw new ProofError('equal sizes need an empty proof');
    if (!equal(root1, root2)) throw new ProofError('equal sizes with different roots: a fork');
    return;
  }
  if (proof.length === 0) throw new ProofError('empty proof');
  for (const p of proof) if (p.length !== 32) throw new ProofError(`a proof hash has ${p.length} bytes, expected 32`);
  let path = [...proof];
  // size1 a power of two: its root is a node of the larger tree and starts the path.
  if ((size1 & (size1 - 1n)) === 0n) path = [root1, ...path];
  let fn = size1 - 1n;
  let sn = size2 - 1n;
  while (odd(fn)) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0n) throw new ProofError('proof is longer than needed');
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!odd(fn)) while (!odd(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else sr = nodeHash(sr, c);
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new ProofError('proof is shorter than needed');
  if (!equal(fr, root1)) throw new ProofError('the proof does not lead to the first root');
  if (!equal(sr, root2)) throw new ProofError('the proof does not lead to the second root');
}
