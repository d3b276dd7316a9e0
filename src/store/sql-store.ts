import type { Hash } from '../ledger/merkle.js';
import { ledgerRecord, nothingPrivate, recordLeaf, prepareEntry, type PreparedEntry, type PrivacyPolicy } from '../ledger/records.js';
import type { LedgerStorage, StoredCheckpoint, StoredCosignature, StoredEntry, WitnessedCheckpoint } from '../ledger/storage.js';
import { TILE, TiledTree } from '../ledger/tiled-tree.js';
import type { StoredEvent } from '../twin/index.js';
import {
  DROP_SNAPSHOTS_FROM, INSERT_CHUNK, INSERT_EVENT, INSERT_PRIVATE, INSERT_TILE, LAST_SEQ, eventValues, LATEST_SNAPSHOT, PRUNE_SNAPSHOTS,
  createMigrationsTable, erasePrivate, insertEvents, insertPrivate, insertSnapshot, isoTime, parseJson, migrations, rowToEvent, rowToSnapshot,
  selectEvents, type Dialect,
} from './sql.js';
import { StoreError, type AppendOptions, type EventQuery, type EventStore, type Snapshot } from './types.js';

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
export class SqlEventStore implements EventStore, LedgerStorage {
  readonly kind: 'embedded' | 'postgres';
  readonly location: string;
  #db: SqlClient;
  #last = 0;
  #closed = false;
  #readOnly = false;
  #privacy: PrivacyPolicy = nothingPrivate;
  #tree!: TiledTree;

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
    store.#tree = await loadTree(db, store.#last, !store.#readOnly);
    return store;
  }

  get tree(): TiledTree {
    return this.#tree;
  }

  setPrivacy(policy: PrivacyPolicy): void {
    this.#privacy = policy;
  }

  async append(events: readonly StoredEvent[], snapshot?: Snapshot, options: AppendOptions = {}): Promise<void> {
    if (this.#readOnly) throw new StoreError('read-only', `the ${this.kind} store at ${this.location} was opened read-only`);
    this.#check();
    const first = events[0];
    if (first && first.seq !== this.#last + 1) {
      throw new StoreError('conflict', `append starts at seq ${first.seq} but the log ends at ${this.#last}; is another node writing this store?`);
    }
    for (let i = 1; i < events.length; i++) {
      if (events[i]!.seq !== events[i - 1]!.seq + 1) throw new StoreError('conflict', `events to append are not contiguous at seq ${events[i]!.seq}`);
    }
    const erase = options.erase ?? [];
    if (events.length === 0 && !snapshot && erase.length === 0) return;
    // Every event becomes a ledger entry in its own transaction: no caller can forget it.
    const entries = events.map((e) => prepareEntry(e, this.#privacy));
    const prepared = this.#tree.prepare(entries.map((p) => p.leaf));
    const privates = entries.filter((p) => p.private);
    try {
      await this.#db.transaction(async (tx) => {
        if (this.#db.dialect === 'sqlite') {
          for (const p of entries) await tx.query(INSERT_EVENT, eventValues(p));
          for (const p of privates) await tx.query(INSERT_PRIVATE, [p.event.seq, p.private!.salt, p.private!.dataJson]);
        } else {
          for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
            const q = insertEvents(entries.slice(i, i + INSERT_CHUNK));
            await tx.query(q.text, q.values);
          }
          for (let i = 0; i < privates.length; i += INSERT_CHUNK) {
            const q = insertPrivate(privates.slice(i, i + INSERT_CHUNK));
            await tx.query(q.text, q.values);
          }
        }
        for (const t of prepared.tiles) await tx.query(INSERT_TILE, [t.index, Buffer.from(t.hash), Buffer.from(t.nodes)]);
        if (erase.length > 0) {
          for (let i = 0; i < erase.length; i += INSERT_CHUNK) {
            const q = erasePrivate(erase.slice(i, i + INSERT_CHUNK));
            await tx.query(q.text, q.values);
          }
          await tx.query(DROP_SNAPSHOTS_FROM, [Math.min(...erase)]);
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
    this.#tree.commit(prepared);
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

  async entries(after: number, limit: number): Promise<StoredEntry[]> {
    this.#check();
    return (await this.#db.query<EntryRow>(`${SELECT_ENTRIES} WHERE e.seq > $1 ORDER BY e.seq LIMIT $2`, [after, limit])).map(toEntry);
  }

  async entriesAt(seqs: readonly number[]): Promise<StoredEntry[]> {
    this.#check();
    const out: StoredEntry[] = [];
    for (let i = 0; i < seqs.length; i += INSERT_CHUNK) {
      const chunk = seqs.slice(i, i + INSERT_CHUNK);
      const rows = await this.#db.query<EntryRow>(`${SELECT_ENTRIES} WHERE e.seq IN (${chunk.map((_, j) => `$${j + 1}`).join(', ')}) ORDER BY e.seq`, chunk);
      out.push(...rows.map(toEntry));
    }
    return out;
  }

  async putCheckpoint(c: StoredCheckpoint): Promise<void> {
    this.#writable();
    await this.#db.query('INSERT INTO checkpoints (size, time, note) VALUES ($1, $2, $3) ON CONFLICT (size) DO NOTHING', [c.size, c.time, c.note]);
  }

  async checkpoints(q: { before?: number; limit: number }): Promise<StoredCheckpoint[]> {
    this.#check();
    const rows = q.before === undefined
      ? await this.#db.query<CheckpointRow>('SELECT size, time, note FROM checkpoints ORDER BY size DESC LIMIT $1', [q.limit])
      : await this.#db.query<CheckpointRow>('SELECT size, time, note FROM checkpoints WHERE size < $1 ORDER BY size DESC LIMIT $2', [q.before, q.limit]);
    return rows.map(toCheckpoint);
  }

  async checkpoint(size: number): Promise<StoredCheckpoint | undefined> {
    this.#check();
    const [row] = await this.#db.query<CheckpointRow>('SELECT size, time, note FROM checkpoints WHERE size = $1', [size]);
    return row ? toCheckpoint(row) : undefined;
  }

  async putCosignature(c: StoredCosignature): Promise<void> {
    this.#writable();
    await this.#db.query(
      'INSERT INTO cosignatures (size, witness, time, line) VALUES ($1, $2, $3, $4) ON CONFLICT (size, witness) DO UPDATE SET time = EXCLUDED.time, line = EXCLUDED.line',
      [c.size, c.witness, c.time, c.line],
    );
  }

  async cosignatures(sizes: readonly number[]): Promise<StoredCosignature[]> {
    this.#check();
    const out: StoredCosignature[] = [];
    for (let i = 0; i < sizes.length; i += INSERT_CHUNK) {
      const chunk = sizes.slice(i, i + INSERT_CHUNK);
      const rows = await this.#db.query<CosignatureRow>(
        `SELECT size, witness, time, line FROM cosignatures WHERE size IN (${chunk.map((_, j) => `$${j + 1}`).join(', ')}) ORDER BY size, witness`, chunk);
      out.push(...rows.map(toCosignature));
    }
    return out;
  }

  async latestCosignatures(): Promise<StoredCosignature[]> {
    this.#check();
    const rows = await this.#db.query<CosignatureRow>(
      'SELECT c.size, c.witness, c.time, c.line FROM cosignatures c JOIN (SELECT witness, MAX(size) AS size FROM cosignatures GROUP BY witness) m ' +
        'ON m.witness = c.witness AND m.size = c.size ORDER BY c.witness');
    return rows.map(toCosignature);
  }

  async witnessed(origin: string): Promise<WitnessedCheckpoint | undefined> {
    this.#check();
    const [row] = await this.#db.query<WitnessedRow>('SELECT origin, size, root, note, time FROM witnessed WHERE origin = $1', [origin]);
    return row ? toWitnessed(row) : undefined;
  }

  async allWitnessed(): Promise<WitnessedCheckpoint[]> {
    this.#check();
    return (await this.#db.query<WitnessedRow>('SELECT origin, size, root, note, time FROM witnessed ORDER BY origin')).map(toWitnessed);
  }

  async swapWitnessed(expectedSize: number | undefined, next: WitnessedCheckpoint): Promise<boolean> {
    this.#writable();
    return this.#db.transaction(async (tx) => {
      const [row] = await tx.query<{ size: string | number }>('SELECT size FROM witnessed WHERE origin = $1', [next.origin]);
      const current = row ? Number(row.size) : undefined;
      if (current !== expectedSize) return false;
      const values = [next.origin, next.size, Buffer.from(next.root), next.note, next.time];
      if (row) await tx.query('UPDATE witnessed SET size = $2, root = $3, note = $4, time = $5 WHERE origin = $1', values);
      else await tx.query('INSERT INTO witnessed (origin, size, root, note, time) VALUES ($1, $2, $3, $4, $5)', values);
      return true;
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.close();
  }

  #check(): void {
    if (this.#closed) throw new StoreError('closed', 'the store is closed');
  }

  #writable(): void {
    this.#check();
    if (this.#readOnly) throw new StoreError('read-only', `the ${this.kind} store at ${this.location} was opened read-only`);
  }
}

const SELECT_ENTRIES =
  'SELECT e.seq, e.time, e.type, e.subject, e.data, e.leaf, e.commitment, p.salt, p.data AS private FROM events e LEFT JOIN private_records p ON p.seq = e.seq';

interface EntryRow {
  seq: string | number; time: Date | string; type: string; subject: string | null; data: unknown;
  leaf: Uint8Array | null; commitment: Uint8Array | null; salt: Uint8Array | null; private: unknown;
}
interface CheckpointRow { size: string | number; time: Date | string; note: string }
interface CosignatureRow { size: string | number; witness: string; time: Date | string; line: string }
interface WitnessedRow { origin: string; size: string | number; root: Uint8Array; note: string; time: Date | string }

const toEntry = (r: EntryRow): StoredEntry => ({
  seq: Number(r.seq), time: isoTime(r.time), type: r.type, subject: r.subject, data: parseJson(r.data),
  leaf: r.leaf ? Buffer.from(r.leaf) : null, commitment: r.commitment ? Buffer.from(r.commitment) : null,
  private: r.salt ? { salt: Buffer.from(r.salt), data: parseJson(r.private) } : null,
});
const toCosignature = (r: CosignatureRow): StoredCosignature => ({ size: Number(r.size), witness: r.witness, time: isoTime(r.time), line: r.line });
const toCheckpoint = (r: CheckpointRow): StoredCheckpoint => ({ size: Number(r.size), time: isoTime(r.time), note: r.note });
const toWitnessed = (r: WitnessedRow): WitnessedCheckpoint => ({ origin: r.origin, size: Number(r.size), root: Buffer.from(r.root), note: r.note, time: isoTime(r.time) });

/**
 * Loads the ledger tree: the stored tile hashes and the leaves after them.
 * Events written before the ledger existed (schema version 1) get their
 * leaves and tiles computed here, once, when the store is opened for writing.
 */
async function loadTree(db: SqlClient, last: number, writable: boolean): Promise<TiledTree> {
  const leavesOf = async (lo: number, hi: number): Promise<Hash[]> => {
    const rows = await db.query<{ leaf: Uint8Array | null }>('SELECT leaf FROM events WHERE seq > $1 AND seq <= $2 ORDER BY seq', [lo, hi]);
    return rows.map((r, i) => {
      if (!r.leaf) throw new StoreError('corrupt', `event ${lo + i + 1} has no ledger leaf`);
      return Buffer.from(r.leaf);
    });
  };
  const missing = new Map<number, Uint8Array>();
  const source = async (tile: number): Promise<Uint8Array> => {
    const [row] = await db.query<{ nodes: Uint8Array }>('SELECT nodes FROM ledger_tiles WHERE tile = $1', [tile]);
    if (row) return row.nodes;
    // A read-only view of a log whose older tiles were never stored: built from the leaves.
    const built = missing.get(tile) ?? TiledTree.tileOf(tile, await leavesOf(tile * TILE, (tile + 1) * TILE)).nodes;
    missing.set(tile, built);
    return built;
  };
  if (writable) await backfillLeaves(db);
  const complete = Math.floor(last / TILE);
  const tiles = (await db.query<{ tile: string | number; hash: Uint8Array }>('SELECT tile, hash FROM ledger_tiles WHERE tile < $1 ORDER BY tile', [complete]))
    .map((r) => Buffer.from(r.hash) as Hash);
  for (let t = tiles.length; t < complete; t++) {
    const built = TiledTree.tileOf(t, await leavesOf(t * TILE, (t + 1) * TILE));
    tiles.push(built.hash);
    if (writable) await db.query(INSERT_TILE, [t, Buffer.from(built.hash), Buffer.from(built.nodes)]);
  }
  const tail = await leavesOf(complete * TILE, last);
  return TiledTree.load(source, tiles, tail);
}

async function backfillLeaves(db: SqlClient): Promise<void> {
  for (;;) {
    const rows = await db.query<{ seq: string | number; time: Date | string; type: string; subject: string | null; data: unknown }>(
      'SELECT seq, time, type, subject, data FROM events WHERE leaf IS NULL ORDER BY seq LIMIT 5000');
    if (rows.length === 0) return;
    await db.transaction(async (tx) => {
      for (const r of rows) {
        const e = { seq: Number(r.seq), time: isoTime(r.time), type: r.type, subject: r.subject };
        const leaf = recordLeaf(ledgerRecord(e as StoredEvent, parseJson(r.data)));
        await tx.query('UPDATE events SET leaf = $1 WHERE seq = $2', [Buffer.from(leaf), e.seq]);
      }
    });
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
