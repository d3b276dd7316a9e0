import { EMPTY_ROOT, nodeHash, ProofError, type Hash } from './merkle.js';
import { Subtrees } from './merkle-log.js';
import { consistencyRanges, inclusionRanges, isAligned, splitPoint } from './ranges.js';

/** Leaves per tile: 2^8, as in C2SP tlog-tiles. */
export const TILE_HEIGHT = 8;
export const TILE = 1 << TILE_HEIGHT;
/** A stored tile: its 256 leaf hashes then each level of its subtrees up to (not including) the tile hash: 510 hashes. */
export const TILE_NODES_BYTES = 32 * (2 * TILE - 2);

/** Reads the node blob of complete tile `t` (see TILE_NODES_BYTES) from storage. */
export type TileSource = (tile: number) => Promise<Uint8Array>;

export interface CompletedTile {
  index: number;
  hash: Hash;
  /** Its leaves and inner nodes, packed: what the store keeps so that a proof reads one row. */
  nodes: Uint8Array;
}

export interface TiledTreeOptions {
  cacheTiles?: number;
  rememberEdges?: boolean;
}

/** Unaligned range hashes remembered (about 2 log2(size) per checkpoint size in use). */
const EDGE_MEMO = 1024;

const OFFSETS = Array.from({ length: TILE_HEIGHT }, (_, k) => 32 * (2 * TILE - (2 * TILE >> k)));

/** One tile's subtrees, level by level, as its leaves arrive. */
class TileBuilder {
  readonly bytes: Uint8Array;
  readonly counts: number[];

  constructor(bytes: Uint8Array = new Uint8Array(TILE_NODES_BYTES), counts: number[] = new Array<number>(TILE_HEIGHT).fill(0)) {
    this.bytes = bytes;
    this.counts = counts;
  }

  static of(nodes: Uint8Array): TileBuilder {
    if (nodes.length !== TILE_NODES_BYTES) throw new ProofError(`a stored tile has ${TILE_NODES_BYTES} bytes of nodes, got ${nodes.length}`);
    return new TileBuilder(nodes, Array.from({ length: TILE_HEIGHT }, (_, k) => TILE >> k));
  }

  get size(): number {
    return this.counts[0]!;
  }

  get(level: number, i: number): Hash {
    const at = OFFSETS[level]! + 32 * i;
    return this.bytes.subarray(at, at + 32);
  }

  /** Adds a leaf; returns the tile hash when it completes the tile. */
  push(leaf: Hash): Hash | undefined {
    let i = this.counts[0]!;
    this.bytes.set(leaf, OFFSETS[0]! + 32 * i);
    this.counts[0]!++;
    let level = 0;
    while (i % 2 === 1) {
      const up = nodeHash(this.get(level, i - 1), this.get(level, i));
      i = (i - 1) / 2;
      level++;
      if (level === TILE_HEIGHT) return up;
      this.bytes.set(up, OFFSETS[level]! + 32 * i);
      this.counts[level]!++;
    }
    return undefined;
  }

  clone(): TileBuilder {
    return new TileBuilder(this.bytes.slice(), [...this.counts]);
  }
}

/** What appending some leaves will do; computed before the store commits, applied after. */
export interface PreparedAppend {
  readonly baseSize: number;
  readonly tiles: readonly CompletedTile[];
  readonly leaves: number;
  /** The incomplete tile after the append. */
  readonly tail: unknown;
}

/**
 * The RFC 6962 tree of a durable ledger. Memory holds the hash of each
 * complete 256-leaf tile and the complete subtrees above them (about a
 * quarter of a byte per entry: 100M entries in 25 MB), plus every node of
 * the last, incomplete tile. The store keeps each complete tile's leaves and
 * inner nodes in one row, so a proof reads at most one or two rows (kept in a
 * small LRU cache) and hashes only the O(log n) ragged edges.
 *
 * Appends are two-phase so the store can write completed tiles in the same
 * transaction as the entries: `prepare` (changes nothing) before the
 * commit, `commit` after it.
 */
export class TiledTree {
  /** Complete tiles' hashes and the subtrees above them: level i holds subtrees of 2^(TILE_HEIGHT + i) leaves. */
  readonly #tiles = new Subtrees();
  #tail = new TileBuilder();
  readonly #source: TileSource;
  readonly #cache = new Map<number, TileBuilder>();
  readonly #cacheTiles: number;
  /** Hashes of unaligned ranges [lo, hi) already computed, by "lo:hi". */
  readonly #edges = new Map<string, Hash>();
  readonly #rememberEdges: boolean;

  /** `cacheTiles`: tiles kept in the LRU (64); `rememberEdges`: keep unaligned range hashes (true; false only to measure what it saves). */
  constructor(source: TileSource, options: TiledTreeOptions = {}) {
    this.#source = source;
    this.#cacheTiles = options.cacheTiles ?? 64;
    this.#rememberEdges = options.rememberEdges ?? true;
  }

