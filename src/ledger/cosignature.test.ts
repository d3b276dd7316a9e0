import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { formatCheckpoint } from './checkpoint.js';
import {
  COSIGNATURE_V1,
  cosign,
  cosignatureMessage,
  cosignatureTimestamp,
  cosignatureVerifierKey,
  MAX_COSIGNATURE_TIME,
  parseCosignatureVerifierKey,
  parseSignatureLine,
  verifyCosignature,
} from './cosignature.js';
import { leafHash } from './merkle.js';
import { keyHash, NoteError, noteSigner, parseNote, parseVerifierKey, signNote, verifierKey, verifyNote } from './note.js';
import { countCosignatures, meetsQuorum } from './quorum.js';
import { MemoryWitnessState, Witness } from './witness.js';

// The example of c2sp.org/tlog-cosignature ("Ed25519 signed message"): its
// checkpoint, its cosignature line (key unpublished) and the message it shows.
const SPEC_TEXT = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const SPEC_LINE = '\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n';
const SPEC_MESSAGE = `cosignature/v1\ntime 1679315147\n${SPEC_TEXT}`;

// A production checkpoint of the CT log arche2025h1.staging.ct.transparency.dev,
// signed by the log (0x05 RFC 6962 and 0x01 Ed25519 lines) and cosigned by
// public witnesses. remora.n621.de's cosignature/v1 vkey is the one in
// transparency-dev/formats note/note_cosigv1_test.go; the other witnesses'
// keys are not given here, so their lines are unknown and must be ignored.
const REAL_LOG_KEY = 'arche2025h1.staging.ct.transparency.dev+ba2f06c0+AU0vHmlGCS/PdN8b2OaGmKprLI8HKM+dJ472xgFYh15f';
const REAL_WITNESS_KEY = 'remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2';
const REAL_TEXT = 'arche2025h1.staging.ct.transparency.dev\n1432088532\nU7WM79jrzyhGZ5/GUBTpM7NzwdyfFx61t3RovgcC4Ro=\n';
const REAL_NOTE = `${REAL_TEXT}
\u2014 arche2025h1.staging.ct.transparency.dev zTM8sQAAAZ5W0WdjBAMARjBEAiBjW5IQf9pvsYLfQFX6hoGREPMHbdQ3urbllzalApkptQIgIpwtEroeW2BXaHAI4kJXFbon5Ch9MNL5zRNZ55lvGt0=
\u2014 arche2025h1.staging.ct.transparency.dev ui8GwCF1+kWqZrxGdhj4aX3gcw7XUlXQQabg/27lefwhUkzbC3NygNI75MdhL1bfTW9g8Ei59RA23oHP7Ry1k3ZFWwQ=
\u2014 transparency.dev/DEV:witness-little-garden 2AQqhwAAAABqEiEgzgFIqqhbUoDwjMWE6UP8nd8/KYTzwZ2rhIgcqoXHAwVkjZr4AscylP3v7sEodkRAErumC2q44vdgJY096st5BQ==
\u2014 witness1.smartit.nu/witness1 pIyCDwAAAABqEiEghIp82KWebrw7/oHQwlTAm3g2RKS4+eebl8eO0WH+/iEcxZ75W3u5hNI7TOQtmJbqmNWVuE0tgh0XwzdZsDsUAQ==
\u2014 remora.n621.de 2net5wAAAABqEiEgPlfF3V06o0Y+fHM+J5J9s27wgxxcOVSpZ/2g/KSiXCg9DEZI+aVCIobWX9sXTynk5XeU/zZ0WBxtqB0DrAWfBw==
\u2014 witness.stagemole.eu Z/euoAAAAABqEiEgw0i+7g2ENfDAWHmtRzCfKTHSDwYDJA2NmKeGi9Y8FtEyOUvVr+AJmIY/2TUFucgKi7lI7cUiOvKFYe/TmN9DAg==
`;
const REAL_TIME = 1779573024n; // 2026-05-23T21:50:24Z

const checkpointText = (size: bigint, extensions: string[] = []) =>
  formatCheckpoint({ origin: 'twinward.example/plant-a', size, root: leafHash(Buffer.from(`root ${size}`)), extensions });

