import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { PHI_MODEL_TEXT, baseModel } from '../../test/helpers/models.js';
import { storeFixtures } from '../../test/helpers/stores.js';
import { TwinNode } from '../twin/index.js';
import { checkConsistencyBundle, checkInclusionBundle } from './bundles.js';
import { Ledger } from './ledger.js';
import { noteSigner, verifierKey } from './note.js';
import { TILE } from './tiled-tree.js';

const PHI_MODEL = PHI_MODEL_TEXT;
const ORIGIN = 'twinward/utility';

function keys() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { signer: noteSigner(ORIGIN, privateKey), verifierKey: verifierKey(ORIGIN, publicKey) };
}

for (const make of storeFixtures()) {
  const fx = make();
  describe(`ledger on the ${fx.name} store`, () => {
    after(() => fx.cleanup());
    const k = keys();

    it('appends every committed event, proves entries and consistency, and re-verifies the log', async (t) => {
      const model = await baseModel(PHI_MODEL);
      const node = await TwinNode.open({ model, store: await fx.open(), version: 't', maxBatch: 97 });
      t.after(() => node.close());
      const ledger = new Ledger({ storage: node.store, origin: ORIGIN, verifierKey: k.verifierKey, signer: k.signer });
      const writes = [];
      for (let i = 0; i < 2 * TILE + 40; i++) writes.push(node.ingest([{ tag: i % 2 ? 'raw-level' : 'pump-run', value: i % 2 ? 2 + (i % 7) / 10 : i % 4 ? 1 : 0, source: 't' }]));
      await Promise.all(writes);
      assert.equal(ledger.size, node.committed, 'one entry per committed event');
      const first = await ledger.checkpoint();
      assert.equal(first.size, node.committed);
      assert.match(first.note, new RegExp(`^${ORIGIN}\\n${first.size}\\n`));

      // Every entry proves against the checkpoint, checked only with the public key.
      for (const index of [0, 1, TILE - 1, TILE, first.size - 1]) {
        const bundle = JSON.parse(JSON.stringify(await ledger.prove(index)));
        const checked = checkInclusionBundle(bundle, k.verifierKey);
        assert.equal(checked.treeSize, first.size);
        assert.equal(checked.root, first.root);
      }
      // Readings of the PHI asset's tag are private: the leaf holds a commitment, the opening matches it.
      const log = await node.store.read({ after: 0, limit: 10, types: ['tag.reading'] });
      const raw = log.find((e) => e.subject === 'raw-level')!;
      const bundle = await ledger.prove(raw.seq - 1);
      assert.equal(bundle.entry.data, undefined);
      assert.match(bundle.entry.private!, /^[A-Za-z0-9+/]{43}=$/);
      assert.equal(checkInclusionBundle(bundle, k.verifierKey).opening, 'matches');
      const shared = await ledger.prove(raw.seq - 1, undefined, { opening: false });
      assert.equal(shared.opening, undefined, 'a bundle to share carries no PHI');
      assert.equal(checkInclusionBundle(shared, k.verifierKey).opening, 'absent');
      assert.equal(raw.type === 'tag.reading' && typeof raw.data.value, 'number', 'the node still reads its private data');

      const more = await node.ingest([{ tag: 'raw-level', value: 3, source: 't' }]);
      const second = await ledger.checkpoint();
      assert.equal(second.size, first.size + more.length);
      checkConsistencyBundle(await ledger.consistency(first.size, second.size), k.verifierKey);
      const report = await ledger.verify();
      assert.equal(report.ok, true, JSON.stringify(report.problems));
      assert.equal(report.entries, second.size);
      assert.equal(report.checkpoints, 2);
      await node.close();
    });

    it('rebuilds the same tree after a restart, and names a bad request', async (t) => {
      const model = await baseModel(PHI_MODEL);
      const node = await TwinNode.open({ model, store: await fx.open(), version: 't' });
      t.after(() => node.close());
      const ledger = new Ledger({ storage: node.store, origin: ORIGIN, verifierKey: k.verifierKey, signer: k.signer });
      const before = await ledger.latestCheckpoint();
      assert.ok(before);
      const cp = await ledger.checkpoint();
      assert.ok(cp.size > before.size, 'node.started is a new entry');
      checkConsistencyBundle(await ledger.consistency(before.size), k.verifierKey);
      await assert.rejects(ledger.prove(cp.size + 5), /no entry/);
      await assert.rejects(ledger.prove(0, 3), /no checkpoint of size 3/);
      await assert.rejects(ledger.consistency(10, 5), /larger than size2/);
      assert.equal((await ledger.verify()).ok, true);
      await node.close();
    });

    it('signs on its schedule only while the log grows', async (t) => {
      const model = await baseModel(PHI_MODEL);
      const node = await TwinNode.open({ model, store: await fx.open(), version: 't' });
      t.after(() => node.close());
      const ledger = new Ledger({ storage: node.store, origin: ORIGIN, verifierKey: k.verifierKey, signer: k.signer });
      const before = (await ledger.latestCheckpoint())!.size;
      const stop = ledger.schedule(20);
      t.after(stop);
      const until = async (ok: () => Promise<boolean>) => {
        for (let i = 0; i < 200 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 10));
      };
      await until(async () => ((await ledger.latestCheckpoint())?.size ?? 0) === node.committed);
      assert.equal((await ledger.latestCheckpoint())!.size, node.committed, 'node.started was signed');
      assert.ok(node.committed > before);
      const count = (await ledger.checkpoints({ limit: 1000 })).length;
      await new Promise((r) => setTimeout(r, 100));
      assert.equal((await ledger.checkpoints({ limit: 1000 })).length, count, 'nothing new, nothing signed');
      await node.ingest([{ tag: 'pump-run', value: 1, source: 't' }]);
      await until(async () => (await ledger.latestCheckpoint())!.size === node.committed);
      assert.equal((await ledger.latestCheckpoint())!.size, node.committed);
    });

    it('erases a private record: data and salt gone, the erasure logged, every proof still valid', async (t) => {
      const model = await baseModel(PHI_MODEL);
      const node = await TwinNode.open({ model, store: await fx.open(), version: 't' });
      t.after(() => node.close());
      const ledger = new Ledger({ storage: node.store, origin: ORIGIN, verifierKey: k.verifierKey, signer: k.signer });
      const [reading] = await node.ingest([{ tag: 'raw-level', value: 4.2, source: 'bedside' }]);
      const cp = await ledger.checkpoint();
      const beforeErasure = await ledger.prove(reading!.seq - 1);
      await assert.rejects(node.erase([1], 'no reason to erase the model'), /not a private record/);
      await assert.rejects(node.erase([reading!.seq], '  '), /say why/);
      const erasure = await node.erase([reading!.seq], 'patient request #17', 'dpo@hospital');
      assert.equal(erasure.type, 'record.erased');
      await assert.rejects(node.erase([reading!.seq], 'again'), /already erased/);

      const [stored] = await node.store.read({ after: reading!.seq - 1, limit: 1 });
      assert.equal(stored!.erased, true);
      assert.deepEqual(stored!.data, {});
      const entry = await ledger.entry(reading!.seq - 1);
      assert.equal(entry.private, 'erased');
      assert.equal(entry.opening, undefined);
      const after = await ledger.prove(reading!.seq - 1, cp.size);
      assert.equal(after.leafHash, beforeErasure.leafHash, 'the leaf is unchanged');
      assert.equal(after.opening, undefined, 'nothing opens the commitment any more');
      checkInclusionBundle(after, k.verifierKey);
      const report = await ledger.verify();
      assert.equal(report.ok, true, JSON.stringify(report.problems));
      assert.equal(report.erased, 1);
      await node.close();

      // The replayed state does not bring the erased value back.
      const again = await TwinNode.open({ model, store: await fx.open(), version: 't' });
      assert.notEqual(again.twin.state.tags['raw-level']?.value, 4.2);
      await again.close();
    });
  });
}
