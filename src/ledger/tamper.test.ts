import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PHI_MODEL_TEXT, baseModel } from '../../test/helpers/models.js';
import { storeFixtures, type StoreFixture } from '../../test/helpers/stores.js';
import { TwinNode } from '../twin/index.js';
import { Ledger, type VerifyReport } from './ledger.js';
import { noteSigner, verifierKey } from './note.js';
import { ledgerRecord, recordLeaf } from './records.js';
import { TILE } from './tiled-tree.js';

const PHI_MODEL = PHI_MODEL_TEXT;
const ORIGIN = 'twinward/utility';
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const signer = noteSigner(ORIGIN, privateKey);
const vkey = verifierKey(ORIGIN, publicKey);

async function verify(fx: StoreFixture): Promise<VerifyReport> {
  const store = await fx.open();
  try {
    return await new Ledger({ storage: store, origin: ORIGIN, verifierKey: vkey }).verify();
  } finally {
    await store.close();
  }
}

/** Runs `tamper`, checks the verdict, then puts the rows back as they were. */
async function tampered(fx: StoreFixture, tamper: () => Promise<() => Promise<void>>, judge: (r: VerifyReport) => void): Promise<void> {
  const undo = await tamper();
  try {
    judge(await verify(fx));
  } finally {
    await undo();
  }
  assert.equal((await verify(fx)).ok, true, 'restored');
}

const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

