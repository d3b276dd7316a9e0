import { EMPTY_ROOT, nodeHash, ProofError, subtreeRoot, type Hash } from './merkle.js';
import { Level } from './merkle-log.js';
import { consistencyRanges, inclusionRanges, isAligned, splitPoint } from './ranges.js';

/** Reads leaf hashes [lo, hi) from storage; every one of them is there. */
export type LeafSource = (lo: number, hi: number) => Promise<Hash[]>;

/** Leaves per tile: 2^8, as in C2SP tlog-tiles. */
export const TILE_HEIGHT = 8;
export const TILE = 1 << TILE_HEIGHT;

export interface CompletedTile {
  index: number;
  hash: Hash;
}

/**
 * The RFC 6962 tree of a durable ledger. Memory holds only the hash of each
 * complete 256-leaf tile and the complete subtrees above them (about a
 * quarter of a byte per entry, so 100M entries fit in 25 MB), plus the
 * leaves of the last, incomplete tile. A subtree smaller than a tile is
 * rebuilt from the tile's leaves, read from storage and kept in a small LRU
 * cache: a proof reads at most two tiles.
 *
 * Appends are two-phase so the store can write completed tile hashes in the
 * same transaction as the entries: `tilesCompletedBy` (pure) before the
 * commit, `append` after it.
 */
export class TiledTree {
  /** levels[i] holds complete subtrees of 2^(TILE_HEIGHT + i) leaves. */
  readonly #levels: Level[] = [new Level()];
  #tail: Hash[] = [];
  readonly #source: LeafSource;
  readonly #cache = new Map<number, Hash[]>();
  readonly #cacheTiles: number;

  constructor(source: LeafSource, options: { cacheTiles?: number } = {}) {
    this.#source = source;
    this.#cacheTiles = options.cacheTiles ?? 64;
  }

  /** Rebuilds the tree from stored tile hashes (in order) and the leaves after the last of them. */
  static load(source: LeafSource, tiles: readonly Hash[], tail: readonly Hash[], options: { cacheTiles?: number } = {}): TiledTree {
    if (tail.length >= TILE) throw new ProofError(`the incomplete tile holds ${tail.length} leaves; a tile has ${TILE}`);
    const t = new TiledTree(source, options);
    for (const h of tiles) t.#pushTile(h);
    t.#tail = [...tail];
    return t;
  }

  get size(): number {
    return this.#levels[0]!.count * TILE + this.#tail.length;
  }

  get completeTiles(): number {
    return this.#levels[0]!.count;
  }

  /** The tiles that appending `leaves` would complete, with their hashes; changes nothing. */
  tilesCompletedBy(leaves: readonly Hash[]): CompletedTile[] {
    const out: CompletedTile[] = [];
    let index = this.completeTiles;
    let tile = [...this.#tail];
    for (const leaf of leaves) {
      tile.push(leaf);
      if (tile.length === TILE) {
        out.push({ index: index++, hash: subtreeRoot(tile) });
        tile = [];
      }
    }
    return out;
  }

  /** Appends committed leaves; `tiles` are tilesCompletedBy(leaves), if already computed. */
  append(leaves: readonly Hash[], tiles?: readonly CompletedTile[]): void {
    const done = tiles ?? this.tilesCompletedBy(leaves);
    const completes = Math.floor((this.#tail.length + leaves.length) / TILE);
    if (done.length !== completes || done.some((t, i) => t.index !== this.completeTiles + i)) throw new ProofError('completed tiles do not match the leaves appended');
    for (const leaf of leaves) if (leaf.length !== 32) throw new ProofError(`a leaf hash has 32 bytes, got ${leaf.length}`);
    let at = 0;
    for (const leaf of leaves) {
      this.#tail.push(leaf);
      if (this.#tail.length === TILE) {
        const t = done[at++]!;
        this.#remember(t.index, this.#tail);
        this.#pushTile(t.hash);
        this.#tail = [];
      }
    }
  }

  #pushTile(h: Hash): void {
    let level = 0;
    let i = this.#levels[0]!.count;
    this.#levels[0]!.push(h);
    while (i % 2 === 1) {
      const below = this.#levels[level]!;
      const up = nodeHash(below.get(i - 1), below.get(i));
      level++;
      if (!this.#levels[level]) this.#levels.push(new Level());
      this.#levels[level]!.push(up);
      i = (i - 1) / 2;
    }
  }

  #remember(tile: number, leaves: Hash[]): void {
    this.#cache.delete(tile);
    this.#cache.set(tile, leaves);
    while (this.#cache.size > this.#cacheTiles) this.#cache.delete(this.#cache.keys().next().value!);
  }

  async #tileLeaves(tile: number): Promise<Hash[]> {
    if (tile === this.completeTiles) return this.#tail;
    const hit = this.#cache.get(tile);
    if (hit) {
      this.#cache.delete(tile);
      this.#cache.set(tile, hit);
      return hit;
    }
    const leaves = await this.#source(tile * TILE, (tile + 1) * TILE);
    if (leaves.length !== TILE) throw new ProofError(`storage returned ${leaves.length} leaves for tile ${tile}; a tile has ${TILE}`);
    this.#remember(tile, leaves);
    return leaves;
  }

  /** MTH of leaves [lo, hi). */
  async #range(lo: number, hi: number): Promise<Hash> {
    const n = hi - lo;
    if (n === 0) return EMPTY_ROOT;
    if (isAligned(lo, hi)) {
      if (n >= TILE) return Buffer.from(this.#levels[Math.log2(n) - TILE_HEIGHT]!.get(lo / n));
      const tile = Math.floor(lo / TILE);
      const leaves = await this.#tileLeaves(tile);
      return subtreeRoot(leaves, lo - tile * TILE, hi - tile * TILE);
    }
    const k = splitPoint(n);
    return nodeHash(await this.#range(lo, lo + k), await this.#range(lo + k, hi));
  }

  /** The hash of complete tile `t`, as loaded or appended. */
  tileHash(t: number): Hash {
    if (!(Number.isInteger(t) && t >= 0 && t < this.completeTiles)) throw new ProofError(`tile ${t} is not complete in a ledger of ${this.size}`);
    return this.#levels[0]!.get(t);
  }

  async leaf(index: number): Promise<Hash> {
    if (!(Number.isInteger(index) && index >= 0 && index < this.size)) throw new ProofError(`no entry ${index} in a ledger of ${this.size}`);
    const tile = Math.floor(index / TILE);
    return (await this.#tileLeaves(tile))[index - tile * TILE]!;
  }

  async root(size = this.size): Promise<Hash> {
    this.#checkSize(size);
    return this.#range(0, size);
  }

  async inclusionProof(index: number, size = this.size): Promise<Hash[]> {
    this.#checkSize(size);
    const out: Hash[] = [];
    for (const [lo, hi] of inclusionRanges(index, size)) out.push(await this.#range(lo, hi));
    return out;
  }

  async consistencyProof(size1: number, size2 = this.size): Promise<Hash[]> {
    this.#checkSize(size2);
    const out: Hash[] = [];
    for (const [lo, hi] of consistencyRanges(size1, size2)) out.push(await this.#range(lo, hi));
    return out;
  }

  #checkSize(size: number): void {
    if (!(Number.isInteger(size) && size >= 0 && size <= this.size)) throw new ProofError(`tree size ${size} is not between 0 and ${this.size}`);
  }
}
