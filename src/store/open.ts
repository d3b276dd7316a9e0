import { openEmbeddedStore } from './embedded.js';
import { openPostgresStore } from './postgres.js';
import { StoreError, type EventStore } from './types.js';

/**
 * Opens the store a `--store` value names: a postgres:// URL, or nothing for
 * the embedded default in `dataDir`.
 */
export async function openStore(url: string | undefined, dataDir: string): Promise<EventStore> {
  if (url === undefined || url === '' || url === 'embedded') return openEmbeddedStore(dataDir);
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgresStore(url);
  throw new StoreError('bad-url', `unknown store "${url.replace(/\/\/[^@/]*@/, '//***@')}"; expected postgres://user@host:port/database or "embedded"`);
}
