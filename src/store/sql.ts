import type { EventType, StoredEvent, TwinState } from '../twin/index.js';
import type { EventQuery, Snapshot } from './types.js';

export type Dialect = 'postgres' | 'sqlite';

/**
 * Column types per dialect. Everything else — tables, indexes, migrations,
 * queries — is written once, in the SQL both PostgreSQL and SQLite accept, so
 * an event log means the same on either backend. SQLite keeps times as
 * ISO 8601 UTC text (which sorts like time) and JSON as text.
 */
const TYPES: Record<Dialect, { seqKey: string; time: string; json: string }> = {
  postgres: { seqKey: 'BIGINT PRIMARY KEY', time: 'TIMESTAMPTZ', json: 'JSONB' },
  // INTEGER PRIMARY KEY is SQLite's rowid: the fast path for an append-only log.
  sqlite: { seqKey: 'INTEGER PRIMARY KEY', time: 'TEXT', json: 'TEXT' },
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

/** One row of `events`: SQLite's fastest path is this statement, prepared once, run per row. */
export const INSERT_EVENT = 'INSERT INTO events (seq, time, type, subject, data) VALUES ($1, $2, $3, $4, $5)';

export function eventValues(e: StoredEvent): unknown[] {
  return [e.seq, e.time, e.type, e.subject, JSON.stringify(e.data)];
}

/** A multi-row INSERT for `events`, with its parameters: PostgreSQL's fastest path (one round trip). */
export function insertEvents(events: readonly StoredEvent[]): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const rows: string[] = [];
  for (const e of events) {
    const n = values.length;
    rows.push(`($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5})`);
    values.push(...eventValues(e));
  }
  return { text: `INSERT INTO events (seq, time, type, subject, data) VALUES ${rows.join(', ')}`, values };
}

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
  if (q.after !== undefined) where.push(`seq > ${param(q.after)}`);
  if (q.before !== undefined) where.push(`seq < ${param(q.before)}`);
  if (q.types && q.types.length > 0) where.push(`type IN (${q.types.map(param).join(', ')})`);
  if (q.subject !== undefined) where.push(`subject = ${param(q.subject)}`);
  // Normalized to UTC ISO text: SQLite compares times as text.
  if (q.since !== undefined) where.push(`time >= ${param(new Date(q.since).toISOString())}`);
  if (q.until !== undefined) where.push(`time < ${param(new Date(q.until).toISOString())}`);
  const order = q.order === 'desc' ? 'DESC' : 'ASC';
  const text = `SELECT seq, time, type, subject, data FROM events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq ${order} LIMIT ${param(q.limit)}`;
  return { text, values };
}

interface EventRow {
  seq: string | number | bigint;
  time: Date | string;
  type: string;
  subject: string | null;
  data: unknown;
}

/** Rows come back with BIGINT as string (pg) or number; JSONB parsed or not. */
export function rowToEvent(row: EventRow): StoredEvent {
  return {
    seq: Number(row.seq),
    time: row.time instanceof Date ? row.time.toISOString() : new Date(row.time).toISOString(),
    type: row.type as EventType,
    subject: row.subject,
    data: typeof row.data === 'string' ? JSON.parse(row.data) : row.data,
  } as StoredEvent;
}

export function rowToSnapshot(row: { seq: string | number | bigint; taken_at: Date | string; state: unknown }): Snapshot {
  return {
    seq: Number(row.seq),
    takenAt: row.taken_at instanceof Date ? row.taken_at.toISOString() : new Date(row.taken_at).toISOString(),
    state: (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as TwinState,
  };
}
