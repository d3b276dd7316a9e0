import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
// The console's verifier: no node: imports, WebCrypto only (Node 20 has Ed25519 in crypto.subtle).
import { canonicalJson as browserJcs, rootFromInclusion as browserRoot, verifyInclusionBundle, type Verdict } from '../../web/src/ledger/verify.js';
import { canonicalJson } from '../common/canonical-json.js';
import { checkInclusionBundle, type InclusionBundle } from './bundles.js';
import { formatCheckpoint } from './checkpoint.js';
import { cosign } from './cosignature.js';
import { leafHash, rootFromInclusion } from './merkle.js';
import { MerkleLog } from './merkle-log.js';
import { noteSigner, signNote, verifierKey } from './note.js';
import { commitment, ledgerRecord, recordLeaf, type LedgerRecord } from './records.js';

const ORIGIN = 'twinward/water-utility';
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const VKEY = verifierKey(ORIGIN, publicKey);
const witness = noteSigner(`${ORIGIN}/witness`, generateKeyPairSync('ed25519').privateKey);
const b64 = (h: Uint8Array) => Buffer.from(h).toString('base64');
const T0 = Date.UTC(2026, 2, 1, 8, 0, 0);

/** A log of 13 records (odd size: a ragged right edge), one private with its opening, and a checkpoint signed by the log and cosigned by a witness. */
function buildLog() {
  const records: LedgerRecord[] = [];
  const salt = randomBytes(32);
  const secret = { patient: 'Zoë Ñúñez', heartRate: 71.5 };
  const log = new MerkleLog();
  for (let seq = 1; seq <= 13; seq++) {
    const e = { seq, time: new Date(T0 + seq * 1000).toISOString(), type: seq % 3 ? 'reading.recorded' : 'alert.raised', subject: seq === 5 ? null : `tag-${seq}` };
    const data = { value: seq / 3, quality: 'good', nested: { z: [1, 2e21, -0, 'é€𝄞'], a: true, é: null, '\u0001': 'ctl' } };
    const r = seq === 7 ? ledgerRecord(e, undefined, commitment(salt, secret)) : ledgerRecord(e, data);
    records.push(r);
    log.append(recordLeaf(r));
  }
  const text = formatCheckpoint({ origin: ORIGIN, size: BigInt(log.size), root: log.root(), extensions: [] });
  const note = signNote(text, [noteSigner(ORIGIN, privateKey)]) + cosign(text, witness, 1_772_352_000n);
  const bundle = (index: number): InclusionBundle => ({
    kind: 'twinward-inclusion-proof/v1', origin: ORIGIN, index, entry: records[index]!, leafHash: b64(log.leaf(index)),
    treeSize: log.size, proof: log.inclusionProof(index).map(b64), checkpoint: note,
    ...(index === 6 ? { opening: { salt: salt.toString('base64'), data: secret } } : {}),
  });
  return { log, bundle };
}

const { log, bundle } = buildLog();
const copy = (b: InclusionBundle): InclusionBundle => JSON.parse(JSON.stringify(b)) as InclusionBundle;
const check = (v: Verdict, id: string) => {
  const c = v.checks.find((x) => x.id === id);
  assert.ok(c, `a ${id} check`);
  return c;
};
/** The verdict fails, and check `id` is the first failure with a reason matching `reason`. */
function failsAt(v: Verdict, id: string, reason: RegExp): void {
  assert.equal(v.ok, false);
  const first = v.checks.find((c) => c.ok !== true)!;
  assert.equal(first.id, id, `first failure: ${JSON.stringify(first)}`);
  assert.equal(first.ok, false);
  assert.match(first.reason, reason);
  assert.match(v.reason, reason);
}
/** Flips one bit of the base64 bytes at `byte`. */
function flip(text: string, byte: number): string {
  const b = Buffer.from(text, 'base64');
  b[byte]! ^= 0x01;
  return b.toString('base64');
}