/** Flips one bit of byte `at` of a signature line's decoded bytes. */
function flip(line: string, at: number): string {
  const s = parseSignatureLine(line);
  const bytes = Buffer.concat([Buffer.alloc(4), s.signature]);
  bytes.writeUInt32BE(s.keyHash >>> 0, 0);
  bytes[at]! ^= 1;
  return `\u2014 ${s.name} ${bytes.toString('base64')}\n`;
}

describe('tlog-cosignature cosignature/v1', () => {
  it('builds the signed message exactly as the spec example shows', () => {
    assert.equal(cosignatureMessage(SPEC_TEXT, 1679315147n).toString('utf8'), SPEC_MESSAGE);
    // The spec's example line carries that same timestamp after its 4-byte key ID.
    const s = parseSignatureLine(SPEC_LINE);
    assert.equal(s.name, 'witness.example.com/w1');
    assert.equal(s.signature.length, 8 + 64);
    assert.equal(cosignatureTimestamp(s), 1679315147n);
  });

  it('verifies a real witness cosignature on a production checkpoint, and no altered copy of it', () => {
    const w = parseCosignatureVerifierKey(REAL_WITNESS_KEY);
    assert.equal(w.keyHash, 0xda77ade7);
    // The log's own Ed25519 signature is a signed-note 0x01 signature over the same text.
    assert.deepEqual(verifyNote(REAL_NOTE, [parseVerifierKey(REAL_LOG_KEY)]).signedBy, ['arche2025h1.staging.ct.transparency.dev']);
    const line = REAL_NOTE.split('\n').find((l) => l.startsWith('\u2014 remora.n621.de '))!;
    assert.equal(verifyCosignature(line, REAL_WITNESS_KEY, REAL_TEXT), REAL_TIME);
    assert.throws(() => verifyCosignature(line, w, REAL_TEXT.replace('1432088532', '1432088533')), /does not verify/);
    assert.throws(() => verifyCosignature(flip(line, 11), w, REAL_TEXT), /does not verify/, 'timestamp moved by one second');
    assert.throws(() => verifyCosignature(line, w, REAL_TEXT, { notAfter: REAL_TIME - 1n }), /in the future/);
    // The log's 0x01 line is not a cosignature, even by name.
    const logLine = REAL_NOTE.split('\n')[5]!;
    assert.throws(() => verifyCosignature(logLine, w, REAL_TEXT), /not by the witness/);
  });

  it('round-trips: the vkey carries type 0x04 and the line is key ID || u64 time || Ed25519 signature', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const name = 'witness.twinward.example/w1';
    const vkey = cosignatureVerifierKey(name, publicKey);
    assert.equal(cosignatureVerifierKey(name, privateKey), vkey);
    const v = parseCosignatureVerifierKey(vkey);
    const raw = Buffer.from(vkey.slice(vkey.indexOf('+', name.length + 1) + 1), 'base64');
    assert.equal(raw[0], COSIGNATURE_V1);
    assert.equal(v.keyHash, keyHash(name, 0x04, raw.subarray(1)));
    assert.notEqual(v.keyHash, keyHash(name, 0x01, raw.subarray(1)));

    const text = checkpointText(1234n, ['extension: rack 7']);
    const line = cosign(text, noteSigner(name, privateKey), 1_700_000_000n);
    assert.match(line, /^\u2014 witness\.twinward\.example\/w1 [A-Za-z0-9+/]+=*\n$/);
    const s = parseSignatureLine(line);
    assert.equal(s.keyHash, v.keyHash);
    assert.equal(s.signature.length, 72);
    assert.equal(s.signature.readBigUInt64BE(0), 1_700_000_000n);
    assert.equal(verifyCosignature(line, vkey, text), 1_700_000_000n);
    assert.equal(verifyCosignature(s, v, text), 1_700_000_000n, 'a parsed signature works as well as the line');
    // Appended to the note, the line survives note parsing unchanged.
    const note = `${signNote(text, [noteSigner('twinward.example/plant-a', generateKeyPairSync('ed25519').privateKey)])}${line}`;
    const again = parseNote(note).signatures.at(-1)!;
    assert.equal(verifyCosignature(again, v, parseNote(note).text), 1_700_000_000n);
    // Ed25519 is deterministic: the same inputs give the same line.
    assert.equal(cosign(text, noteSigner(name, privateKey), 1_700_000_000n), line);
  });

  it('refuses a tampered checkpoint, timestamp or signature', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const name = 'w.example/1';
    const vkey = cosignatureVerifierKey(name, privateKey);
    const text = checkpointText(99n, ['ext']);
    const line = cosign(text, noteSigner(name, privateKey), 1_700_000_000n);
    assert.throws(() => verifyCosignature(line, vkey, text.replace('\n99\n', '\n98\n')), /does not verify/, 'size');
    assert.throws(() => verifyCosignature(line, vkey, text.replace('ext\n', 'exu\n')), /does not verify/, 'an extension line is signed too');
    assert.throws(() => verifyCosignature(line, vkey, checkpointText(99n)), /does not verify/, 'a dropped extension line');
    for (const at of [4, 8, 11]) assert.throws(() => verifyCosignature(flip(line, at), vkey, text), /does not verify/, `timestamp byte ${at}`);
    for (const at of [12, 40, 75]) assert.throws(() => verifyCosignature(flip(line, at), vkey, text), /does not verify/, `signature byte ${at}`);
    assert.throws(() => verifyCosignature(flip(line, 0), vkey, text), /key ID/, 'key ID');
    const short = `\u2014 ${name} ${Buffer.concat([Buffer.from(vkey.split('+')[1]!, 'hex'), Buffer.alloc(64)]).toString('base64')}\n`;
    assert.throws(() => verifyCosignature(short, vkey, text), /72 bytes after the key ID/);
    assert.throws(() => verifyCosignature(line.replace('\u2014', '-'), vkey, text), NoteError);
    assert.throws(() => verifyCosignature(line, vkey, `${text}\n\u2014 x AAAA\n`), /blank line/, 'the note instead of its text');
  });

  it('refuses the wrong key: another witness, the same name with another key, a log-style signature', () => {
    const a = generateKeyPairSync('ed25519').privateKey;
    const b = generateKeyPairSync('ed25519').privateKey;
    const text = checkpointText(7n);
    const line = cosign(text, noteSigner('w.example/a', a), 10n);
    assert.throws(() => verifyCosignature(line, cosignatureVerifierKey('w.example/b', b), text), /not by the witness/);
    assert.throws(() => verifyCosignature(line, cosignatureVerifierKey('w.example/a', b), text), /key ID/);
    // Even a verifier forged to share name and key ID but holding another public key fails on the signature.
    const forged = { ...parseCosignatureVerifierKey(cosignatureVerifierKey('w.example/a', a)), publicKey: parseCosignatureVerifierKey(cosignatureVerifierKey('w.example/a', b)).publicKey };
    assert.throws(() => verifyCosignature(line, forged, text), /does not verify/);
    // The same key signing the note as a plain 0x01 signature is not a cosignature (other key ID, no timestamp).
    const plain = signNote(text, [noteSigner('w.example/a', a)]).split('\n\n')[1]!;
    assert.throws(() => verifyCosignature(plain, cosignatureVerifierKey('w.example/a', a), text), /key ID/);
  });

  it('parses verifier keys defensively', () => {
    assert.equal(parseCosignatureVerifierKey(REAL_WITNESS_KEY).name, 'remora.n621.de');
    assert.throws(() => parseCosignatureVerifierKey(REAL_WITNESS_KEY.replace('da77ade7', 'da77ade8')), /does not match/);
    assert.throws(() => parseCosignatureVerifierKey(REAL_LOG_KEY), /0x01 is not cosignature\/v1/);
    assert.throws(() => parseCosignatureVerifierKey('remora.n621.de+da77ade7'), /three/);
    assert.throws(() => parseCosignatureVerifierKey('remora n621+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2'), /key name/);
    assert.throws(() => parseCosignatureVerifierKey('remora.n621.de+DA77ADE7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2'), /lowercase hex/);
    assert.throws(() => parseCosignatureVerifierKey('remora.n621.de+da77ade7+BOvN63jn'), /0x04 followed by a 32-byte/);
    const pub = generateKeyPairSync('ed25519').publicKey;
    assert.throws(() => cosignatureVerifierKey('has space', pub), /key name/);
    assert.throws(() => cosignatureVerifierKey('a', generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey), /Ed25519/);
    // Its 0x01 twin (the same public key as a log key) parses only as what it is.
    assert.equal(parseVerifierKey(verifierKey('a', pub)).name, 'a');
    assert.throws(() => parseCosignatureVerifierKey(verifierKey('a', pub)), /not cosignature/);
  });

  it('signs only checkpoints, with times from 0 to 2^63-1, with Ed25519 keys', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const s = noteSigner('w.example/1', privateKey);
    const text = checkpointText(5n);
    const vkey = cosignatureVerifierKey('w.example/1', privateKey);
    assert.equal(verifyCosignature(cosign(text, s, 0n), vkey, text), 0n);
    assert.equal(verifyCosignature(cosign(text, s, MAX_COSIGNATURE_TIME), vkey, text), MAX_COSIGNATURE_TIME);
    assert.throws(() => cosign(text, s, MAX_COSIGNATURE_TIME + 1n), /2\^63-1/);
    assert.throws(() => cosign(text, s, -1n), /2\^63-1/);
    assert.throws(() => cosign('not a checkpoint\n', s, 1n), NoteError);
    assert.throws(() => cosign(text.slice(0, -1), s, 1n), /newline/);
    assert.throws(() => cosign(text.replace('plant-a', 'plant\u0007a'), s, 1n), /control characters/);
    assert.throws(() => cosign(text, { name: 'w', privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey }, 1n), /Ed25519/);
    // A timestamp of 2^63 in the line itself is refused before any signature check.
    const line = cosign(text, s, 1n);
    const sig = parseSignatureLine(line);
    sig.signature.writeBigUInt64BE(2n ** 63n, 0);
    assert.throws(() => verifyCosignature(sig, vkey, text), /exceeds 2\^63-1/);
  });
});

