import pg from 'pg';
import { SqlEventStore, type SqlClient } from './sql-store.js';
import { StoreError } from './types.js';

/** `schema` query parameter: lets several twins (or test runs) share one database. */
const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

/** Parses a postgres:// URL; the password never appears in `location`. */
export function parsePostgresUrl(url: string): { connectionString: string; schema: string; location: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new StoreError('bad-url', `cannot parse store URL; expected postgres://user@host:port/database[?schema=name]`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new StoreError('bad-url', `store URL scheme must be postgres://, got ${u.protocol}//`);
  const schema = u.searchParams.get('schema') ?? 'public';
  if (!SCHEMA.test(schema)) throw new StoreError('bad-url', `schema "${schema}" is not a plain lowercase SQL identifier`);
  u.searchParams.delete('schema');
  const safe = new URL(u.toString());
  safe.password = '';
  return { connectionString: u.toString(), schema, location: `${safe.toString()}${schema === 'public' ? '' : `#schema=${schema}`}` };
}

/**
 * Opens the event log in a PostgreSQL database. One node writes a schema at
 * a time: a session advisory lock, held by a dedicated connection for the
 * store's lifetime, keeps a second node out instead of letting it interleave.
 */
export async function openPostgresStore(url: string, options: { readOnly?: boolean; durability?: 'full' | 'normal' } = {}): Promise<SqlEventStore> {
  const readOnly = options.readOnly === true;
  const { connectionString, schema, location } = parsePostgresUrl(url);
  const lockClient = new pg.Client({ connectionString });
  try {
    await lockClient.connect();
  } catch (err) {
    throw new StoreError('unavailable', `cannot connect to PostgreSQL at ${location}: ${(err as Error).message}`, { cause: err });
  }
  lockClient.on('error', () => undefined);
  if (!readOnly) await lockClient.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const [row] = readOnly ? [{ ok: true }] : (await lockClient.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [`twinward:${schema}`])).rows;
  if (!row?.ok) {
    await lockClient.end();
    throw new StoreError('locked', `another Twinward node is using schema "${schema}" at ${location}`);
  }
  // durability 'normal': commits return before the WAL is flushed (safe against a killed node, not a power loss).
  const sync = options.durability === 'normal' ? ' -c synchronous_commit=off' : '';
  const pool = new pg.Pool({ connectionString, max: 4, options: `-c search_path="${schema}"${sync}` });
  pool.on('error', () => undefined);
  const client: SqlClient = {
    dialect: 'postgres',
    async query(text, values) {
      return (await pool.query(text, values as unknown[])).rows;
    },
    async transaction(fn) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const out = await fn({ query: async (text, values) => (await c.query(text, values as unknown[])).rows });
        await c.query('COMMIT');
        return out;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    },
    async close() {
      await pool.end();
      await lockClient.end();
    },
  };
  try {
    return await SqlEventStore.open('postgres', location, client, { readOnly });
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
}
