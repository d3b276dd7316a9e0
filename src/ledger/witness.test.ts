import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { formatCheckpoint } from './checkpoint.js';
import { cosignatureVerifierKey, verifyCosignature } from './cosignature.js';
import { leafHash } from './merkle.js';
import { MerkleLog } from './merkle-log.js';
import { NoteError, noteSigner, parseNote, signNote, verifierKey, type NoteSigner } from './note.js';
import { countCosignatures, meetsQuorum } from './quorum.js';
import {
  formatAddCheckpointBody,
  MemoryWitnessState,
  parseAddCheckpointBody,
  Witness,
  type AddCheckpointResult,
  type WitnessEvidence,
  type WitnessRecord,
  type WitnessState,
} from './witness.js';

const ORIGIN = 'twinward.example/plant-a';
const NOW = new Date('2026-03-01T12:00:00.750Z');
const NOW_S = BigInt(Math.floor(NOW.getTime() / 1000));

/** A log of `n` leaves; logs with different tags share their first `common` leaves and differ after. */
function tree(n: number, tag = 'honest', common = 0): MerkleLog {
  const log = new MerkleLog();
  for (let i = 0; i < n; i++) log.append(leafHash(Buffer.from(i < common ? `honest ${i}` : `${tag} ${i}`)));
  return log;
}

function logKey(): { vkey: string; signer: NoteSigner } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { vkey: verifierKey(ORIGIN, publicKey), signer: noteSigner(ORIGIN, privateKey) };
}

const text = (log: MerkleLog, size: number, origin = ORIGIN) => formatCheckpoint({ origin, size: BigInt(size), root: log.root(size), extensions: [] });
const note = (log: MerkleLog, size: number, signer: NoteSigner) => signNote(text(log, size), [signer]);

function setup(state: WitnessState = new MemoryWitnessState()) {
  const log = logKey();
  const evidence: WitnessEvidence[] = [];
  const witness = new Witness({
    name: 'witness.twinward.example/w1',
    privateKey: generateKeyPairSync('ed25519').privateKey,
    logs: [{ origin: ORIGIN, verifierKey: log.vkey }],
    state,
    clock: () => NOW,
    onEvidence: (e) => void evidence.push(e),
  });
  return { log, witness, state, evidence };
}

function refused(r: AddCheckpointResult): Extract<AddCheckpointResult, { ok: false }> {
  assert.equal(r.ok, false, 'expected a refusal');
  return r as Extract<AddCheckpointResult, { ok: false }>;
}

function accepted(r: AddCheckpointResult): Extract<AddCheckpointResult, { ok: true }> {
  assert.ok(r.ok, r.ok ? undefined : `refused ${r.status}: ${r.reason}`);
  return r;
}

async function recordAt(state: WitnessState, honest: MerkleLog, size: number) {
  const r = await state.get(ORIGIN);
  assert.ok(r, 'a record');
  assert.equal(r.size, BigInt(size));
  assert.deepEqual(Buffer.from(r.root), Buffer.from(honest.root(size)));
}

