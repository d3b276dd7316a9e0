import { EMPTY_ROOT, nodeHash, type Hash } from './merkle.js';

/**
 * The right edge of an RFC 6962 tree being built leaf by leaf: one hash per
 * complete subtree, O(log n) memory. Its root at the current size is the
 * MTH of every leaf added, so a whole log can be re-hashed in one pass and
 * compared with checkpoints at any sizes along the way.
 */
export class Frontier {
  readonly #hashes: Hash[] = [];
  readonly #heights: number[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  add(leaf: Hash): void {
    let h = leaf;
    let height = 0;
    while (this.#heights.length > 0 && this.#heights[this.#heights.length - 1] === height) {
      h = nodeHash(this.#hashes.pop()!, h);
      this.#heights.pop();
      height++;
    }
    this.#hashes.push(h);
    this.#heights.push(height);
    this.#size++;
  }

  root(): Hash {
    if (this.#hashes.length === 0) return EMPTY_ROOT;
    let h = this.#hashes[this.#hashes.length - 1]!;
    for (let i = this.#hashes.length - 2; i >= 0; i--) h = nodeHash(this.#hashes[i]!, h);
    return h;
  }
}
