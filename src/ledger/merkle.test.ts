import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { consistencyProof, EMPTY_ROOT, inclusionProof, leafHash, ProofError, subtreeRoot, verifyConsistency, verifyInclusion } from './merkle.js';

const VECTORS = fileURLToPath(new URL('../../../shared/data/merkle-vectors', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : n.endsWith('.json') ? [p] : [];
  });
}

/** JSON with 64-bit integers kept exact (sizes up to 2^64 - 1 appear in the vectors). */
function readVector(p: string): Record<string, unknown> {
  return JSON.parse(readFileSync(p, 'utf8').replace(/("(?:leafIdx|treeSize|size1|size2)"\s*:\s*)(-?\d+)/g, '$1"$2"'));
}
const b64 = (s: unknown): Uint8Array => (s === null || s === undefined ? new Uint8Array() : Buffer.from(String(s), 'base64'));
const proofOf = (p: unknown): Uint8Array[] => ((p as string[] | null) ?? []).map(b64);

function outcome(f: () => void): string | null {
  try {
    f();
    return null;
  } catch (err) {
    if (err instanceof ProofError) return err.reason;
    throw err;
  }
}

describe('RFC 6962 proofs against the transparency-dev vectors', () => {
  const inclusion = files(join(VECTORS, 'inclusion'));
  const consistency = files(join(VECTORS, 'consistency'));

  it(`verifies every inclusion vector (${inclusion.length}), rejecting every wantErr case`, () => {
    assert.ok(inclusion.length > 50);
    for (const p of inclusion) {
      const v = readVector(p);
      const err = outcome(() => verifyInclusion(BigInt(v.leafIdx as string), BigInt(v.treeSize as string), b64(v.leafHash), proofOf(v.proof), b64(v.root)));
      assert.equal(err !== null, v.wantErr === true, `${p} (${v.desc}): ${err ?? 'accepted'}`);
    }
  });

  it(`verifies every consistency vector (${consistency.length}), rejecting every wantErr case`, () => {
    assert.ok(consistency.length > 50);
    for (const p of consistency) {
      const v = readVector(p);
      const err = outcome(() => verifyConsistency(BigInt(v.size1 as string), BigInt(v.size2 as string), b64(v.root1), b64(v.root2), proofOf(v.proof)));
      assert.equal(err !== null, v.wantErr === true, `${p} (${v.desc}): ${err ?? 'accepted'}`);
    }
  });
});

describe('proof generation', () => {
  const leaves = Array.from({ length: 37 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));

  it('the empty tree has the empty hash as its root', () => {
    assert.deepEqual(subtreeRoot([]), EMPTY_ROOT);
  });

  it('every generated inclusion and consistency proof verifies, and a flipped bit does not', () => {
    for (let n = 1; n <= leaves.length; n++) {
      const tree = leaves.slice(0, n);
      const root = subtreeRoot(tree);
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(tree, m);
        verifyInclusion(BigInt(m), BigInt(n), tree[m]!, proof, root);
        if (proof.length > 0) {
          const bad = proof.map((h) => Buffer.from(h));
          bad[0]![0]! ^= 1;
          assert.throws(() => verifyInclusion(BigInt(m), BigInt(n), tree[m]!, bad, root), ProofError);
        }
      }
      for (let m = 1; m <= n; m++) {
        const old = subtreeRoot(leaves.slice(0, m));
        verifyConsistency(BigInt(m), BigInt(n), old, root, consistencyProof(tree, m));
      }
    }
  });

  it('a rewritten history (a changed early leaf) fails consistency with the old root', () => {
    const old = subtreeRoot(leaves.slice(0, 10));
    const forked = [...leaves];
    forked[3] = leafHash(Buffer.from('rewritten'));
    assert.throws(() => verifyConsistency(10n, 37n, old, subtreeRoot(forked), consistencyProof(forked, 10)), /first root/);
  });
});