describe('tlog-witness add-checkpoint', () => {
  it('cosigns a first checkpoint (old size 0), records it, and its line verifies with the witness key', async () => {
    const { log, witness, state } = setup();
    const honest = tree(5);
    const n = note(honest, 5, log.signer);
    const r = accepted(await witness.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: n }));
    assert.match(r.cosignature, /^\u2014 witness\.twinward\.example\/w1 [A-Za-z0-9+/]+=*\n$/);
    assert.equal(r.timestamp, NOW_S);
    assert.equal(verifyCosignature(r.cosignature, witness.verifierKey, text(honest, 5)), NOW_S);
    await recordAt(state, honest, 5);
    assert.equal((await state.get(ORIGIN))!.checkpoint, n, 'the log-signed note is kept');
  });

  it('cosigns consistent extensions with real RFC 6962 consistency proofs, and a repeat of the same head', async () => {
    const { log, witness, state } = setup();
    const honest = tree(130);
    let old = 0;
    for (const size of [1, 2, 3, 4, 7, 8, 13, 64, 65, 100, 127, 128, 130]) {
      const proof = old === 0 ? [] : honest.consistencyProof(old, size);
      accepted(await witness.addCheckpoint({ oldSize: BigInt(old), proof, checkpoint: note(honest, size, log.signer) }));
      await recordAt(state, honest, size);
      old = size;
    }
    // The same size and root again: a fresh cosignature, the record unchanged.
    const again = accepted(await witness.addCheckpoint({ oldSize: 130n, proof: [], checkpoint: note(honest, 130, log.signer) }));
    assert.equal(verifyCosignature(again.cosignature, witness.verifierKey, text(honest, 130)), NOW_S);
    await recordAt(state, honest, 130);
  });

  it('refuses a split view (same size, another root) with 409, keeps its record, and reports the evidence', async () => {
    const { log, witness, state, evidence } = setup();
    const honest = tree(8);
    const fork = tree(8, 'fork', 5);
    accepted(await witness.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: note(honest, 8, log.signer) }));
    const forked = note(fork, 8, log.signer);
    const r = refused(await witness.addCheckpoint({ oldSize: 8n, proof: [], checkpoint: forked }));
    assert.equal(r.status, 409);
    assert.equal(r.code, 'split-view');
    assert.match(r.reason, /split view/);
    assert.match(r.reason, /two different histories/);
    assert.equal(r.latestSize, undefined, 'a split view is not a stale old size: retrying with the latest size cannot help');
    await recordAt(state, honest, 8);
    assert.equal(evidence.length, 1);
    assert.equal(evidence[0]!.code, 'split-view');
    assert.equal(evidence[0]!.request.checkpoint, forked, 'the log-signed fork is kept as proof');
    assert.equal(evidence[0]!.recorded!.size, 8n);
  });

  it('refuses a larger fork whose consistency proof fails with 422, and keeps its record', async () => {
    const { log, witness, state, evidence } = setup();
    const honest = tree(20);
    const fork = tree(13, 'fork', 6); // shares leaves 0..5, differs from leaf 6 on
    accepted(await witness.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: note(honest, 8, log.signer) }));
    const forked = note(fork, 13, log.signer);
    const attempts: [string, Uint8Array[]][] = [
      ["the fork's own proof", fork.consistencyProof(8, 13)],
      ["the honest log's proof", honest.consistencyProof(8, 13)],
      ['a truncated proof', fork.consistencyProof(8, 13).slice(0, -1)],
      ['no proof', []],
    ];
    for (const [what, proof] of attempts) {
      const r = refused(await witness.addCheckpoint({ oldSize: 8n, proof, checkpoint: forked }));
      assert.equal(r.status, 422, what);
      assert.equal(r.code, 'inconsistent', what);
      assert.match(r.reason, /does not verify .*fork of the log's history/, what);
      await recordAt(state, honest, 8);
    }
    assert.equal(evidence.length, attempts.length);
    // The honest log still extends its own history.
    accepted(await witness.addCheckpoint({ oldSize: 8n, proof: honest.consistencyProof(8, 20), checkpoint: note(honest, 20, log.signer) }));
    await recordAt(state, honest, 20);
  });

  it('refuses a checkpoint the log did not sign with 403', async () => {
    const { log, witness, state } = setup();
    const honest = tree(4);
    const impostor = noteSigner(ORIGIN, generateKeyPairSync('ed25519').privateKey);
    let r = refused(await witness.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: note(honest, 4, impostor) }));
    assert.equal(r.status, 403);
    assert.match(r.reason, /no signature from a key this witness trusts/);
    // A real log signature over other text: the size was changed after signing.
    const tampered = note(honest, 4, log.signer).replace('\n4\n', '\n3\n');
    r = refused(await witness.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: tampered }));
    assert.equal(r.status, 403);
    assert.match(r.reason, /does not verify/);
    // Only another witness's cosignature, no log signature.
    const other = noteSigner('w.example/other', generateKeyPairSync('ed25519').privateKey);
    const otherWitness = new Witness({ name: other.name, privateKey: other.privateKey, logs: [{ origin: ORIGIN, verifierKey: log.vkey }], state: new MemoryWitnessState() });
    const line = accepted(await otherWitness.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: note(honest, 4, log.signer) })).cosignature;
    r = refused(await witness.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: `${text(honest, 4)}\n${line}` }));
    assert.equal(r.status, 403);
    assert.equal(await state.get(ORIGIN), undefined);
  });

  it('refuses an unknown origin with 404', async () => {
    const { log, witness } = setup();
    const other = signNote(text(tree(3), 3, 'elsewhere.example/log'), [noteSigner('elsewhere.example/log', log.signer.privateKey)]);
    const r = refused(await witness.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: other }));
    assert.equal(r.status, 404);
    assert.equal(r.code, 'unknown-log');
    assert.match(r.reason, /elsewhere\.example\/log/);
  });

  it('answers a stale old size with 409 and the latest size it cosigned', async () => {
    const { log, witness, state } = setup();
    const honest = tree(12);
    let r = refused(await witness.addCheckpoint({ oldSize: 3n, proof: honest.consistencyProof(3, 8), checkpoint: note(honest, 8, log.signer) }));
    assert.equal(r.status, 409);
    assert.equal(r.latestSize, 0n, 'never cosigned: the latest size is 0');
    accepted(await witness.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: note(honest, 8, log.signer) }));
    r = refused(await witness.addCheckpoint({ oldSize: 5n, proof: honest.consistencyProof(5, 12), checkpoint: note(honest, 12, log.signer) }));
    assert.equal(r.status, 409);
    assert.equal(r.code, 'stale-old-size');
    assert.equal(r.latestSize, 8n);
    // "a client ... MAY initially make a request with a old size of zero" to learn it.
    r = refused(await witness.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: note(honest, 12, log.signer) }));
    assert.equal(r.latestSize, 8n);
    await recordAt(state, honest, 8);
  });

  it('refuses malformed requests with 400, and a proof where none belongs with 422', async () => {
    const { log, witness, state } = setup();
    const honest = tree(9);
    const n = note(honest, 9, log.signer);
    const cases: [string, Parameters<Witness['addCheckpoint']>[0], number, RegExp][] = [
      ['old size above the checkpoint size', { oldSize: 10n, proof: [], checkpoint: n }, 400, /larger than the checkpoint size/],
      ['not a signed note', { oldSize: 0n, proof: [], checkpoint: text(honest, 9) }, 400, /not a signed note/],
      ['a proof hash of 31 bytes', { oldSize: 0n, proof: [new Uint8Array(31)], checkpoint: n }, 400, /31 bytes/],
      ['64 proof hashes', { oldSize: 0n, proof: Array.from({ length: 64 }, () => new Uint8Array(32)), checkpoint: n }, 400, /at most 63/],
      ['a negative old size', { oldSize: -1n, proof: [], checkpoint: n }, 400, /64-bit/],
      ['a proof from the empty tree', { oldSize: 0n, proof: [honest.root(1)], checkpoint: n }, 422, /must be empty when the old size is 0/],
    ];
    for (const [what, request, status, reason] of cases) {
      const r = refused(await witness.addCheckpoint(request));
      assert.equal(r.status, status, what);
      assert.match(r.reason, reason, what);
    }
    // Signed by the log, but not a checkpoint.
    const junk = signNote(`${ORIGIN}\nnot a size\n${Buffer.alloc(32).toString('base64')}\n`, [log.signer]);
    const r = refused(await witness.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: junk }));
    assert.equal(r.status, 400);
    assert.match(r.reason, /line 2/);
    // An empty tree has one root only.
    const empty = signNote(formatCheckpoint({ origin: ORIGIN, size: 0n, root: honest.root(1), extensions: [] }), [log.signer]);
    assert.equal(refused(await witness.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: empty })).status, 409);
    assert.equal(await state.get(ORIGIN), undefined);
  });

  it('never rolls back: of two racing extensions from the same old size, one wins and the other gets 409', async () => {
    const { log, witness, state } = setup();
    const honest = tree(12);
    accepted(await witness.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: note(honest, 8, log.signer) }));
    const [a, b] = await Promise.all([
      witness.addCheckpoint({ oldSize: 8n, proof: honest.consistencyProof(8, 12), checkpoint: note(honest, 12, log.signer) }),
      witness.addCheckpoint({ oldSize: 8n, proof: honest.consistencyProof(8, 10), checkpoint: note(honest, 10, log.signer) }),
    ]);
    assert.equal([a, b].filter((r) => r.ok).length, 1, 'exactly one is cosigned');
    const winner = a.ok ? 12 : 10;
    const loser = refused(a.ok ? b : a);
    assert.equal(loser.status, 409);
    assert.equal(loser.latestSize, BigInt(winner));
    await recordAt(state, honest, winner);
  });

  it('re-checks after losing a compare-and-set, and does not cosign', async () => {
    const honest = tree(12);
    const inner = new MemoryWitnessState();
    let interfere: (() => Promise<void>) | undefined;
    const racing: WitnessState = {
      async get(origin: string) {
        const read = await inner.get(origin);
        const other = interfere;
        interfere = undefined;
        if (other) await other(); // another request commits right after our read, before our check and write
        return read;
      },
      swap: (origin: string, expected: bigint | undefined, next: WitnessRecord) => inner.swap(origin, expected, next),
    };
    const { log, witness } = setup(racing);
    accepted(await witness.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: note(honest, 8, log.signer) }));
    interfere = async () => void (await inner.swap(ORIGIN, 8n, { size: 11n, root: honest.root(11), checkpoint: note(honest, 11, log.signer) }));
    const r = refused(await witness.addCheckpoint({ oldSize: 8n, proof: honest.consistencyProof(8, 10), checkpoint: note(honest, 10, log.signer) }));
    assert.equal(r.status, 409);
    assert.equal(r.latestSize, 11n);
    await recordAt(inner, honest, 11);
  });

  it('checks its configuration', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const state = new MemoryWitnessState();
    assert.throws(() => new Witness({ name: 'bad name', privateKey, logs: [], state }), NoteError);
    assert.throws(() => new Witness({ name: 'w', privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, logs: [], state }), /Ed25519/);
    assert.throws(() => new Witness({ name: 'w', privateKey, logs: [{ origin: ORIGIN, verifierKey: 'nope' }], state }), NoteError);
    const w = new Witness({ name: 'w', privateKey, logs: [], state });
    assert.equal(w.verifierKey, cosignatureVerifierKey('w', privateKey));
  });
});