describe('the console verifier (web/src/ledger/verify.ts) against bundles the server code builds', () => {
  it('accepts every entry of a real log, as the server-side checkInclusionBundle does', async () => {
    for (let i = 0; i < log.size; i++) {
      const b = bundle(i);
      assert.equal(checkInclusionBundle(b, VKEY).treeSize, 13);
      const v = await verifyInclusionBundle(JSON.parse(JSON.stringify(b)), VKEY);
      assert.equal(v.ok, true, `entry ${i}: ${v.reason}`);
      assert.deepEqual(v.checks.map((c) => c.id), ['bundle', 'key', 'signature', 'checkpoint', 'leaf', 'inclusion', ...(i === 6 ? ['opening'] : [])]);
      assert.deepEqual(v.checkpoint, { origin: ORIGIN, size: '13', root: b64(log.root()) });
      assert.match(check(v, 'signature').reason, /valid signature by twinward\/water-utility; 1 other signature \(cosignatures\) not checked/);
    }
  });

  it('writes the same JCS as the server and folds proofs to the same roots (RFC 6962, every index of sizes 1..40)', async () => {
    const values: unknown[] = [
      null, true, 0, -0, 1e21, 1e-7, 0.1 + 0.2, -123.456e-30, 'a"\\\n\u2028\ud83d\ude00', [], {}, [undefined, 1],
      { b: 1, a: [{ d: 'x', c: undefined }], '': 0, aa: 1, A: 2, é: 3, '\u20ac': 4, '\ud83d\ude00': 5, '\ufb33': 6 },
    ];
    // RFC 8785 by hand: the console and the server write the same canonical form, and it is this one.
    const expected = [
      'null', 'true', '0', '0', '1e+21', '1e-7', '0.30000000000000004', '-1.23456e-28', '"a\\"\\\\\\n\u2028\ud83d\ude00"', '[]', '{}', '[null,1]',
      '{"":0,"A":2,"a":[{"d":"x"}],"aa":1,"b":1,"\u00e9":3,"\u20ac":4,"\ud83d\ude00":5,"\ufb33":6}',
    ];
    values.forEach((v, i) => assert.equal(canonicalJson(v), expected[i], JSON.stringify(v)));
    for (const v of values) assert.equal(browserJcs(v), canonicalJson(v), JSON.stringify(v));
    const m = new MerkleLog();
    for (let n = 1; n <= 40; n++) {
      m.append(leafHash(Buffer.from(`leaf ${n}`)));
      for (let i = 0; i < n; i++) {
        const proof = m.inclusionProof(i, n);
        const root = await browserRoot(BigInt(i), BigInt(n), m.leaf(i), proof);
        assert.equal(b64(root), b64(rootFromInclusion(BigInt(i), BigInt(n), m.leaf(i), proof)));
        assert.equal(b64(root), b64(m.root(n)), `index ${i} of ${n}`);
      }
    }
  });

  it('fails an altered entry at the leaf hash', async () => {
    const b = copy(bundle(3));
    (b.entry.data as { value: number }).value = 99;
    const v = await verifyInclusionBundle(b, VKEY);
    failsAt(v, 'leaf', /leafHash is not the hash of the entry: the entry was altered/);
    assert.equal(check(v, 'signature').ok, true, 'the checkpoint itself is intact');
    assert.match(check(v, 'inclusion').reason, /not checked/);
  });

  it('fails an altered entry whose leafHash was recomputed to match, at the inclusion proof', async () => {
    const b = copy(bundle(3));
    b.entry.type = 'alert.dismissed';
    b.leafHash = b64(recordLeaf(b.entry));
    failsAt(await verifyInclusionBundle(b, VKEY), 'inclusion', /the proof leads to another root/);
  });

  it('fails an entry moved to another index', async () => {
    const b = copy(bundle(3));
    b.index = 4;
    failsAt(await verifyInclusionBundle(b, VKEY), 'leaf', /entry\.seq 4 is not index \+ 1 \(5\)/);
  });

  it('fails an altered proof hash, a truncated proof and a proof hash that is not 32 bytes', async () => {
    const b = copy(bundle(5));
    b.proof[1] = flip(b.proof[1]!, 0);
    failsAt(await verifyInclusionBundle(b, VKEY), 'inclusion', /the proof leads to another root/);
    const short = copy(bundle(5));
    short.proof.pop();
    failsAt(await verifyInclusionBundle(short, VKEY), 'inclusion', /the proof is shorter than the tree is deep/);
    const long = copy(bundle(5));
    long.proof.push(long.proof[0]!);
    failsAt(await verifyInclusionBundle(long, VKEY), 'inclusion', /the proof is longer than the tree is deep/);
    const odd = copy(bundle(5));
    odd.proof[0] = Buffer.alloc(31).toString('base64');
    failsAt(await verifyInclusionBundle(odd, VKEY), 'inclusion', /proof\[0\]: expected a 32-byte SHA-256 hash, got 31 bytes/);
  });

  it('fails a checkpoint whose size was altered, at its signature', async () => {
    const b = copy(bundle(2));
    b.checkpoint = b.checkpoint.replace(`${ORIGIN}\n13\n`, `${ORIGIN}\n14\n`);
    assert.notEqual(b.checkpoint, bundle(2).checkpoint);
    const v = await verifyInclusionBundle(b, VKEY);
    failsAt(v, 'signature', /the signature of twinward\/water-utility does not verify: the checkpoint was altered or the signature forged/);
    assert.match(check(v, 'checkpoint').reason, /treeSize 13 is not the checkpoint's size 14/);
    // The same, with treeSize changed to agree: the signature still gives it away.
    b.treeSize = 14;
    const again = await verifyInclusionBundle(b, VKEY);
    failsAt(again, 'signature', /does not verify/);
    assert.equal(check(again, 'checkpoint').ok, true);
  });

  it('fails a bundle whose treeSize is not the checkpoint size', async () => {
    const b = copy(bundle(2));
    b.treeSize = 12;
    failsAt(await verifyInclusionBundle(b, VKEY), 'checkpoint', /treeSize 12 is not the checkpoint's size 13/);
  });

  it('fails a flipped signature byte, and a checkpoint signed by another key under the same name', async () => {
    const b = copy(bundle(0));
    const lines = b.checkpoint.split('\n');
    const at = lines.findIndex((l) => l.startsWith(`\u2014 ${ORIGIN} `));
    const sig = lines[at]!.slice(`\u2014 ${ORIGIN} `.length);
    lines[at] = `\u2014 ${ORIGIN} ${flip(sig, 4 + 10)}`;
    b.checkpoint = lines.join('\n');
    failsAt(await verifyInclusionBundle(b, VKEY), 'signature', /the signature of twinward\/water-utility does not verify/);

    const forger = generateKeyPairSync('ed25519');
    const forged = copy(bundle(0));
    const text = forged.checkpoint.slice(0, forged.checkpoint.indexOf('\n\n') + 1);
    forged.checkpoint = signNote(text, [noteSigner(ORIGIN, forger.privateKey)]);
    failsAt(await verifyInclusionBundle(forged, VKEY), 'signature', /no signature by twinward\/water-utility\+[0-9a-f]{8}: the checkpoint cannot be trusted/);
    // Checked against the forger's own key, the bundle is consistent: what an auditor's own copy of the key is for.
    assert.equal((await verifyInclusionBundle(forged, verifierKey(ORIGIN, forger.publicKey))).ok, true);
  });

  it('fails a verifier key whose hash does not match, and a key of another origin', async () => {
    // The base64 key may itself hold "+": replace only the hash between the first two.
    const badHash = VKEY.replace(/^([^+]*)\+[0-9a-f]{8}\+/, '$1+00000000+');
    assert.notEqual(badHash, VKEY);
    failsAt(await verifyInclusionBundle(bundle(0), badHash), 'key', /key hash 00000000 does not match the name and key/);
    const other = generateKeyPairSync('ed25519');
    const b = copy(bundle(0));
    const text = b.checkpoint.slice(0, b.checkpoint.indexOf('\n\n') + 1);
    b.checkpoint = signNote(text, [noteSigner('twinward/elsewhere', other.privateKey)]);
    const v = await verifyInclusionBundle(b, verifierKey('twinward/elsewhere', other.publicKey));
    failsAt(v, 'checkpoint', /origin "twinward\/water-utility" is not the key's name "twinward\/elsewhere"/);
  });

  it('checks the opening of a private record', async () => {
    const b = copy(bundle(6));
    (b.opening!.data as { heartRate: number }).heartRate = 140;
    failsAt(await verifyInclusionBundle(b, VKEY), 'opening', /the data and salt do not match the committed hash/);
  });

  it('fails what is not a bundle, without throwing', async () => {
    failsAt(await verifyInclusionBundle('nope', VKEY), 'bundle', /not a JSON object/);
    failsAt(await verifyInclusionBundle({ ...bundle(0), kind: 'other' }, VKEY), 'bundle', /kind: expected/);
    failsAt(await verifyInclusionBundle({ ...bundle(0), index: -1 }, VKEY), 'bundle', /index: expected a non-negative integer/);
    failsAt(await verifyInclusionBundle({ ...bundle(0), checkpoint: 'no signatures\n' }, VKEY), 'signature', /no blank line/);
  });
});
