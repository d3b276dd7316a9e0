import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore, type EventStore } from '../../src/store/index.js';

/** The PostgreSQL server tests use: here and in CI, trust auth on 127.0.0.1:5432. */
export const PG_URL = process.env.TWINWARD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface StoreFixture {
  name: 'embedded' | 'postgres';
  /** The --store value; undefined for embedded. */
  url: string | undefined;
  dataDir: string;
  open(): Promise<EventStore>;
  /** Runs SQL on the store's database behind Twinward's back ($1.. parameters), as an attacker with database access would. */
  sql(text: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  cleanup(): Promise<void>;
}

/** A fresh, empty store of each backend: a temp dir, or a new PostgreSQL schema. */
export function storeFixtures(): (() => StoreFixture)[] {
  return [
    () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'twinward-test-'));
      return {
        name: 'embedded', url: undefined, dataDir, open: () => openStore(undefined, dataDir),
        sql: async (text, values = []) => {
          const db = new Database(join(dataDir, 'events.db'));
          try {
            // $1 is SQLite's parameter named "1", as in src/store/embedded.ts.
            const params = Object.fromEntries(values.map((v, i) => [i + 1, v]));
            const stmt = db.prepare(text);
            return stmt.reader ? (stmt.all(params) as Record<string, unknown>[]) : (stmt.run(params), []);
          } finally {
            db.close();
          }
        },
        cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
      };
    },
    () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'twinward-test-'));
      const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      const url = `${PG_URL}?schema=${schema}`;
      return {
        name: 'postgres',
        url,
        dataDir,
        open: () => openStore(url, dataDir),
        sql: async (text, values = []) => {
          const c = new pg.Client({ connectionString: PG_URL, options: `-c search_path="${schema}"` });
          await c.connect();
          try {
            return (await c.query(text, values)).rows as Record<string, unknown>[];
          } finally {
            await c.end();
          }
        },
        cleanup: async () => {
          const c = new pg.Client({ connectionString: PG_URL });
          await c.connect();
          await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await c.end();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  ];
}