describe('add-checkpoint request bodies', () => {
  // The example request body of c2sp.org/tlog-witness.
  const SPEC_BODY = `old 20852014
PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
\u2014 example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=
`;

  it('parses the spec example and formats it back byte for byte', () => {
    const r = parseAddCheckpointBody(SPEC_BODY);
    assert.equal(r.oldSize, 20852014n);
    assert.equal(r.proof.length, 4);
    assert.equal(Buffer.from(r.proof[2]!).toString('base64'), '5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=');
    assert.equal(parseNote(r.checkpoint).signatures.length, 2);
    assert.ok(r.checkpoint.startsWith('example.com/behind-the-sofa\n20852163\n'));
    assert.equal(formatAddCheckpointBody(r), SPEC_BODY);
    const first = 'old 0\n\nexample.com/log\n1\nKgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u2014 x AAAAAA==\n';
    assert.deepEqual(parseAddCheckpointBody(first).proof, []);
    assert.equal(formatAddCheckpointBody(parseAddCheckpointBody(first)), first);
  });

  it('names the line at fault in a malformed body', () => {
    const tail = '\nexample.com/log\n1\nKgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u2014 x AAAAAA==\n';
    const hash = `${Buffer.alloc(32, 7).toString('base64')}\n`;
    const cases: [string, string, RegExp][] = [
      ['leading zero', `old 012\n${tail}`, /^line 1: /],
      ['no "old"', `new 12\n${tail}`, /^line 1: /],
      ['over 64 bits', `old ${2n ** 64n}\n${tail}`, /^line 1: .*64 bits/],
      ['a short hash', `old 3\n${hash}AAAA\n${tail}`, /^line 3: /],
      ['a hash with trailing garbage', `old 3\n${hash.trim()}x\n${tail}`, /^line 2: /],
      ['64 proof lines', `old 3\n${hash.repeat(64)}${tail}`, /^line 65: more than 63/],
      ['no empty line', 'old 3\nexample.com/log\n', /no empty line/],
      ['no checkpoint', `old 3\n${hash}\n`, /^line 4: the checkpoint is missing/],
      ['CRLF line ends', `old 3\r\n${tail}`, /^line 1: /],
    ];
    for (const [what, body, reason] of cases) {
      assert.throws(() => parseAddCheckpointBody(body), (err: unknown) => err instanceof NoteError && reason.test(err.reason), what);
    }
    assert.throws(() => formatAddCheckpointBody({ oldSize: 0n, proof: [new Uint8Array(32)], checkpoint: 'x\n\n\u2014 x AAAAAA==\n' }), /must be empty/);
    assert.throws(() => formatAddCheckpointBody({ oldSize: 1n, proof: [new Uint8Array(32)], checkpoint: 'x' }), /newline/);
  });
});

