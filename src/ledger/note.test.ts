import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { formatCheckpoint, parseCheckpoint } from './checkpoint.js';
import { leafHash } from './merkle.js';
import { NoteError, noteSigner, parseVerifierKey, signNote, verifierKey, verifyNote } from './note.js';

// The signed-note test vector of golang.org/x/mod/sumdb/note (a public Ed25519 key and its signature).
const GO_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe('C2SP signed notes and checkpoints', () => {
  it('verifies the Go sumdb note vector, and refuses it once a byte of the text changes', () => {
    const v = parseVerifierKey(GO_KEY);
    assert.deepEqual(verifyNote(GO_NOTE, [v]).signedBy, ['PeterNeumann']);
    assert.throws(() => verifyNote(GO_NOTE.replace('answer', 'Answer'), [v]), /does not verify/);
  });

  it('round-trips our own keys: verifier key form, signature, tampering detected', () => {
    // Keys whose base64 holds "+" too (about 1 in 2): the parser must not split inside the key.
    for (let i = 0; i < 40; i++) {
      const k = generateKeyPairSync('ed25519').publicKey;
      assert.equal(verifierKey(`n${i}`, k), verifierKey(`n${i}`, parseVerifierKey(verifierKey(`n${i}`, k)).publicKey));
    }
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const key = verifierKey('twinward.example/water', publicKey);
    assert.match(key, /^twinward\.example\/water\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
    const v = parseVerifierKey(key);
    const text = formatCheckpoint({ origin: 'twinward.example/water', size: 42n, root: leafHash(Buffer.from('x')), extensions: [] });
    const note = signNote(text, [noteSigner('twinward.example/water', privateKey)]);
    const r = verifyNote(note, [v]);
    assert.deepEqual(r.signedBy, ['twinward.example/water']);
    const c = parseCheckpoint(r.text);
    assert.equal(c.size, 42n);
    assert.throws(() => verifyNote(note.replace('\n42\n', '\n43\n'), [v]), NoteError, 'a changed tree size');
    const sigLine = note.split('\n').at(-2)!;
    const flipped = sigLine.slice(0, -6) + (sigLine.at(-6) === 'A' ? 'B' : 'A') + sigLine.slice(-5);
    assert.throws(() => verifyNote(note.replace(sigLine, flipped), [v]), NoteError, 'a changed signature');
    // An unknown signer is ignored, not trusted.
    const other = generateKeyPairSync('ed25519');
    const cosigned = signNote(text, [noteSigner('witness.example', other.privateKey)], verifyNote(note, [v]).signatures);
    assert.deepEqual(verifyNote(cosigned, [v]).signedBy, ['twinward.example/water']);
  });

  it('refuses malformed keys, notes and checkpoints with a reason', () => {
    assert.throws(() => parseVerifierKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'), /does not match/);
    assert.throws(() => parseVerifierKey('a+b'), /three/);
    assert.throws(() => verifyNote('no signatures\n', []), /no blank line/);
    assert.throws(() => verifyNote('text\n\nnot a signature\n', []), /signature line 1/);
    assert.throws(() => parseCheckpoint('origin\n042\nAAAA\n'), /line 2/);
    assert.throws(() => parseCheckpoint(`origin\n1\n${Buffer.alloc(31).toString('base64')}\n`), /line 3/);
    assert.throws(() => parseCheckpoint('origin\n1\n'), /three lines/);
  });
});