for (const make of storeFixtures()) {
  const fx = make();
  describe(`tampering with the ledger on the ${fx.name} store`, () => {
    let sizes: number[] = [];
    let privateSeq = 0;
    before(async () => {
      const node = await TwinNode.open({ model: await baseModel(PHI_MODEL), store: await fx.open(), version: 't' });
      const ledger = new Ledger({ storage: node.store, origin: ORIGIN, verifierKey: vkey, signer });
      for (let i = 0; i < 2 * TILE + 30; i++) {
        const [e] = await node.ingest([{ tag: i % 2 ? 'raw-level' : 'pump-run', value: i % 2 ? 2 + (i % 5) / 10 : i % 4 ? 1 : 0, source: 't' }]);
        if (i % 2 && !privateSeq && e) privateSeq = e.seq;
        if (i === TILE) sizes.push((await ledger.checkpoint()).size);
      }
      sizes.push((await ledger.checkpoint()).size);
      await node.close();
      assert.equal((await verify(fx)).ok, true);
    });
    after(() => fx.cleanup());

    /** A public reading's seq (its data is in the events table), the n-th one. */
    const publicReading = async (n: number) =>
      Number((await fx.sql("SELECT seq FROM events WHERE type = 'tag.reading' AND commitment IS NULL ORDER BY seq LIMIT 1 OFFSET $1", [n]))[0]!.seq);

    it('names the entry whose content was edited in the database', async () => {
      const seq = await publicReading(20);
      const [row] = await fx.sql('SELECT data FROM events WHERE seq = $1', [seq]);
      await tampered(fx, async () => {
        const data = json(row!.data) as { value: number };
        await fx.sql('UPDATE events SET data = $1 WHERE seq = $2', [JSON.stringify({ ...data, value: 99 }), seq]);
        return async () => void (await fx.sql('UPDATE events SET data = $1 WHERE seq = $2', [JSON.stringify(json(row!.data)), seq]));
      }, (r) => {
        assert.equal(r.ok, false);
        assert.equal(r.firstBad?.index, seq - 1);
        assert.match(r.firstBad!.message, new RegExp(`entry ${seq - 1} \\(seq ${seq}, tag\\.reading\\).*altered`));
      });
    });

    it('pins a rewrite of both an entry and its leaf to its tile and to the checkpoint that covered it', async () => {
      const seq = await publicReading(2);
      const [row] = await fx.sql('SELECT seq, time, type, subject, data, leaf FROM events WHERE seq = $1', [seq]);
      await tampered(fx, async () => {
        const forged = { ...(json(row!.data) as object), value: 1 - (json(row!.data) as { value: number }).value };
        const leaf = recordLeaf(ledgerRecord({ seq, time: new Date(row!.time as string | Date).toISOString(), type: String(row!.type), subject: row!.subject as string }, forged));
        await fx.sql('UPDATE events SET data = $1, leaf = $2 WHERE seq = $3', [JSON.stringify(forged), Buffer.from(leaf), seq]);
        return async () => void (await fx.sql('UPDATE events SET data = $1, leaf = $2 WHERE seq = $3', [JSON.stringify(json(row!.data)), row!.leaf, seq]));
      }, (r) => {
        assert.equal(r.ok, false);
        assert.deepEqual(r.firstBad?.range, [0, TILE - 1]);
        assert.ok(r.problems.some((p) => p.checkpoint === sizes[0] && /no longer matches checkpoint/.test(p.message)), JSON.stringify(r.problems));
        assert.ok(r.problems.some((p) => p.checkpoint === sizes[1]), 'the later checkpoint fails too');
      });
    });

    it('detects an altered checkpoint and a forged signature', async () => {
      const [row] = await fx.sql('SELECT note FROM checkpoints WHERE size = $1', [sizes[1]]);
      const note = String(row!.note);
      const restore = async () => void (await fx.sql('UPDATE checkpoints SET note = $1 WHERE size = $2', [note, sizes[1]]));
      await tampered(fx, async () => {
        await fx.sql('UPDATE checkpoints SET note = $1 WHERE size = $2', [note.replace(`\n${sizes[1]}\n`, `\n${sizes[1]! - 1}\n`), sizes[1]]);
        return restore;
      }, (r) => {
        assert.equal(r.ok, false);
        assert.match(r.problems[0]!.message, /checkpoint \d+: the signature of twinward\/utility does not verify/);
      });
      await tampered(fx, async () => {
        const sigAt = note.lastIndexOf(' ') + 10;
        const flipped = note.slice(0, sigAt) + (note[sigAt] === 'A' ? 'B' : 'A') + note.slice(sigAt + 1);
        await fx.sql('UPDATE checkpoints SET note = $1 WHERE size = $2', [flipped, sizes[1]]);
        return restore;
      }, (r) => {
        assert.equal(r.ok, false);
        assert.match(r.problems.map((p) => p.message).join('\n'), /does not verify/);
      });
    });

    it('detects deleted entries at the end of the log', async () => {
      const last = sizes[1]!;
      const rows = await fx.sql('SELECT seq, time, type, subject, data, leaf, commitment FROM events WHERE seq > $1 ORDER BY seq', [last - 3]);
      const privates = await fx.sql('SELECT seq, salt, data FROM private_records WHERE seq > $1', [last - 3]);
      await tampered(fx, async () => {
        await fx.sql('DELETE FROM private_records WHERE seq > $1', [last - 3]);
        await fx.sql('DELETE FROM events WHERE seq > $1', [last - 3]);
        return async () => {
          for (const e of rows) {
            await fx.sql('INSERT INTO events (seq, time, type, subject, data, leaf, commitment) VALUES ($1, $2, $3, $4, $5, $6, $7)',
              [e.seq, e.time instanceof Date ? e.time.toISOString() : e.time, e.type, e.subject, JSON.stringify(json(e.data)), e.leaf, e.commitment]);
          }
          for (const p of privates) await fx.sql('INSERT INTO private_records (seq, salt, data) VALUES ($1, $2, $3)', [p.seq, p.salt, JSON.stringify(json(p.data))]);
        };
      }, (r) => {
        assert.equal(r.ok, false);
        assert.match(r.problems.map((p) => p.message).join('\n'), new RegExp(`checkpoint ${last} commits to ${last} entries but the log holds ${last - 3}: entries were deleted`));
      });
    });

    it('detects private data altered, or deleted without a logged erasure', async () => {
      const [row] = await fx.sql('SELECT data FROM private_records WHERE seq = $1', [privateSeq]);
      assert.ok(row, 'raw-level readings are private records');
      const original = JSON.stringify(json(row.data));
      await tampered(fx, async () => {
        await fx.sql('UPDATE private_records SET data = $1 WHERE seq = $2', [JSON.stringify({ ...(json(row.data) as object), value: 5.5 }), privateSeq]);
        return async () => void (await fx.sql('UPDATE private_records SET data = $1 WHERE seq = $2', [original, privateSeq]));
      }, (r) => {
        assert.equal(r.firstBad?.index, privateSeq - 1);
        assert.match(r.firstBad!.message, /private data no longer matches its commitment/);
      });
      const [full] = await fx.sql('SELECT seq, salt, data FROM private_records WHERE seq = $1', [privateSeq]);
      await tampered(fx, async () => {
        await fx.sql('DELETE FROM private_records WHERE seq = $1', [privateSeq]);
        return async () => void (await fx.sql('INSERT INTO private_records (seq, salt, data) VALUES ($1, $2, $3)', [full!.seq, full!.salt, original]));
      }, (r) => {
        assert.equal(r.firstBad?.index, privateSeq - 1);
        assert.match(r.firstBad!.message, /no record\.erased entry logs the erasure/);
      });
    });
  });
}