describe('witness quorums', () => {
  async function threeWitnesses() {
    const log = logKey();
    const witnesses = ['w.example/a', 'w.example/b', 'w.example/c'].map(
      (name) => new Witness({ name, privateKey: generateKeyPairSync('ed25519').privateKey, logs: [{ origin: ORIGIN, verifierKey: log.vkey }], state: new MemoryWitnessState(), clock: () => NOW }),
    );
    return { log, witnesses, keys: witnesses.map((w) => ({ verifierKey: w.verifierKey })) };
  }

  it('counts the witnesses that cosigned, ignoring unknown lines and counting a witness once', async () => {
    const { log, witnesses, keys } = await threeWitnesses();
    const honest = tree(6);
    const n = note(honest, 6, log.signer);
    const lines: string[] = [];
    for (const w of witnesses) lines.push(accepted(await w.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: n })).cosignature);
    const stranger = new Witness({ name: 'w.example/z', privateKey: generateKeyPairSync('ed25519').privateKey, logs: [{ origin: ORIGIN, verifierKey: log.vkey }], state: new MemoryWitnessState() });
    const strangerLine = accepted(await stranger.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: n })).cosignature;
    const all = n + lines.join('') + strangerLine + lines[0];
    const counted = countCosignatures(all, keys);
    assert.deepEqual(counted.map((c) => c.name), ['w.example/a', 'w.example/b', 'w.example/c']);
    assert.ok(counted.every((c) => c.timestamp === NOW_S));
    assert.equal(meetsQuorum(all, keys, 3), true);
    assert.equal(meetsQuorum(n + lines[1], keys, 2), false);
    assert.deepEqual(countCosignatures(n, keys), [], "the log's own signature is not a cosignature");
    assert.equal(countCosignatures(n + lines[1], [...keys, keys[1]!]).length, 1, 'a key listed twice is one witness');
    assert.throws(() => meetsQuorum(all, keys, 0), /threshold/);
    assert.throws(() => meetsQuorum(all, keys, 4), /threshold/);
  });

  it('leaves a forked checkpoint short of its quorum: honest witnesses refuse it', async () => {
    const { log, witnesses, keys } = await threeWitnesses();
    const honest = tree(8);
    const fork = tree(8, 'fork', 4);
    for (const w of witnesses) accepted(await w.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: note(honest, 8, log.signer) }));
    // The log shows the fork to one fresh witness (never saw the log) and to the three that did.
    const fresh = new Witness({ name: 'w.example/d', privateKey: generateKeyPairSync('ed25519').privateKey, logs: [{ origin: ORIGIN, verifierKey: log.vkey }], state: new MemoryWitnessState() });
    const forked = note(fork, 8, log.signer);
    const lines = [accepted(await fresh.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: forked })).cosignature];
    for (const w of witnesses) {
      const r = await w.addCheckpoint({ oldSize: 8n, proof: [], checkpoint: forked });
      if (r.ok) lines.push(r.cosignature);
      else assert.equal(r.code, 'split-view');
    }
    const withFresh = [...keys, { verifierKey: fresh.verifierKey }];
    assert.equal(countCosignatures(forked + lines.join(''), withFresh).length, 1);
    assert.equal(meetsQuorum(forked + lines.join(''), withFresh, 2), false);
  });

  it('refuses the note when a known witness line is forged', async () => {
    const { log, witnesses, keys } = await threeWitnesses();
    const honest = tree(3);
    const n = note(honest, 3, log.signer);
    const line = accepted(await witnesses[0]!.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: n })).cosignature;
    const bytes = Buffer.from(line.slice(line.lastIndexOf(' ') + 1, -1), 'base64');
    bytes[40] = bytes[40]! ^ 1;
    const forged = `${line.slice(0, line.lastIndexOf(' ') + 1)}${bytes.toString('base64')}\n`;
    assert.throws(() => countCosignatures(n + forged, keys), /does not verify/);
  });
});
