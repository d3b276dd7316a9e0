import type { StoredEvent } from '../twin/index.js';
import {
  INSERT_CHUNK, INSERT_EVENT, LAST_SEQ, eventValues, LATEST_SNAPSHOT, PRUNE_SNAPSHOTS, createMigrationsTable, insertEvents, insertSnapshot,
  migrations, rowToEvent, rowToSnapshot, selectEvents, type Dialect,
} from './sql.js';
import { StoreError, type EventQuery, type EventStore, type Snapshot } from './types.js';

/** What a SQL backend must offer: parameterized queries and transactions. */
export interface SqlClient {
  readonly dialect: Dialect;
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
  /** Runs `fn` in one transaction on one connection; rolls back if it throws. */
  transaction<T>(fn: (tx: Pick<SqlClient, 'query'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The event store over a SQL client (PostgreSQL or SQLite). Keeps the last
 * seq in memory (one writer per store) and checks each append continues it,
 * so a gap or an overlap is refused instead of corrupting the log.
 */
export class SqlEventStore implements EventStore {
  readonly kind: 'embedded' | 'postgres';
  readonly location: string;
  #db: SqlClient;
  #last = 0;
  #closed = false;
  #readOnly = false;

  private constructor(kind: 'embedded' | 'postgres', location: string, db: SqlClient) {
    this.kind = kind;
    this.location = location;
    this.#db = db;
  }

  static async open(kind: 'embedded' | 'postgres', location: string, db: SqlClient, options: { readOnly?: boolean } = {}): Promise<SqlEventStore> {
    const store = new SqlEventStore(kind, location, db);
    store.#readOnly = options.readOnly === true;
    if (!store.#readOnly) await migrate(db);
    const [row] = await db.query<{ seq: string | number }>(LAST_SEQ);
    store.#last = Number(row?.seq ?? 0);
    return store;
  }

  async append(events: readonly StoredEvent[], snapshot?: Snapshot): Promise<void> {
    if (this.#readOnly) throw new StoreError('read-only', `the ${this.kind} store at ${this.location} was opened read-only`);
    this.#check();
    const first = events[0];
    if (first && first.seq !== this.#last + 1) {
      throw new StoreError('conflict', `append starts at seq ${first.seq} but the log ends at ${this.#last}; is another node writing this store?`);
    }
    for (let i = 1; i < events.length; i++) {
      if (events[i]!.seq !== events[i - 1]!.seq + 1) throw new StoreError('conflict', `events to append are not contiguous at seq ${events[i]!.seq}`);
    }
    if (events.length === 0 && !snapshot) return;
    try {
      await this.#db.transaction(async (tx) => {
        if (this.#db.dialect === 'sqlite') {
          for (const e of events) await tx.query(INSERT_EVENT, eventValues(e));
        } else {
          for (let i = 0; i < events.length; i += INSERT_CHUNK) {
            const q = insertEvents(events.slice(i, i + INSERT_CHUNK));
            await tx.query(q.text, q.values);
          }
        }
        if (snapshot) {
          const q = insertSnapshot(snapshot);
          await tx.query(q.text, q.values);
          await tx.query(PRUNE_SNAPSHOTS);
        }
      });
    } catch (err) {
      const code = (err as { code?: string }).code;
      // 23505: PostgreSQL unique_violation; SQLITE_CONSTRAINT_PRIMARYKEY: SQLite's.
      if (code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new StoreError('conflict', 'another node wrote the same sequence numbers; one store serves one node', { cause: err });
      }
      throw new StoreError('unavailable', `could not write to the ${this.kind} store: ${(err as Error).message}`, { cause: err });
    }
    const last = events[events.length - 1];
    if (last) this.#last = last.seq;
  }

  async read(query: EventQuery): Promise<StoredEvent[]> {
    this.#check();
    const q = selectEvents(query);
    const rows = await this.#db.query<Parameters<typeof rowToEvent>[0]>(q.text, q.values);
    return rows.map(rowToEvent);
  }

  async lastSeq(): Promise<number> {
    this.#check();
    return this.#last;
  }

  async latestSnapshot(): Promise<Snapshot | undefined> {
    this.#check();
    const [row] = await this.#db.query<Parameters<typeof rowToSnapshot>[0]>(LATEST_SNAPSHOT);
    return row ? rowToSnapshot(row) : undefined;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.close();
  }

  #check(): void {
    if (this.#closed) throw new StoreError('closed', 'the store is closed');
  }
}

async function migrate(db: SqlClient): Promise<void> {
  const MIGRATIONS = migrations(db.dialect);
  await db.query(createMigrationsTable(db.dialect));
  const rows = await db.query<{ version: number }>('SELECT version FROM twinward_migrations');
  const done = new Set(rows.map((r) => Number(r.version)));
  const newest = Math.max(0, ...done);
  const known = Math.max(...MIGRATIONS.map((m) => m.version));
  if (newest > known) {
    throw new StoreError('corrupt', `the store was written by a newer Twinward (schema version ${newest}; this one knows up to ${known})`);
  }
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    await db.transaction(async (tx) => {
      await tx.query(m.sql);
      await tx.query('INSERT INTO twinward_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    });
  }
}
