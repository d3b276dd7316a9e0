import { EMPTY_ROOT, nodeHash, ProofError, type Hash } from './merkle.js';
import { consistencyRanges, inclusionRanges, isAligned, splitPoint } from './ranges.js';

/** One level of the tree: hashes of the complete, aligned subtrees of 2^level leaves, packed 32 bytes each. */
class Level {
  bytes = new Uint8Array(32 * 1024);
  count = 0;

  push(h: Hash): void {
    if ((this.count + 1) * 32 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes.set(h, this.count * 32);
    this.count++;
  }

  get(i: number): Hash {
    return this.bytes.subarray(i * 32, i * 32 + 32);
  }
}

/**
 * The hashes of every complete, aligned subtree over a growing list of
 * hashes: level 0 is the list itself, level k the subtrees of 2^k of them.
 * Pushing completes every subtree the new hash finishes (amortised one node
 * hash per push).
 */
export class Subtrees {
  readonly #levels: Level[] = [new Level()];

  /** How many hashes were pushed. */
  get size(): number {
    return this.#levels[0]!.count;
  }

  push(h: Hash): void {
    let i = this.size;
    this.#levels[0]!.push(h);
    let level = 0;
    while (i % 2 === 1) {
      const below = this.#levels[level]!;
      const up = nodeHash(below.get(i - 1), below.get(i));
      level++;
      if (!this.#levels[level]) this.#levels.push(new Level());
      this.#levels[level]!.push(up);
      i = (i - 1) / 2;
    }
  }

  /** The i-th complete subtree of level `level` (a view: copy it to keep it). */
  get(level: number, i: number): Hash {
    return this.#levels[level]!.get(i);
  }
}

/**
 * An append-only RFC 6962 Merkle tree kept as the hashes of every complete
 * aligned subtree (level 0 = leaf hashes), in packed arrays: about 64 bytes
 * per leaf. Appending is amortised O(1) node hashes; the root of any earlier
 * size, an inclusion proof and a consistency proof are O(log n) lookups plus
 * at most O(log n) hashes for the ragged right edge. Proofs match the
 * definitions of RFC 6962 §2.1 (checked against the recursive reference).
 */
export class MerkleLog {
  readonly #tree = new Subtrees();

  get size(): number {
    return this.#tree.size;
  }

  /** Appends a leaf hash (see leafHash); returns its index. */
  append(leaf: Hash): number {
    if (leaf.length !== 32) throw new ProofError(`a leaf hash has 32 bytes, got ${leaf.length}`);
    const index = this.size;
    this.#tree.push(leaf);
    return index;
  }

  leaf(index: number): Hash {
    if (!(Number.isInteger(index) && index >= 0 && index < this.size)) throw new ProofError(`no entry ${index} in a log of ${this.size}`);
    return this.#tree.get(0, index);
  }

  /** MTH of leaves [lo, hi). */
  #range(lo: number, hi: number): Hash {
    const n = hi - lo;
    if (n === 0) return EMPTY_ROOT;
    if (isAligned(lo, hi)) return Buffer.from(this.#tree.get(Math.log2(n), lo / n));
    const k = splitPoint(n);
    return nodeHash(this.#range(lo, lo + k), this.#range(lo + k, hi));
  }

  /** The root of the tree of the first `size` leaves (default: all). */
  root(size = this.size): Hash {
    this.#checkSize(size);
    return this.#range(0, size);
  }

  inclusionProof(index: number, size = this.size): Hash[] {
    this.#checkSize(size);
    return inclusionRanges(index, size).map(([lo, hi]) => this.#range(lo, hi));
  }

  consistencyProof(size1: number, size2 = this.size): Hash[] {
    this.#checkSize(size2);
    return consistencyRanges(size1, size2).map(([lo, hi]) => this.#range(lo, hi));
  }

  #checkSize(size: number): void {
    if (!(Number.isInteger(size) && size >= 0 && size <= this.size)) throw new ProofError(`tree size ${size} is not between 0 and ${this.size}`);
  }
}
