import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeFixtures, type StoreFixture } from '../../test/helpers/stores.js';
import { makeEvent, type StoredEvent, type TwinState } from '../twin/index.js';
import { StoreError, type EventStore } from './index.js';

const reading = (seq: number, tag: string, value: number, time = new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString()): StoredEvent => ({
  ...makeEvent('tag.reading', time, tag, { value, time, quality: 'good', source: 'test' }),
  seq,
});

for (const make of storeFixtures()) {
  const fx: StoreFixture = make();
  describe(`${fx.name} store`, () => {
    let store: EventStore;
    before(async () => {
      store = await fx.open();
    });
    after(async () => {
      await store.close().catch(() => undefined);
      await fx.cleanup();
    });

    it('starts empty', async () => {
      assert.equal(await store.lastSeq(), 0);
      assert.deepEqual(await store.read({ limit: 10 }), []);
      assert.equal(await store.latestSnapshot(), undefined);
    });

    it('appends and reads back events exactly', async () => {
      const events = Array.from({ length: 2500 }, (_, i) => reading(i + 1, i % 2 ? 'a' : 'b', i / 10));
      await store.append(events);
      assert.equal(await store.lastSeq(), 2500);
      const back = await store.read({ after: 0, limit: 5000, order: 'asc' });
      assert.deepEqual(back, events);
    });

    it('filters by type, subject, time and seq, both directions', async () => {
      await store.append([{ ...makeEvent('asset.status', '2026-01-02T00:00:00.000Z', 'plc', { status: 'online', previous: 'unknown', reason: 'test' }), seq: 2501 }]);
      const status = await store.read({ limit: 10, types: ['asset.status'] });
      assert.deepEqual(status.map((e) => e.seq), [2501]);
      const a = await store.read({ limit: 3, subject: 'a', order: 'desc' });
      assert.deepEqual(a.map((e) => e.seq), [2500, 2498, 2496]);
      const page = await store.read({ limit: 2, before: 10, order: 'desc' });
      assert.deepEqual(page.map((e) => e.seq), [9, 8]);
      const win = await store.read({ limit: 100, since: '2026-01-01T00:00:10.000Z', until: '2026-01-01T00:00:13.000Z', order: 'asc' });
      assert.deepEqual(win.map((e) => e.seq), [10, 11, 12]);
    });

    it('refuses an append that does not continue the log', async () => {
      await assert.rejects(store.append([reading(5, 'a', 1)]), (e: unknown) => e instanceof StoreError && e.code === 'conflict');
      await assert.rejects(store.append([reading(2502, 'a', 1), reading(2504, 'a', 1)]), (e: unknown) => e instanceof StoreError && e.code === 'conflict');
      assert.equal(await store.lastSeq(), 2501);
    });

    it('stores snapshots with their events, atomically', async () => {
      const state = { seq: 2502, modelHash: 'h', assets: {}, tags: { a: { value: 1, time: 't', quality: 'good', source: 's' } }, counters: { readings: 1, rejected: 0 } } as unknown as TwinState;
      await store.append([reading(2502, 'a', 1)], { seq: 2502, takenAt: new Date().toISOString(), state });
      const snap = await store.latestSnapshot();
      assert.equal(snap?.seq, 2502);
      assert.deepEqual(snap?.state, state);
    });

    it('keeps one writer per store', async () => {
      await assert.rejects(fx.open(), (e: unknown) => e instanceof StoreError && e.code === 'locked');
    });

    it('reopens with everything in place', async () => {
      await store.close();
      store = await fx.open();
      assert.equal(await store.lastSeq(), 2502);
      const [last] = await store.read({ limit: 1, order: 'desc' });
      assert.equal(last?.seq, 2502);
      assert.equal((await store.latestSnapshot())?.seq, 2502);
    });
  });
}

describe('store URLs', () => {
  it('rejects unknown schemes and bad schema names, without echoing passwords', async () => {
    const { openStore, parsePostgresUrl } = await import('./index.js');
    await assert.rejects(openStore('mysql://u:secret@h/db', '/tmp/x'), (e: unknown) => e instanceof StoreError && e.code === 'bad-url' && !e.message.includes('secret'));
    assert.throws(() => parsePostgresUrl('postgres://h/db?schema=Bad;drop'), /not a plain lowercase SQL identifier/);
    assert.equal(parsePostgresUrl('postgres://u:secret@h:5432/db?schema=s1').location.includes('secret'), false);
  });

  it('says when PostgreSQL cannot be reached', async () => {
    const { openStore } = await import('./index.js');
    await assert.rejects(openStore('postgres://postgres@127.0.0.1:1/test', '/tmp/x'), (e: unknown) => e instanceof StoreError && e.code === 'unavailable');
  });
});
