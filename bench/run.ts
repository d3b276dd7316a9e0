// `npm run bench`: Twinward's throughput beside a baseline measured in the
// same run, as a ratio. `npm run bench -- --write` also rewrites BENCHMARKS.md.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { parseDocument } from 'yaml';
import { checkModel, memoryModelFiles } from '../src/model/index.js';
import { openStore } from '../src/store/index.js';
import { TwinNode, type Reading } from '../src/twin/index.js';
import { baseModel } from '../test/helpers/models.js';
import { PG_URL } from '../test/helpers/stores.js';

interface Row {
  what: string;
  value: number;
  unit: string;
  baseline: string;
  baseValue: number;
}
const rows: Row[] = [];
const rate = (n: number, ms: number) => (n * 1000) / ms;
const time = async (fn: () => Promise<unknown> | unknown) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};
const report = (r: Row) => {
  rows.push(r);
  console.log(`${r.what.padEnd(58)} ${fmt(r.value).padStart(10)} ${r.unit.padEnd(9)} | ${r.baseline}: ${fmt(r.baseValue)} ${r.unit} | ratio ${(r.value / r.baseValue).toFixed(2)}`);
};
const fmt = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2));
const payload = (i: number) => JSON.stringify({ value: i / 10, time: new Date(1_700_000_000_000 + i).toISOString(), quality: 'good', source: 'bench' });

const N = 100_000;
const BATCH = 100;
const readings = (n: number): Reading[] => Array.from({ length: n }, (_, i) => ({ tag: i % 2 ? 'raw-level' : 'pump-run', value: i % 2 ? (i % 50) / 10 : i % 2, source: 'bench' }));

/** Twinward: readings submitted in batches, each judged, applied and group-committed. */
async function twinwardIngest(storeUrl: string | undefined, dir: string, n: number, batch: number): Promise<number> {
  const node = await TwinNode.open({ model: await baseModel(), store: await openStore(storeUrl, dir), version: 'bench', snapshotEvery: 1_000_000 });
  const input = readings(n);
  const ms = await time(async () => {
    const pending = [];
    for (let i = 0; i < n; i += batch) pending.push(node.ingest(input.slice(i, i + batch)));
    await Promise.all(pending);
  });
  const events = node.seq;
  await node.close();
  return rate(events - 2, ms);
}

async function twinwardOneByOne(storeUrl: string | undefined, dir: string, n: number): Promise<number> {
  const node = await TwinNode.open({ model: await baseModel(), store: await openStore(storeUrl, dir), version: 'bench' });
  const input = readings(n);
  const ms = await time(async () => {
    for (const r of input) await node.ingest([r]);
  });
  await node.close();
  return rate(n, ms);
}

