import { openEmbeddedStore } from './embedded.js';
import { openPostgresStore } from './postgres.js';
import { StoreError, type EventStore } from './types.js';

/**
 * When an append (events, their ledger leaves and tiles, in one transaction)
 * is acknowledged:
 * - 'full' (default): after the commit is on disk (SQLite synchronous=FULL,
 *   PostgreSQL synchronous_commit=on). Nothing acknowledged is lost, even
 *   on power loss.
 * - 'normal': after the commit is in the database's log but maybe not yet
 *   flushed (SQLite synchronous=NORMAL in WAL mode, PostgreSQL
 *   synchronous_commit=off). A killed Twinward process loses nothing; a power
 *   loss or OS crash may lose the last commits (never half of one, so the
 *   ledger always verifies). Faster for single-event commits.
 * Batching is the node's: concurrent inputs are group-committed, up to
 * `maxBatch` events per transaction.
 */
export type Durability = 'full' | 'normal';

/**
 * Opens the store a `--store` value names: a postgres:// URL, or nothing for
 * the embedded default in `dataDir`. `readOnly` opens it beside the node
 * that writes it (no writer lock, no migrations; appends are refused), for
 * readers such as `twinward train --data store`.
 */
export async function openStore(url: string | undefined, dataDir: string, options: { readOnly?: boolean; durability?: Durability } = {}): Promise<EventStore> {
  const durability = options.durability ?? 'full';
  if (url === undefined || url === '' || url === 'embedded') return openEmbeddedStore(dataDir, { ...(options.readOnly ? { readOnly: true } : {}), synchronous: durability });
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgresStore(url, { ...(options.readOnly ? { readOnly: true } : {}), durability });
  throw new StoreError('bad-url', `unknown store "${url.replace(/\/\/[^@/]*@/, '//***@')}"; expected postgres://user@host:port/database or "embedded"`);
}