  /** Rebuilds the tree from stored tile hashes (in order) and the leaves after the last of them. */
  static load(source: TileSource, tiles: readonly Hash[], tail: readonly Hash[], options: TiledTreeOptions = {}): TiledTree {
    if (tail.length >= TILE) throw new ProofError(`the incomplete tile holds ${tail.length} leaves; a tile has ${TILE}`);
    const t = new TiledTree(source, options);
    for (const h of tiles) t.#tiles.push(h);
    for (const leaf of tail) t.#tail.push(leaf);
    return t;
  }

  /** The hash and nodes of a tile built from its 256 leaves (to store tiles computed after the fact). */
  static tileOf(index: number, leaves: readonly Hash[]): CompletedTile {
    if (leaves.length !== TILE) throw new ProofError(`a tile has ${TILE} leaves, got ${leaves.length}`);
    const b = new TileBuilder();
    let hash: Hash | undefined;
    for (const leaf of leaves) hash = b.push(leaf);
    return { index, hash: hash!, nodes: b.bytes };
  }

  get size(): number {
    return this.#tiles.size * TILE + this.#tail.size;
  }

  get completeTiles(): number {
    return this.#tiles.size;
  }

  /** What appending `leaves` will do, including the tiles it completes; changes nothing. */
  prepare(leaves: readonly Hash[]): PreparedAppend {
    for (const leaf of leaves) if (leaf.length !== 32) throw new ProofError(`a leaf hash has 32 bytes, got ${leaf.length}`);
    const tiles: CompletedTile[] = [];
    let tail = this.#tail.clone();
    let index = this.completeTiles;
    for (const leaf of leaves) {
      const hash = tail.push(leaf);
      if (hash) {
        tiles.push({ index: index++, hash, nodes: tail.bytes });
        tail = new TileBuilder();
      }
    }
    return { baseSize: this.size, tiles, leaves: leaves.length, tail };
  }

  /** Applies a prepared append once its entries are committed. */
  commit(p: PreparedAppend): void {
    if (p.baseSize !== this.size) throw new ProofError(`an append prepared at size ${p.baseSize} cannot apply at size ${this.size}`);
    for (const t of p.tiles) {
      this.#remember(t.index, TileBuilder.of(t.nodes));
      this.#tiles.push(t.hash);
    }
    this.#tail = p.tail as TileBuilder;
  }

  append(leaves: readonly Hash[]): void {
    this.commit(this.prepare(leaves));
  }

  #remember(tile: number, nodes: TileBuilder): void {
    this.#cache.delete(tile);
    this.#cache.set(tile, nodes);
    while (this.#cache.size > this.#cacheTiles) this.#cache.delete(this.#cache.keys().next().value!);
  }

  async #tile(tile: number): Promise<TileBuilder> {
    if (tile === this.completeTiles) return this.#tail;
    const hit = this.#cache.get(tile);
    if (hit) {
      this.#cache.delete(tile);
      this.#cache.set(tile, hit);
      return hit;
    }
    const nodes = await this.#source(tile);
    if (nodes.length !== TILE_NODES_BYTES) throw new ProofError(`storage returned ${nodes.length} bytes for tile ${tile}; a tile has ${TILE_NODES_BYTES}`);
    const b = TileBuilder.of(nodes);
    this.#remember(tile, b);
    return b;
  }

  /** The hash of complete tile `t`, as loaded or appended. */
  tileHash(t: number): Hash {
    if (!(Number.isInteger(t) && t >= 0 && t < this.completeTiles)) throw new ProofError(`tile ${t} is not complete in a ledger of ${this.size}`);
    return this.#tiles.get(0, t);
  }

  /** MTH of leaves [lo, hi). */
  async #range(lo: number, hi: number): Promise<Hash> {
    const n = hi - lo;
    if (n === 0) return EMPTY_ROOT;
    if (isAligned(lo, hi)) {
      const level = Math.log2(n);
      if (level >= TILE_HEIGHT) return Buffer.from(this.#tiles.get(level - TILE_HEIGHT, lo / n));
      const tile = Math.floor(lo / TILE);
      return Buffer.from((await this.#tile(tile)).get(level, (lo - tile * TILE) >> level));
    }
    // Unaligned ranges are the ragged right edge of some tree size: every proof against the latest checkpoint
    // asks for the same few. Their hashes never change once hi <= size, so they are remembered.
    const key = `${lo}:${hi}`;
    const known = this.#edges.get(key);
    if (known) return Buffer.from(known);
    const k = splitPoint(n);
    const h = nodeHash(await this.#range(lo, lo + k), await this.#range(lo + k, hi));
    if (!this.#rememberEdges) return h;
    if (this.#edges.size >= EDGE_MEMO) this.#edges.clear();
    this.#edges.set(key, Buffer.from(h));
    return h;
  }

  async leaf(index: number): Promise<Hash> {
    if (!(Number.isInteger(index) && index >= 0 && index < this.size)) throw new ProofError(`no entry ${index} in a ledger of ${this.size}`);
    return this.#range(index, index + 1);
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
