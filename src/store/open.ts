import { openEmbeddedStore } from './embedded.js';
import { openPostgresStore } from './postgres.js';
import { StoreError, type EventStore } from './types.js';

/**
 * Opens the store a `--store` value names: a postgres:// URL, or nothing for
 * the embedded default in `dataDir`. `readOnly` opens it beside the node
 * that writes it (no writer lock, no migrations; appends are refused), for
 * readers such as `twinward train --data store`.
 */
export async function openStore(url: string | undefined, dataDir: string, options: { readOnly?: boolean } = {}): Promise<EventStore> {
  if (url === undefined || url === '' || url === 'embedded') return openEmbeddedStore(dataDir, options);
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgresStore(url, options);
  throw new StoreError('bad-url', `unknown store "${url.replace(/\/\/[^@/]*@/, '//***@')}"; expected postgres://user@host:port/database or "embedded"`);
}
