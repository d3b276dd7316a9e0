export { StoreError, type EventStore, type EventQuery, type Snapshot, type StoreErrorCode } from './types.js';
export { openStore, type Durability } from './open.js';
export { openEmbeddedStore } from './embedded.js';
export { openPostgresStore, parsePostgresUrl } from './postgres.js';
export { SqlEventStore, type SqlClient } from './sql-store.js';
