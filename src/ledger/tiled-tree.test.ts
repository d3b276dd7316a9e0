import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { consistencyProof, inclusionProof, leafHash, subtreeRoot, type Hash } from './merkle.js';
import { TILE, TiledTree, type TileSource } from './tiled-tree.js';

const leaves = (n: number): Hash[] => Array.from({ length: n }, (_, i) => leafHash(createHash('sha256').update(String(i)).digest()));
const hex = (hs: readonly Hash[]) => hs.map((h) => Buffer.from(h).toString('hex'));

describe('TiledTree', () => {
  const all = leaves(3 * TILE + 77);
  let reads = 0;
  const stored: TileSource = async (t) => {
    reads++;
    return TiledTree.tileOf(t, all.slice(t * TILE, (t + 1) * TILE)).nodes;
  };

  it('gives the reference roots and proofs at every size across tile edges', async () => {
    const tree = new TiledTree(stored, { cacheTiles: 1 });
    // Appended in uneven batches, so tiles complete in the middle of a batch.
    for (let at = 0; at < all.length; ) {
      const batch = all.slice(at, at + 1 + (at % 97));
      const p = tree.prepare(batch);
      assert.equal(tree.size, at, 'prepare changes nothing');
      tree.commit(p);
      at += batch.length;
    }
    assert.equal(tree.size, all.length);
    for (const size of [1, 2, 255, 256, 257, 511, 512, 513, 700, 768, all.length]) {
      assert.deepEqual(hex([await tree.root(size)]), hex([subtreeRoot(all.slice(0, size))]), `root at ${size}`);
      for (const index of [0, size - 1, Math.floor(size / 3)]) {
        assert.deepEqual(hex(await tree.inclusionProof(index, size)), hex(inclusionProof(all.slice(0, size), index)), `inclusion ${index} in ${size}`);
      }
      for (const size1 of [1, 200, 256, 300, size]) {
        if (size1 > size) continue;
        assert.deepEqual(hex(await tree.consistencyProof(size1, size)), hex(consistencyProof(all.slice(0, size), size1)), `consistency ${size1} -> ${size}`);
      }
    }
  });

  it('keeps remembered ragged-edge hashes right as the tree grows and when a caller scribbles on a returned hash', async () => {
    const tree = new TiledTree(stored);
    for (let at = 0; at < all.length; at += 37) {
      tree.append(all.slice(at, at + 37));
      for (const size of [tree.size, Math.ceil(tree.size / 2)]) {
        const root = await tree.root(size);
        assert.deepEqual(hex([root]), hex([subtreeRoot(all.slice(0, size))]), `root at ${size}`);
        root.fill(0);
        const proof = await tree.inclusionProof(size - 1, size);
        assert.deepEqual(hex(proof), hex(inclusionProof(all.slice(0, size), size - 1)), `inclusion ${size - 1} in ${size}`);
        for (const h of proof) h.fill(0);
        assert.deepEqual(hex([await tree.root(size)]), hex([subtreeRoot(all.slice(0, size))]), `root at ${size} asked again`);
      }
    }
  });

  it('reloads from tile hashes and the incomplete tile alone', async () => {
    const tree = new TiledTree(stored);
    tree.append(all);
    const tiles = [0, 1, 2].map((t) => subtreeRoot(all.slice(t * TILE, (t + 1) * TILE)));
    assert.deepEqual(hex(tiles), hex([0, 1, 2].map((t) => tree.tileHash(t))));
    reads = 0;
    const again = TiledTree.load(stored, tiles, all.slice(3 * TILE));
    assert.deepEqual(hex([await again.root()]), hex([await tree.root()]));
    assert.deepEqual(hex([await again.leaf(5)]), hex([all[5]!]));
    assert.deepEqual(hex(await again.inclusionProof(300)), hex(inclusionProof(all, 300)));
    assert.equal(reads, 2, 'one stored row per tile a proof needs, then the cache');
  });

  it('refuses sizes and entries it does not have, and tile hashes that do not match the leaves', async () => {
    const tree = new TiledTree(stored);
    tree.append(all.slice(0, 10));
    await assert.rejects(tree.root(11), /tree size 11/);
    await assert.rejects(tree.inclusionProof(10, 10), /entry 10 is not in a tree of 10/);
    await assert.rejects(tree.leaf(-1), /no entry -1/);
    const stale = tree.prepare(all.slice(10, 20));
    tree.append(all.slice(10, 12));
    assert.throws(() => tree.commit(stale), /prepared at size 10 cannot apply at size 12/);
  });

  it('names storage that returns a short tile', async () => {
    const tree = TiledTree.load(async () => new Uint8Array(5), [subtreeRoot(all.slice(0, TILE))], []);
    await assert.rejects(tree.inclusionProof(3, TILE), /storage returned 5 bytes for tile 0/);
  });
});

describe('Frontier', () => {
  it('has the MTH of the leaves added at every size', async () => {
    const { Frontier } = await import('./frontier.js');
    const all = leaves(600);
    const f = new Frontier();
    assert.deepEqual(hex([f.root()]), hex([subtreeRoot([])]));
    for (let i = 0; i < all.length; i++) {
      f.add(all[i]!);
      if ([0, 1, 2, 6, 7, 255, 256, 511, 599].includes(i)) assert.deepEqual(hex([f.root()]), hex([subtreeRoot(all.slice(0, i + 1))]), `size ${i + 1}`);
    }
  });
});
