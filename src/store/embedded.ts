import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { acquireLockFile } from './lock-file.js';
import { SqlEventStore, type SqlClient } from './sql-store.js';
import { StoreError } from './types.js';

/**
 * The embedded store: PostgreSQL compiled to WebAssembly (PGlite), its data
 * directory under `<dataDir>/store`. Same SQL as the server backend, no
 * server to install. See docs/decisions/0001-embedded-store.md for the
 * measurements behind the choice.
 */
export async function openEmbeddedStore(dataDir: string): Promise<SqlEventStore> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const release = acquireLockFile(join(dataDir, 'store.lock'));
  let db: PGlite;
  try {
    db = new PGlite(join(dataDir, 'store'));
    await db.waitReady;
  } catch (err) {
    release();
    throw new StoreError('unavailable', `cannot open the embedded store in ${dataDir}: ${(err as Error).message}`, { cause: err });
  }
  const client: SqlClient = {
    async query(text, values) {
      // exec runs several statements (migrations); query binds parameters.
      if (!values || values.length === 0) {
        const results = await db.exec(text);
        return (results[results.length - 1]?.rows ?? []) as never[];
      }
      return (await db.query(text, values)).rows as never[];
    },
    async transaction(fn) {
      return db.transaction(async (tx) =>
        fn({
          async query(text, values) {
            if (!values || values.length === 0) {
              const results = await tx.exec(text);
              return (results[results.length - 1]?.rows ?? []) as never[];
            }
            return (await tx.query(text, values)).rows as never[];
          },
        }),
      );
    },
    async close() {
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
  try {
    return await SqlEventStore.open('embedded', dataDir, client);
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
}