async function embedded(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tw-bench-'));
  // Raw: the same rows through better-sqlite3 directly, same pragmas, 1000 rows per transaction.
  const raw = new Database(join(dir, 'raw.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.exec('CREATE TABLE events (seq INTEGER PRIMARY KEY, time TEXT, type TEXT, subject TEXT, data TEXT)');
  const ins = raw.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?)');
  const many = raw.transaction((from: number, count: number) => {
    for (let i = from; i < from + count; i++) ins.run(i + 1, new Date().toISOString(), 'tag.reading', 'raw-level', payload(i));
  });
  const rawMs = await time(() => {
    for (let i = 0; i < N; i += 1000) many(i, 1000);
  });
  const oneMs = await time(() => {
    for (let i = N; i < N + 2000; i++) many(i, 1);
  });
  raw.close();
  report({ what: `embedded: ingest ${N / 1000}k readings, batches of ${BATCH}`, value: await twinwardIngest(undefined, join(dir, 'a'), N, BATCH), unit: 'events/s', baseline: 'raw SQLite INSERT, 1000/tx', baseValue: rate(N, rawMs) });
  report({ what: 'embedded: ingest 2k readings one at a time (commit each)', value: await twinwardOneByOne(undefined, join(dir, 'b'), 2000), unit: 'events/s', baseline: 'raw SQLite INSERT, 1/tx', baseValue: rate(2000, oneMs) });
  rmSync(dir, { recursive: true, force: true });
}

async function postgres(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tw-bench-'));
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query('DROP SCHEMA IF EXISTS bench_raw CASCADE; CREATE SCHEMA bench_raw; CREATE TABLE bench_raw.events (seq BIGINT PRIMARY KEY, time TIMESTAMPTZ, type TEXT, subject TEXT, data JSONB)');
  // Raw: multi-row INSERTs of 1000 rows per transaction, the same shape Twinward sends.
  const insert = async (from: number, count: number) => {
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (let i = from; i < from + count; i++) {
      const k = values.length;
      tuples.push(`($${k + 1}, $${k + 2}, $${k + 3}, $${k + 4}, $${k + 5})`);
      values.push(i + 1, new Date().toISOString(), 'tag.reading', 'raw-level', payload(i));
    }
    await c.query('BEGIN');
    await c.query(`INSERT INTO bench_raw.events VALUES ${tuples.join(', ')}`, values);
    await c.query('COMMIT');
  };
  const rawMs = await time(async () => {
    for (let i = 0; i < N; i += 1000) await insert(i, 1000);
  });
  const oneMs = await time(async () => {
    for (let i = N; i < N + 2000; i++) await insert(i, 1);
  });
  for (const s of ['bench_raw', 'bench_a', 'bench_b']) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  report({ what: `postgres: ingest ${N / 1000}k readings, batches of ${BATCH}`, value: await twinwardIngest(`${PG_URL}?schema=bench_a`, dir, N, BATCH), unit: 'events/s', baseline: 'raw pg multi-row INSERT, 1000/tx', baseValue: rate(N, rawMs) });
  report({ what: 'postgres: ingest 2k readings one at a time (commit each)', value: await twinwardOneByOne(`${PG_URL}?schema=bench_b`, dir, 2000), unit: 'events/s', baseline: 'raw pg INSERT, 1/tx', baseValue: rate(2000, oneMs) });
  for (const s of ['bench_a', 'bench_b']) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await c.end();
  rmSync(dir, { recursive: true, force: true });
}

async function validation(): Promise<void> {
  const path = new URL('../examples/water-treatment/model.yaml', import.meta.url);
  const text = readFileSync(path, 'utf8');
  const runs = 50;
  const parseMs = await time(() => {
    for (let i = 0; i < runs; i++) parseDocument(text).toJS();
  });
  const files = memoryModelFiles({ 'm.yaml': text });
  const checkMs = await time(async () => {
    for (let i = 0; i < runs; i++) await checkModel('m.yaml', files);
  });
  report({ what: 'validate water-treatment (1,500 lines): models/s', value: rate(runs, checkMs), unit: 'models/s', baseline: 'YAML parse alone', baseValue: rate(runs, parseMs) });
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
console.log(`Twinward benchmarks on ${machine}\n`);
await embedded();
await postgres().catch((err) => console.log(`postgres: skipped (${(err as Error).message}); set TWINWARD_TEST_PG`));
await validation();

if (process.argv.includes('--write')) {
  const table = rows.map((r) => `| ${r.what} | ${fmt(r.value)} ${r.unit} | ${r.baseline} | ${fmt(r.baseValue)} ${r.unit} | ${(r.value / r.baseValue).toFixed(2)} |`).join('\n');
  const doc = `# Benchmarks

Latest figures from \`npm run bench -- --write\` (\`npm run bench\` prints them
without writing this file). Each figure stands beside a baseline measured in
the same run on the same machine, and their ratio.

Machine: ${machine}; ${new Date().toISOString().slice(0, 10)}.

| what | Twinward | baseline | baseline figure | ratio |
|---|---|---|---|---|
${table}

Notes:
- "ingest" is the whole write path: each reading is judged by the runtime,
  applied to the live state, and group-committed to the event log; a batch is
  acknowledged only when durable. Asset-status events ride along, so events/s
  counts every event written.
- The embedded store fsyncs every commit (\`synchronous=FULL\`); one-at-a-time
  ingest is therefore bound by the disk's fsync rate, like its raw baseline.
- The engine choice behind the embedded store is in
  docs/decisions/0001-embedded-store.md.
`;
  writeFileSync(new URL('../BENCHMARKS.md', import.meta.url), doc);
  console.log('\nBENCHMARKS.md written');
}
