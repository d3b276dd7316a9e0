/** A binary min-heap of (id, key) in typed arrays; duplicates allowed (callers skip settled ids). */
export class MinHeap {
  #ids: Uint32Array;
  #keys: Float64Array;
  #size = 0;

  constructor(capacity = 1024) {
    this.#ids = new Uint32Array(Math.max(16, capacity));
    this.#keys = new Float64Array(Math.max(16, capacity));
  }

  get size(): number {
    return this.#size;
  }

  /** The key of the smallest entry; Infinity when empty. */
  peekKey(): number {
    return this.#size ? this.#keys[0]! : Infinity;
  }

  push(id: number, key: number): void {
    if (this.#size === this.#ids.length) {
      const ids = new Uint32Array(this.#ids.length * 2);
      ids.set(this.#ids);
      this.#ids = ids;
      const keys = new Float64Array(this.#keys.length * 2);
      keys.set(this.#keys);
      this.#keys = keys;
    }
    const ids = this.#ids;
    const keys = this.#keys;
    let i = this.#size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p]! <= key) break;
      ids[i] = ids[p]!;
      keys[i] = keys[p]!;
      i = p;
    }
    ids[i] = id;
    keys[i] = key;
  }

  /** Removes and returns the id with the smallest key. Requires size > 0. */
  pop(): number {
    const ids = this.#ids;
    const keys = this.#keys;
    const top = ids[0]!;
    const n = --this.#size;
    if (n > 0) {
      const id = ids[n]!;
      const key = keys[n]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && keys[c + 1]! < keys[c]!) c++;
        if (keys[c]! >= key) break;
        ids[i] = ids[c]!;
        keys[i] = keys[c]!;
        i = c;
      }
      ids[i] = id;
      keys[i] = key;
    }
    return top;
  }

  clear(): void {
    this.#size = 0;
  }
}
