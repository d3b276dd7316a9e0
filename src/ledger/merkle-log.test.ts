import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consistencyProof, inclusionProof, leafHash, subtreeRoot, verifyConsistency, verifyInclusion } from './merkle.js';
import { MerkleLog } from './merkle-log.js';

const hex = (hs: Uint8Array[]) => hs.map((h) => Buffer.from(h).toString('hex'));

describe('MerkleLog (packed complete subtrees)', () => {
  it('gives the same roots and proofs as the RFC 6962 recursive definitions, for every size and index up to 70', () => {
    const log = new MerkleLog();
    const leaves: Uint8Array[] = [];
    for (let n = 1; n <= 70; n++) {
      const h = leafHash(Buffer.from(`e${n}`));
      leaves.push(h);
      assert.equal(log.append(h), n - 1);
    }
    for (let n = 1; n <= 70; n++) {
      const tree = leaves.slice(0, n);
      const root = subtreeRoot(tree);
      assert.deepEqual(hex([log.root(n)]), hex([root]));
      for (let m = 0; m < n; m++) {
        assert.deepEqual(hex(log.inclusionProof(m, n)), hex(inclusionProof(tree, m)), `inclusion ${m} of ${n}`);
        verifyInclusion(BigInt(m), BigInt(n), log.leaf(m), log.inclusionProof(m, n), log.root(n));
      }
      for (let m = 1; m <= n; m++) {
        assert.deepEqual(hex(log.consistencyProof(m, n)), hex(consistencyProof(tree, m, n)), `consistency ${m} -> ${n}`);
        verifyConsistency(BigInt(m), BigInt(n), log.root(m), log.root(n), log.consistencyProof(m, n));
      }
    }
  });

  it('refuses sizes and indexes it does not hold', () => {
    const log = new MerkleLog();
    log.append(leafHash(Buffer.from('a')));
    assert.throws(() => log.root(2), /tree size 2/);
    assert.throws(() => log.inclusionProof(1, 1), /entry 1 is not in a tree of 1/);
    assert.throws(() => log.append(new Uint8Array(31)), /32 bytes/);
  });
});
