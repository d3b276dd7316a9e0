import type { PreparedEntry } from '../ledger/records.js';
import type { EventType, StoredEvent, TwinState } from '../twin/index.js';
import type { EventQuery, Snapshot } from './types.js';

export type Dialect = 'postgres' | 'sqlite';

/**
 * Column types per dialect. Everything else — tables, indexes, migrations,
 * queries — is written once, in the SQL both PostgreSQL and SQLite accept, so
 * an event log means the same on either backend. SQLite keeps times as
 * ISO 8601 UTC text (which sorts like time) and JSON as text.
 */
const TYPES: Record<Dialect, { seqKey: string; time: string; json: string; bytes: string }> = {
  postgres: { seqKey: 'BIGINT PRIMARY KEY', time: 'TIMESTAMPTZ', json: 'JSONB', bytes: 'BYTEA' },
  // INTEGER PRIMARY KEY is SQLite's rowid: the fast path for an append-only log.
  sqlite: { seqKey: 'INTEGER PRIMARY KEY', time: 'TEXT', json: 'TEXT', bytes: 'BLOB' },
};

/** Each migration runs once, in order, in its own transaction. */
export function migrations(dialect: Dialect): readonly { version: number; name: string; sql: string }[] {
  const t = TYPES[dialect];
  return [
    {
      version: 1,
      name: 'event log and snapshots',
      sql: `
        CREATE TABLE events (
          seq     ${t.seqKey} CHECK (seq > 0),
          time    ${t.time} NOT NULL,
          type    TEXT NOT NULL,
          subject TEXT,
          data    ${t.json} NOT NULL
        );
        CREATE INDEX events_type_seq ON events (type, seq);
        CREATE INDEX events_subject_seq ON events (subject, seq) WHERE subject IS NOT NULL;
        CREATE INDEX events_time ON events (time);
        CREATE TABLE snapshots (
          seq      ${t.seqKey},
          taken_at ${t.time} NOT NULL,
          state    ${t.json} NOT NULL
        );`,
    },
    {
      // The ledger (src/ledger/records.ts): each event's leaf hash, written in the
      // event's own transaction; private data apart from its leaf; tile hashes;
      // signed checkpoints, witnesses' cosignatures, and what this node witnessed.
      version: 2,
      name: 'ledger',
      sql: `
        ALTER TABLE events ADD COLUMN leaf ${t.bytes};
        ALTER TABLE events ADD COLUMN commitment ${t.bytes};
        CREATE TABLE private_records (
          seq  ${t.seqKey},
          salt ${t.bytes} NOT NULL,
          data ${t.json} NOT NULL
        );
        CREATE TABLE ledger_tiles (
          tile  ${t.seqKey},
          hash  ${t.bytes} NOT NULL,
          nodes ${t.bytes} NOT NULL
        );
        CREATE TABLE checkpoints (
          size ${t.seqKey},
          time ${t.time} NOT NULL,
          note TEXT NOT NULL
        );
        CREATE TABLE cosignatures (
          size    BIGINT NOT NULL,
          witness TEXT NOT NULL,
          time    ${t.time} NOT NULL,
          line    TEXT NOT NULL,
          PRIMARY KEY (size, witness)
        );
        CREATE TABLE witnessed (
          origin TEXT PRIMARY KEY,
          size   BIGINT NOT NULL,
          root   ${t.bytes} NOT NULL,
          note   TEXT NOT NULL,
          time   ${t.time} NOT NULL
        );`,
    },
  ];
}

export function createMigrationsTable(dialect: Dialect): string {
  return `
    CREATE TABLE IF NOT EXISTS twinward_migrations (
      version    INTEGER PRIMARY KEY,
      name       TEXT NOT NULL,
      applied_at ${TYPES[dialect].time} NOT NULL DEFAULT CURRENT_TIMESTAMP
    )`;
}

/** Rows per INSERT statement; keeps each under PostgreSQL's 65,535 bind parameters. */
export const INSERT_CHUNK = 1000;

const EVENT_COLUMNS = 'seq, time, type, subject, data, leaf, commitment';

/** One row of `events`: SQLite's fastest path is this statement, prepared once, run per row. */
export const INSERT_EVENT = `INSERT INTO events (${EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`;
export const INSERT_PRIVATE = 'INSERT INTO private_records (seq, salt, data) VALUES ($1, $2, $3)';
export const INSERT_TILE = 'INSERT INTO ledger_tiles (tile, hash, nodes) VALUES ($1, $2, $3)';

export function eventValues(p: PreparedEntry): unknown[] {
  const e = p.event;
  return [e.seq, e.time, e.type, e.subject, p.dataJson, Buffer.from(p.leaf), p.private ? p.private.commitment : null];
}

