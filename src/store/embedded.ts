import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { acquireLockFile } from './lock-file.js';
import { SqlEventStore, type SqlClient } from './sql-store.js';
import { StoreError } from './types.js';

export interface EmbeddedOptions {
  /**
   * SQLite's `synchronous` in WAL mode. 'full' (default) fsyncs every commit:
   * an acknowledged event survives a power loss. 'normal' survives a killed
   * process but may lose the last commits on power loss, for ~10x the rate of
   * single-event commits.
   */
  synchronous?: 'full' | 'normal';
  /** Read beside the writer: no lock file, the database must exist, nothing is written. */
  readOnly?: boolean;
}

/**
 * The embedded store: SQLite (better-sqlite3) in WAL mode, in
 * `<dataDir>/events.db`. docs/decisions/0001-embedded-store.md has the
 * measurements behind the choice.
 */
export async function openEmbeddedStore(dataDir: string, options: EmbeddedOptions = {}): Promise<SqlEventStore> {
  const readOnly = options.readOnly === true;
  if (!readOnly) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // SQLite locks the file itself, but a second node would still fight over seqs; the lock file says who holds it.
  const release = readOnly ? () => undefined : acquireLockFile(join(dataDir, 'store.lock'));
  const file = join(dataDir, 'events.db');
  let db: Database.Database;
  try {
    db = new Database(file, readOnly ? { readonly: true, fileMustExist: true } : {});
    if (!readOnly) {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    }
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    release();
    throw new StoreError('unavailable', `cannot open the embedded store ${file}: ${(err as Error).message}`, { cause: err });
  }
  // Prepared statements are reused: preparing costs more than running for small statements.
  const cache = new Map<string, Database.Statement>();
  const run = <R>(text: string, values?: unknown[]): R[] => {
    // Queries are written with PostgreSQL's $1..$n; SQLite reads $1 as a parameter named "1".
    const params: Record<string, unknown> = {};
    if (values) for (let i = 0; i < values.length; i++) params[i + 1] = values[i];
    let stmt = cache.get(text);
    if (!stmt) {
      try {
        stmt = db.prepare(text);
      } catch (err) {
        if (!/more than one statement/.test((err as Error).message)) throw err;
        db.exec(text);
        return [];
      }
      if (cache.size > 64) cache.clear();
      cache.set(text, stmt);
    }
    return stmt.reader ? (stmt.all(params) as R[]) : (stmt.run(params), []);
  };
  // One connection: transactions are serialized so an async caller never nests inside another's.
  let tail: Promise<unknown> = Promise.resolve();
  const client: SqlClient = {
    dialect: 'sqlite',
    async query(text, values) {
      return run(text, values);
    },
    transaction(fn) {
      const next = tail.then(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const out = await fn({ query: async (text, values) => run(text, values) });
          db.exec('COMMIT');
          return out;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      });
      tail = next.catch(() => undefined);
      return next;
    },
    async close() {
      try {
        await tail;
        db.close();
      } finally {
        release();
      }
    },
  };
  try {
    return await SqlEventStore.open('embedded', dataDir, client, { readOnly });
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
}
