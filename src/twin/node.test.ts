import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { baseModel } from '../../test/helpers/models.js';
import { storeFixtures } from '../../test/helpers/stores.js';
import { openEmbeddedStore, StoreError, type EventStore } from '../store/index.js';
import { TwinNode, type StoredEvent } from './index.js';

for (const make of storeFixtures()) {
  const fx = make();
  describe(`twin node on the ${fx.name} store`, () => {
    after(() => fx.cleanup());

    it('persists every change and rebuilds the same state after a restart', async () => {
      const model = await baseModel();
      const node = await TwinNode.open({ model, store: await fx.open(), version: 't', snapshotEvery: 500 });
      const seen: StoredEvent[] = [];
      node.subscribe((events) => seen.push(...events));
      const writes = [];
      for (let i = 0; i < 1200; i++) writes.push(node.ingest([{ tag: i % 3 ? 'raw-level' : 'pump-run', value: i % 3 ? (i % 50) / 10 : i % 2, source: 'test' }]));
      await Promise.all(writes);
      const before = node.twin.snapshot();
      assert.equal(node.committed, node.seq);
      assert.deepEqual(seen.map((e) => e.seq), Array.from({ length: node.seq - 2 }, (_, i) => i + 3), 'listeners see committed events in order');
      await node.close();

      const again = await TwinNode.open({ model, store: await fx.open(), version: 't' });
      const after = again.twin.snapshot();
      assert.deepEqual({ ...after, seq: 0 }, { ...before, seq: 0 });
      assert.equal(after.seq, before.seq + 1, 'the restart itself is recorded (node.started)');
      const log = await again.store.read({ after: 0, limit: 10_000 });
      assert.equal(log.length, again.seq);
      assert.deepEqual(log.filter((e) => e.type === 'model.loaded').length, 1, 'an unchanged model is not recorded twice');
      await again.close();
    });

    it('replays from the log alone when there is no snapshot', async () => {
      const model = await baseModel();
      const node = await TwinNode.open({ model, store: await fx.open(), version: 't', snapshotEvery: 1_000_000 });
      await node.ingest([{ tag: 'raw-level', value: 3.3, source: 'test' }]);
      // Leave without the closing snapshot, as a killed process would.
      await node.flush();
      await node.store.close();
      const again = await TwinNode.open({ model, store: await fx.open(), version: 't' });
      assert.equal(again.twin.state.tags['raw-level']?.value, 3.3);
      await again.close();
    });
  });
}

describe('twin node when the store fails', () => {
  it('rejects the write and stops accepting input', async () => {
    let fail = false;
    const dir = mkdtempSync(join(tmpdir(), 'twinward-fail-'));
    const real = await openEmbeddedStore(dir);
    // The real store, but its disk fills up on request.
    const store = new Proxy(real, {
      get(target, key) {
        if (key === 'append') {
          return async (...args: Parameters<EventStore['append']>) => {
            if (fail) throw new StoreError('unavailable', 'disk full');
            return target.append(...args);
          };
        }
        const v = Reflect.get(target, key, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }) as EventStore;
    after(async () => {
      await real.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    });
    const node = await TwinNode.open({ model: await baseModel(), store, version: 't' });
    fail = true;
    await assert.rejects(node.ingest([{ tag: 'raw-level', value: 1, source: 't' }]), /disk full/);
    await assert.rejects(node.ingest([{ tag: 'raw-level', value: 2, source: 't' }]), /disk full/);
    assert.equal(node.committed, 2);
  });
});