describe('a production checkpoint through quorum counting and a witness', () => {
  it('counts remora.n621.de among the cosigners and ignores the lines of unknown keys', () => {
    const own = cosignatureVerifierKey('w.example/ours', generateKeyPairSync('ed25519').publicKey);
    assert.deepEqual(countCosignatures(REAL_NOTE, [{ verifierKey: REAL_WITNESS_KEY }, { verifierKey: own }]), [
      { name: 'remora.n621.de', verifierKey: REAL_WITNESS_KEY, timestamp: REAL_TIME },
    ]);
    assert.equal(meetsQuorum(REAL_NOTE, [{ verifierKey: REAL_WITNESS_KEY }, { verifierKey: own }], 1), true);
    assert.equal(meetsQuorum(REAL_NOTE, [{ verifierKey: REAL_WITNESS_KEY }, { verifierKey: own }], 2), false);
    // A known witness's line that fails to verify rejects the whole note (signed-note: "SHOULD reject").
    assert.throws(() => countCosignatures(REAL_NOTE.replace('\n1432088532\n', '\n1432088531\n'), [{ verifierKey: REAL_WITNESS_KEY }]), /does not verify/);
  });

  it('is accepted by a witness that serves its log, as a first checkpoint', async () => {
    const w = new Witness({
      name: 'w.example/ours',
      privateKey: generateKeyPairSync('ed25519').privateKey,
      logs: [{ origin: 'arche2025h1.staging.ct.transparency.dev', verifierKey: REAL_LOG_KEY }],
      state: new MemoryWitnessState(),
      clock: () => new Date(Number(REAL_TIME) * 1000 + 5000),
    });
    const r = await w.addCheckpoint({ oldSize: 0n, proof: [], checkpoint: REAL_NOTE });
    assert.ok(r.ok, r.ok ? undefined : r.reason);
    assert.equal(r.timestamp, REAL_TIME + 5n);
    assert.deepEqual(countCosignatures(REAL_NOTE + r.cosignature, [{ verifierKey: REAL_WITNESS_KEY }, { verifierKey: w.verifierKey }]).map((c) => c.name), [
      'remora.n621.de',
      'w.example/ours',
    ]);
  });
});