/** Multi-row INSERTs with their parameters: PostgreSQL's fastest path (one round trip each). */
function insertRows(table: string, columns: string, rows: readonly unknown[][]): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const tuples: string[] = [];
  for (const r of rows) {
    const n = values.length;
    tuples.push(`(${r.map((_, i) => `$${n + i + 1}`).join(', ')})`);
    values.push(...r);
  }
  return { text: `INSERT INTO ${table} (${columns}) VALUES ${tuples.join(', ')}`, values };
}

export function insertEvents(entries: readonly PreparedEntry[]): { text: string; values: unknown[] } {
  return insertRows('events', EVENT_COLUMNS, entries.map(eventValues));
}

export function insertPrivate(entries: readonly PreparedEntry[]): { text: string; values: unknown[] } {
  return insertRows('private_records', 'seq, salt, data', entries.map((p) => [p.event.seq, p.private!.salt, p.private!.dataJson]));
}

/** Erasure: the content and its salt go; the leaf and the commitment stay. */
export function erasePrivate(seqs: readonly number[]): { text: string; values: unknown[] } {
  return { text: `DELETE FROM private_records WHERE seq IN (${seqs.map((_, i) => `$${i + 1}`).join(', ')})`, values: [...seqs] };
}

/** Snapshots taken after an erased record may hold its value as a tag's last reading. */
export const DROP_SNAPSHOTS_FROM = 'DELETE FROM snapshots WHERE seq >= $1';

export function insertSnapshot(s: Snapshot): { text: string; values: unknown[] } {
  return {
    text: 'INSERT INTO snapshots (seq, taken_at, state) VALUES ($1, $2, $3) ON CONFLICT (seq) DO UPDATE SET taken_at = EXCLUDED.taken_at, state = EXCLUDED.state',
    values: [s.seq, s.takenAt, JSON.stringify(s.state)],
  };
}

/** Keeps the newest few snapshots; older ones only cost space. */
export const PRUNE_SNAPSHOTS = 'DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT 3)';

export const LAST_SEQ = 'SELECT COALESCE(MAX(seq), 0) AS seq FROM events';
export const LATEST_SNAPSHOT = 'SELECT seq, taken_at, state FROM snapshots ORDER BY seq DESC LIMIT 1';

export function selectEvents(q: EventQuery): { text: string; values: unknown[] } {
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  if (q.after !== undefined) where.push(`e.seq > ${param(q.after)}`);
  if (q.before !== undefined) where.push(`e.seq < ${param(q.before)}`);
  if (q.types && q.types.length > 0) where.push(`e.type IN (${q.types.map(param).join(', ')})`);
  if (q.subject !== undefined) where.push(`e.subject = ${param(q.subject)}`);
  // Normalized to UTC ISO text: SQLite compares times as text.
  if (q.since !== undefined) where.push(`e.time >= ${param(new Date(q.since).toISOString())}`);
  if (q.until !== undefined) where.push(`e.time < ${param(new Date(q.until).toISOString())}`);
  const order = q.order === 'desc' ? 'DESC' : 'ASC';
  const text =
    'SELECT e.seq, e.time, e.type, e.subject, e.data, e.commitment, p.data AS private FROM events e LEFT JOIN private_records p ON p.seq = e.seq' +
    `${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY e.seq ${order} LIMIT ${param(q.limit)}`;
  return { text, values };
}

interface EventRow {
  seq: string | number | bigint;
  time: Date | string;
  type: string;
  subject: string | null;
  data: unknown;
  commitment?: Uint8Array | null;
  private?: unknown;
}

/** JSON as a row gives it: parsed already (pg JSONB) or text (SQLite). */
export const parseJson = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
export const isoTime = (t: Date | string) => (t instanceof Date ? t.toISOString() : new Date(t).toISOString());

/**
 * Rows come back with BIGINT as string (pg) or number; JSONB parsed or not.
 * A private record's data is joined from where it is kept apart; once
 * erased, the event keeps its place in the log with `erased: true` and
 * empty data.
 */
export function rowToEvent(row: EventRow): StoredEvent {
  const base = { seq: Number(row.seq), time: isoTime(row.time), type: row.type as EventType, subject: row.subject };
  if (row.commitment == null) return { ...base, data: parseJson(row.data) } as StoredEvent;
  if (row.private == null) return { ...base, data: {}, erased: true } as StoredEvent;
  return { ...base, data: parseJson(row.private) } as StoredEvent;
}

export function rowToSnapshot(row: { seq: string | number | bigint; taken_at: Date | string; state: unknown }): Snapshot {
  return {
    seq: Number(row.seq),
    takenAt: row.taken_at instanceof Date ? row.taken_at.toISOString() : new Date(row.taken_at).toISOString(),
    state: parseJson(row.state) as TwinState,
  };
}
