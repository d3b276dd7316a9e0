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

describe('a store written before the ledger existed (schema version 1)', () => {
  for (const make of storeFixtures()) {
    const fx = make();
    after(() => fx.cleanup());
    it(`gets every old event's leaf and tile at its first open, and its ledger verifies (${fx.name})`, async () => {
      const { migrations, createMigrationsTable } = await import('./sql.js');
      const dialect = fx.name === 'embedded' ? 'sqlite' : 'postgres';
      if (fx.name === 'postgres') {
        // The fixture's schema, created as an old node would have.
        const schema = /schema=(\w+)/.exec(fx.url!)![1]!;
        const pg = (await import('pg')).default;
        const c = new pg.Client({ connectionString: fx.url!.replace(/\?schema=\w+/, '') });
        await c.connect();
        await c.query(`CREATE SCHEMA "${schema}"`);
        await c.end();
      } else {
        const { default: Database } = await import('better-sqlite3');
        new Database(`${fx.dataDir}/events.db`).close();
      }
      const v1 = migrations(dialect)[0]!;
      for (const stmt of [createMigrationsTable(dialect), ...v1.sql.split(';').filter((s) => s.trim())]) await fx.sql(stmt);
      await fx.sql('INSERT INTO twinward_migrations (version, name) VALUES ($1, $2)', [1, v1.name]);
      const n = 300;
      const old = Array.from({ length: n }, (_, i) => reading(i + 1, 'raw-level', (i + 1) / 100));
      await fx.sql(
        `INSERT INTO events (seq, time, type, subject, data) VALUES ${old.map((_, i) => `($${5 * i + 1}, $${5 * i + 2}, $${5 * i + 3}, $${5 * i + 4}, $${5 * i + 5})`).join(', ')}`,
        old.flatMap((e) => [e.seq, e.time, e.type, e.subject, JSON.stringify(e.data)]),
      );
      const store = await fx.open();
      try {
        assert.equal(store.tree.size, n);
        const { Ledger } = await import('../ledger/ledger.js');
        const { generateKeyPairSync } = await import('node:crypto');
        const { noteSigner, verifierKey } = await import('../ledger/note.js');
        const { privateKey, publicKey } = generateKeyPairSync('ed25519');
        const ledger = new Ledger({ storage: store, origin: 'old/log', verifierKey: verifierKey('old/log', publicKey), signer: noteSigner('old/log', privateKey) });
        assert.equal((await ledger.checkpoint()).size, n);
        const report = await ledger.verify();
        assert.equal(report.ok, true, JSON.stringify(report.problems));
        assert.equal(report.entries, n);
        assert.equal((await fx.sql('SELECT COUNT(*) AS c FROM ledger_tiles'))[0]!.c == 1, true, 'one complete tile stored');
        await store.append([reading(n + 1, 'raw-level', 1)]);
        assert.equal(store.tree.size, n + 1);
      } finally {
        await store.close();
      }
    });
  }
});
