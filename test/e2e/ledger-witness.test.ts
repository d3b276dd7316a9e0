import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { loadOrCreateIdentity } from '../../src/identity/index.js';
import { checkConsistencyBundle, checkInclusionBundle } from '../../src/ledger/bundles.js';
import { formatCheckpoint, parseCheckpoint } from '../../src/ledger/checkpoint.js';
import { cosignatureVerifierKey } from '../../src/ledger/cosignature.js';
import { noteSigner, parseNote, signNote, verifierKey } from '../../src/ledger/note.js';
import { meetsQuorum } from '../../src/ledger/quorum.js';
import { formatAddCheckpointBody } from '../../src/ledger/witness.js';
import { BASE_MODEL_TEXT } from '../helpers/models.js';
import { freePort, runCli, startCli, stopCli, type Served } from '../helpers/cli.js';

const A_ORIGIN = 'twinward/utility';
const B_ORIGIN = 'twinward/hospital';

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json()) as T;
  return body;
}

/**
 * Two domains' nodes, each its own process and data directory: A keeps a
 * ledger that B witnesses; B cosigns A's checkpoints only after checking
 * them against the history it already cosigned.
 */
describe('two nodes: one log, one witness', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twinward-witness-'));
  const dirA = join(dir, 'a');
  const dirB = join(dir, 'b');
  let a: Served;
  let b: Served;
  const idA = loadOrCreateIdentity(dirA);
  const idB = loadOrCreateIdentity(dirB);
  const logKeyA = verifierKey(A_ORIGIN, createPublicKey(idA.signingKey()));
  const witnessKeyB = cosignatureVerifierKey(`${B_ORIGIN}/witness`, idB.signingKey());

  before(async () => {
    const modelB = BASE_MODEL_TEXT.replace(
      'node: { domain: utility }',
      `node:\n  domain: utility\n  ledger:\n    origin: ${B_ORIGIN}\n    witnessFor:\n      - { origin: ${A_ORIGIN}, key: "${logKeyA}" }`,
    );
    writeFileSync(join(dir, 'b.yaml'), modelB);
    b = await startCli(['serve', '-m', join(dir, 'b.yaml'), '--data', dirB, '--port', '0']);
    // A second witness that is down: the log still reaches its quorum of 1 and says what went wrong.
    const down = cosignatureVerifierKey('offline/witness', generateKeyPairSync('ed25519').privateKey);
    const modelA = BASE_MODEL_TEXT.replace(
      'node: { domain: utility }',
      `node:\n  domain: utility\n  ledger:\n    quorum: 1\n    witnesses:\n      - { name: ${B_ORIGIN}/witness, key: "${witnessKeyB}", url: "${b.url}/api/witness" }\n` +
        `      - { name: offline/witness, key: "${down}", url: "http://127.0.0.1:${await freePort()}/api/witness" }`,
    );
    writeFileSync(join(dir, 'a.yaml'), modelA);
    a = await startCli(['serve', '-m', join(dir, 'a.yaml'), '--data', dirA, '--port', '0']);
  });
  after(async () => {
    if (a) await stopCli(a);
    if (b) await stopCli(b);
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const readings = (n: number, base = 0) => post(`${a.url}/api/readings`, { readings: Array.from({ length: n }, (_, i) => ({ tag: 'raw-level', value: 2 + ((base + i) % 10) / 10 })) });

  it('cosigns each checkpoint that extends what it cosigned, so the log reaches its quorum', async () => {
    assert.equal((await readings(30)).status, 200);
    const first = await post(`${a.url}/api/ledger/checkpoints`, {});
    assert.equal(first.status, 201);
    const cp1 = await json<{ size: number; note: string; cosignatures: { witness: string }[]; quorum: { met: boolean } }>(first);
    assert.deepEqual(cp1.cosignatures.map((c) => c.witness), [`${B_ORIGIN}/witness`]);
    assert.equal(cp1.quorum.met, true);
    assert.equal(meetsQuorum(cp1.note, [{ verifierKey: witnessKeyB }], 1), true, 'the cosignature verifies with the witness key alone');

    assert.equal((await readings(300, 30)).status, 200);
    const cp2 = await json<{ size: number; note: string; quorum: { met: boolean } }>(await post(`${a.url}/api/ledger/checkpoints`, {}));
    assert.ok(cp2.size > cp1.size);
    assert.equal(cp2.quorum.met, true, 'cosigned again after checking consistency from the first');
    const st = await json<{ witnesses: { name: string; cosignedSize: number | null; lastError: string | null }[] }>(await fetch(`${a.url}/api/ledger`));
    assert.equal(st.witnesses.find((w) => w.name === `${B_ORIGIN}/witness`)?.cosignedSize, cp2.size);
    assert.match(st.witnesses.find((w) => w.name === 'offline/witness')?.lastError ?? '', /fetch failed|ECONNREFUSED/);
    const witnessing = await json<{ witnessing: { logs: { origin: string; size: number; time: string }[] } }>(await fetch(`${b.url}/api/ledger`));
    assert.deepEqual(witnessing.witnessing.logs, [{ origin: A_ORIGIN, size: cp2.size, time: witnessing.witnessing.logs[0]!.time }]);

    // An auditor holding only the log key checks an entry and the log's growth.
    const proof = await (await fetch(`${a.url}/api/ledger/entries/5/proof`)).json();
    assert.equal(checkInclusionBundle(proof, logKeyA).treeSize, cp2.size);
    checkConsistencyBundle(await (await fetch(`${a.url}/api/ledger/consistency?from=${cp1.size}&to=${cp2.size}`)).json(), logKeyA);
  });

  it('refuses a split view, even signed with the log key, and says why', async () => {
    // A stolen log key signs a second history of the size the witness has cosigned.
    const status = await json<{ witnessing: { logs: { size: number }[] } }>(await fetch(`${b.url}/api/ledger`));
    const size = status.witnessing.logs[0]!.size;
    const signer = noteSigner(A_ORIGIN, idA.signingKey());
    const fork = signNote(formatCheckpoint({ origin: A_ORIGIN, size: BigInt(size), root: Buffer.alloc(32, 9), extensions: [] }), [signer]);
    const same = await fetch(`${b.url}/api/witness/add-checkpoint`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: formatAddCheckpointBody({ oldSize: BigInt(size), proof: [], checkpoint: fork }) });
    assert.equal(same.status, 409);
    assert.match(await same.text(), /split view/);
    // A longer fork: no consistency proof can join it to what was cosigned.
    const longer = signNote(formatCheckpoint({ origin: A_ORIGIN, size: BigInt(size + 10), root: Buffer.alloc(32, 7), extensions: [] }), [signer]);
    const res = await fetch(`${b.url}/api/witness/add-checkpoint`, {
      method: 'POST', headers: { 'content-type': 'text/plain' }, body: formatAddCheckpointBody({ oldSize: BigInt(size), proof: [Buffer.alloc(32, 1), Buffer.alloc(32, 2)], checkpoint: longer }),
    });
    assert.equal(res.status, 422);
    assert.match(await res.text(), /fork|consistency/);
    const after = await json<{ witnessing: { logs: { size: number }[]; refusals: { code: string }[] } }>(await fetch(`${b.url}/api/ledger`));
    assert.equal(after.witnessing.logs[0]!.size, size, 'the witness did not move');
    assert.deepEqual(after.witnessing.refusals.map((r) => r.code).sort(), ['inconsistent', 'split-view']);
    // A log the witness does not serve, and a malformed request.
    const unknown = signNote(formatCheckpoint({ origin: 'someone/else', size: 1n, root: Buffer.alloc(32), extensions: [] }), [noteSigner('someone/else', idA.signingKey())]);
    assert.equal((await fetch(`${b.url}/api/witness/add-checkpoint`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: formatAddCheckpointBody({ oldSize: 0n, proof: [], checkpoint: unknown }) })).status, 404);
    const bad = await fetch(`${b.url}/api/witness/add-checkpoint`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'old x\n\nnonsense' });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /line 1/);
  });

  it('answers bad ledger requests with what is wrong, and verifies from the CLI', async () => {
    const r1 = await fetch(`${a.url}/api/ledger/entries/abc`);
    assert.equal(r1.status, 400);
    const r2 = await fetch(`${a.url}/api/ledger/entries/99999999/proof`);
    assert.equal(r2.status, 404);
    assert.match(((await r2.json()) as { message: string }).message, /no entry 99999999/);
    const r3 = await post(`${a.url}/api/ledger/erasures`, { seqs: [1], reason: 'test' });
    assert.equal(r3.status, 400);
    assert.match(((await r3.json()) as { message: string }).message, /not a private record/);
    const r4 = await post(`${a.url}/api/ledger/erasures`, { seqs: [] });
    assert.equal(r4.status, 400);

    const status = runCli(['ledger', 'status', '--api', a.url]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, new RegExp(`cosigned by ${B_ORIGIN}/witness`));
    const verified = runCli(['ledger', 'verify', '--data-dir', dirA]);
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stdout, /ledger OK: \d+ entries/);
    const proofFile = join(dir, 'proof.json');
    const proved = runCli(['ledger', 'prove', 'seq:3', '--api', a.url, '-o', proofFile]);
    assert.equal(proved.code, 0, proved.stderr);
    const checked = runCli(['ledger', 'check', proofFile, '--key', logKeyA]);
    assert.equal(checked.code, 0, checked.stderr);
    assert.match(checked.stdout, /inclusion proof OK: entry 2/);
    const wrongKey = runCli(['ledger', 'check', proofFile, '--key', verifierKey(A_ORIGIN, createPublicKey(idB.signingKey()))]);
    assert.equal(wrongKey.code, 1);
    assert.match(wrongKey.stderr, /proof REJECTED/);
    const bundle = JSON.parse(readFileSync(proofFile, 'utf8'));
    assert.equal(parseCheckpoint(parseNote(bundle.checkpoint).text).origin, A_ORIGIN);
  });
});
