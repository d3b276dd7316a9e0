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
import { connectorRate, decodeJsonPayload, encodeJsonSample, rawBrokerRate, startEmbeddedBroker } from '../src/sync/mqtt/index.js';
import { NodeSink } from '../src/sync/node-sink.js';
import type { Sink } from '../src/sync/types.js';
import { baseModel } from '../test/helpers/models.js';
import { PG_URL } from '../test/helpers/stores.js';
import { ledgerBenchmarks, ledgerNotes } from './ledger.js';
import { attackBenchmarks, bloodhoundScaleBench, ransomwareBench } from './attack.js';
import { fmt, latencies, rate, ratio, report, rows, time } from './util.js';

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

/** Decode JSON payloads -> twin state -> events -> embedded store, in one process. */
async function inProcess(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tw-bench-'));
  const payloads = Array.from({ length: N }, (_, i) => Buffer.from(encodeJsonSample((i % 50) / 10, 1_700_000_000_000 + i)));
  const rawMs = await time(() => {
    for (const p of payloads) JSON.parse(p.toString('utf8'));
  });
  const node = await TwinNode.open({ model: await baseModel(), store: await openStore(undefined, dir), version: 'bench', snapshotEvery: 1_000_000 });
  const ms = await time(async () => {
    const pending = [];
    for (let i = 0; i < N; i += 1000) {
      const batch: Reading[] = [];
      for (let j = i; j < i + 1000; j++) {
        const d = decodeJsonPayload(payloads[j]!);
        if (d.ok) batch.push({ tag: 'raw-level', value: d.value, ...(d.time ? { time: d.time } : {}), source: 'bench' });
      }
      pending.push(node.ingest(batch));
    }
    await Promise.all(pending);
  });
  await node.close();
  rmSync(dir, { recursive: true, force: true });
  report({ what: `in-process: decode JSON + state + events + embedded store (${N / 1000}k)`, value: rate(N, ms), unit: 'readings/s', baseline: 'JSON.parse alone', baseValue: rate(N, rawMs) });
}

/**
 * Publisher -> broker -> MqttConnector -> twin -> embedded store, beside the
 * same mqtt.js publisher and subscriber with no twin (QoS 1 both).
 */
async function overMqtt(label: string, url: string): Promise<void> {
  const messages = 30_000;
  const raw = await rawBrokerRate({ url, messages, payloadBytes: 48 });
  const alone = await connectorRate({ url, messages });
  report({ what: `${label}: MQTT -> connector, no twin (${messages / 1000}k, QoS 1)`, value: alone.perSecond, unit: 'readings/s', baseline: `raw ${label} pub->sub, QoS 1`, baseValue: raw.qos1.perSecond });
  const dir = mkdtempSync(join(tmpdir(), 'tw-bench-'));
  const node = await TwinNode.open({ model: await baseModel(), store: await openStore(undefined, dir), version: 'bench', snapshotEvery: 1_000_000 });
  const twin = new NodeSink(node);
  // The bench payload carries its send time as the value (for latency); the twin gets a plausible level instead.
  const sink: Sink = { ...twin, readings: (batch) => twin.readings(batch.map((r) => ({ ...r, tag: 'raw-level', value: (Number(r.value) % 5000) / 1000 }))), observe: (b) => twin.observe(b), unknownSource: () => undefined, deviceStatus: () => undefined, connectorStatus: () => undefined };
  const through = await connectorRate({ url, messages, sink });
  await node.close();
  rmSync(dir, { recursive: true, force: true });
  report({ what: `${label}: MQTT -> connector -> twin -> store (${messages / 1000}k, QoS 1)`, value: through.perSecond, unit: 'readings/s', baseline: `raw ${label} pub->sub, QoS 1`, baseValue: raw.qos1.perSecond });
  latencies.push(`${label}: publish -> durable in the twin, p50 ${through.p50Ms.toFixed(1)} ms, p99 ${through.p99Ms.toFixed(1)} ms (${messages / 1000}k messages sent as fast as possible)`);
  console.log(`  ${latencies[latencies.length - 1]}`);
}

/** Modbus polling and OPC UA subscriptions against the simulator-side servers on loopback. */
async function otProtocols(): Promise<void> {
  const { modbusPollRate } = await import('./modbus.js');
  const { opcuaSubscriptionRate } = await import('./opcua.js');
  const model = await baseModel();
  const plc = model.model.process.tags.filter((t) => t.asset === 'plc-1' && t.bindings.some((b) => b.protocol === 'modbus'));
  const m = await modbusPollRate(plc, 'plc-1');
  report({ what: 'Modbus TCP: connector polls, tags due every 1 ms', value: m.connectorPollsPerSecond, unit: 'polls/s', baseline: 'bare jsmodbus client, back to back', baseValue: m.rawRequestsPerSecond });
  const water = readFileSync(new URL('../examples/water-treatment/model.yaml', import.meta.url), 'utf8');
  const loaded = (await checkModel('m.yaml', memoryModelFiles({ 'm.yaml': water }))).loaded!;
  const dir = mkdtempSync(join(tmpdir(), 'tw-bench-opcua-'));
  const o = await opcuaSubscriptionRate(loaded.model.process.tags, dir, 50);
  rmSync(dir, { recursive: true, force: true });
  latencies.push(`OPC UA: sample on the server -> reading in the sink, p50 ${o.latencyP50Ms.toFixed(1)} ms, p95 ${o.latencyP95Ms.toFixed(1)} ms (publishing interval ${o.samplingIntervalMs} ms)`);
  report({ what: `OPC UA: subscription readings, ${o.tags} tags sampled every ${o.samplingIntervalMs} ms`, value: o.readingsPerSecond, unit: 'readings/s', baseline: 'what the sampling interval allows', baseValue: o.ceilingPerSecond });
}
const evaluations: string[] = [];
const scenarioLines: string[] = [];

/** The simulator's labelled scenarios through every detector (quality; `twinward eval scenarios`). */
async function scenarioScores(): Promise<void> {
  const { evalScenariosCommand } = await import('../src/cli/commands/eval-scenarios.js');
  const model = new URL('../examples/water-treatment/model.yaml', import.meta.url).pathname;
  await evalScenariosCommand({ model }, { out: (l) => scenarioLines.push(l), err: () => undefined, tty: false });
  console.log(scenarioLines.at(-1));
}

/** SKAB, published protocol: each detector's pooled F1/FAR/MAR (quality, not speed; kept here so the file has every measured figure). */
async function skabScores(): Promise<void> {
  const { evalSkabCommand } = await import('../src/cli/commands/eval.js');
  const data = new URL('../../shared/data/skab', import.meta.url).pathname;
  for (const detector of ['pca', 'regression', 'autoencoder', 'ensemble']) {
    const lines: string[] = [];
    const code = await evalSkabCommand({ data, detector }, { out: (l) => lines.push(l), err: () => undefined, tty: false });
    const row = lines.find((l) => l.startsWith('> Twinward'));
    if (code !== 0 || !row) {
      console.log(`skab ${detector}: skipped (no data at ${data})`);
      return;
    }
    const [f1, far, mar] = row.trim().split(/\s+/).slice(-3);
    evaluations.push(`| ${detector} | ${f1} | ${far} | ${mar} |`);
    console.log(`SKAB ${detector}: F1 ${f1}, FAR ${far} %, MAR ${mar} %`);
  }
}

/** Rule detectors over committed events, beside the same engine with no rules; and reading -> durable alert latency. */
async function detection(): Promise<void> {
  const { AlertEngine } = await import('../src/detect/alert-engine.js');
  const { CommandRules } = await import('../src/detect/rules/command-rules.js');
  const { LimitRules } = await import('../src/detect/rules/limit-rules.js');
  const { attachDetection, detectionEngine } = await import('../src/detect/detection.js');
  const { loadTechniques } = await import('../src/cli/techniques.js');
  const model = await baseModel();
  const techniques = loadTechniques();
  const tags = new Map(model.model.process.tags.map((t) => [t.id, t]));
  const events = Array.from({ length: N }, (_, i) => {
    const time = new Date(1_700_000_000_000 + i * 100).toISOString();
    return { seq: i + 1, type: 'tag.reading' as const, time, subject: 'raw-level', data: { value: 1 + (i % 30) / 10, time, quality: 'good' as const, source: 'bench' } };
  });
  const none = new AlertEngine({ rules: [], techniques, tags });
  const rules = new AlertEngine({ rules: [new CommandRules(), new LimitRules()], techniques, tags });
  const baseMs = await time(() => none.judge(events));
  const ms = await time(() => rules.judge(events));
  report({ what: `rule detectors over ${N / 1000}k readings (limits crossed 1 in 30)`, value: rate(N, ms), unit: 'readings/s', baseline: 'alert engine with no rules', baseValue: rate(N, baseMs) });

  const dir = mkdtempSync(join(tmpdir(), 'tw-bench-'));
  const node = await TwinNode.open({ model, store: await openStore(undefined, dir), version: 'bench' });
  attachDetection(node, detectionEngine(model, node.twin.tags, techniques));
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    const alerted = new Promise<void>((resolve) => {
      const off = node.subscribe((evs) => {
        if (evs.some((e) => e.type === 'alert.raised')) (off(), resolve());
      });
    });
    const t = performance.now();
    await node.ingest([{ tag: 'raw-level', value: 4.7, source: 'bench' }]);
    await alerted;
    samples.push(performance.now() - t);
    await node.ingest([{ tag: 'raw-level', value: 2, source: 'bench' }]);
  }
  await node.close();
  rmSync(dir, { recursive: true, force: true });
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
  latencies.push(`reading past a trip limit -> durable alert (embedded store, fsync per commit), p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms over ${samples.length} excursions`);
  console.log(`  ${latencies[latencies.length - 1]}`);
}

/**
 * Learned detectors, one core: each member's streaming scorer over rows of the
 * water plant's intake group, and the whole ensemble (GroupRule: row building,
 * members, vote) over the readings. Baselines: standardising the row alone
 * (the least any row model does), and the alert engine with no rules.
 */
async function learnedDetectors(): Promise<void> {
  const { trainOnSimulation } = await import('../src/training/index.js');
  const { detectionEngine, defaultRules } = await import('../src/detect/detection.js');
  const { AlertEngine } = await import('../src/detect/alert-engine.js');
  const { physicsRules } = await import('../src/detect/physics/index.js');
  const { resample } = await import('../src/detect/resample.js');
  const { fitStandardizer, standardizeRow } = await import('../src/detect/standardize.js');
  const { loadTechniques } = await import('../src/cli/techniques.js');
  const { PlantSimulator } = await import('../src/process/index.js');
  const { nodeModelFiles } = await import('../src/cli/model-files.js');
  const { loaded } = await checkModel(new URL('../examples/water-treatment/model.yaml', import.meta.url).pathname, nodeModelFiles);
  const model = loaded!;
  const { groups } = await trainOnSimulation(model, { seconds: 10_800, seed: 9001 });
  // Readings of an unseen normal run (2 simulated hours), every tag.
  const sim = new PlantSimulator(model.model, { seed: 4 });
  type Reading = { seq: number; type: 'tag.reading'; time: string; subject: string; data: { value: number; time: string; quality: 'good'; source: string } };
  const readings: Reading[] = [];
  const values: { tag: string; time: number; value: number }[] = [];
  const end = sim.time + 7200 * 1000;
  while (sim.time < end) {
    for (const x of sim.step().samples) {
      const iso = new Date(x.time).toISOString();
      readings.push({ seq: readings.length + 1, type: 'tag.reading', time: iso, subject: x.tag, data: { value: x.value, time: iso, quality: 'good', source: 'bench' } });
      values.push({ tag: x.tag, time: x.time, value: x.value });
    }
  }
  const done = new Set<string>();
  for (const g of groups) {
    const rowsOut = resample(values, g.tags, 1, 30).rows; // one row a second, whatever the group's period, for a steady figure
    const std = fitStandardizer(rowsOut.slice(0, 1000));
    const zMs = await time(() => {
      for (const row of rowsOut) standardizeRow(std, row);
    });
    for (const m of g.members) {
      if (done.has(m.name)) continue;
      done.add(m.name);
      const scorer = m.detector.scorer();
      const ms = await time(() => {
        for (const row of rowsOut) scorer.push(row);
      });
      report({ what: `${m.name} (group ${g.group}): streaming score of ${(rowsOut.length / 1000).toFixed(1)}k rows of ${g.tags.length} tags, one core`, value: rate(rowsOut.length, ms), unit: 'rows/s', baseline: 'standardising the row alone', baseValue: rate(rowsOut.length, zMs) });
    }
  }
  const techniques = loadTechniques();
  const tags = new Map(model.model.process.tags.map((t) => [t.id, t]));
  const n = `${Math.round(readings.length / 1000)}k readings of the water plant (32 tags, 2 h)`;
  const baseMs = await time(() => new AlertEngine({ rules: [], techniques, tags }).judge(readings));
  const physicsMs = await time(() => new AlertEngine({ rules: physicsRules(model), techniques, tags }).judge(readings));
  report({ what: `physics residuals + CUSUM (11 relations) over ${n}`, value: rate(readings.length, physicsMs), unit: 'readings/s', baseline: 'alert engine with no rules', baseValue: rate(readings.length, baseMs) });
  const rulesMs = await time(() => new AlertEngine({ rules: defaultRules(model), techniques, tags }).judge(readings));
  report({ what: `rules + physics over ${n}`, value: rate(readings.length, rulesMs), unit: 'readings/s', baseline: 'alert engine with no rules', baseValue: rate(readings.length, baseMs) });
  const allMs = await time(() => detectionEngine(model, tags, techniques, groups).judge(readings));
  report({ what: `whole detection (rules, physics, 3 trained ensembles: ${groups.map((g) => g.members.map((m) => m.name).join('+')).join(', ')}) over ${n}`, value: rate(readings.length, allMs), unit: 'readings/s', baseline: 'alert engine with no rules', baseValue: rate(readings.length, baseMs) });
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

/** The ledger section of BENCHMARKS.md: the prose is here, the measured lines come from bench/ledger.ts. */
function ledgerSection(): string {
  const bullets = (xs: string[]) => xs.map((l) => `- ${l}`).join('\n');
  return `## The ledger (issue 5): appends, checkpoints, proofs

Every event a store commits is a ledger entry: \`SqlEventStore.append\`
computes each event's leaf (the RFC 6962 hash of its JCS record,
src/ledger/records.ts) and, for each 256-leaf tile the batch completes, the
tile's hash and its 510 nodes (its 256 leaves and each inner level below the
tile hash, 16,320 B), and writes them in the events' own transaction, one
\`ledger_tiles\` row per tile. The tree in memory (\`TiledTree\`) keeps the
tile hashes and the complete subtrees above them, plus every node of the
incomplete last tile; a proof reads at most one or two tile rows back from
the store (an LRU cache holds 64 tiles) and hashes only its ragged edges.
\`MerkleLog\`, which keeps every node in memory, is measured beside it as the
all-in-memory reference. Targets: in memory at least 50% of the SHA-256
ceiling; durable at least 20,000 entries/s on this 2-core machine; a proof
generated and verified in under 100 µs at 10M leaves.

The ceiling is Node's one-shot \`crypto.hash('sha256')\` (createHash where
Node lacks it; the rows say which) on the same input sizes, measured in the
same run: two hashes per entry, the leaf hash
(0x00 || record) and one node hash (0x01 || left || right, 65 B; n leaves
need n - 1 of them). src/ledger/merkle.ts hashes leaves and nodes the same
way, one-shot from a reused buffer.

### Appends (table rows "ledger, in memory", "leaf preparation", "ledger, durable")
- In memory: 500k entries of 200 B, leaf hash included; TiledTree in batches
  of 1,000, \`prepare\` then \`commit\` as \`SqlEventStore.append\` runs them
  (each completed tile's nodes built, nothing stored), without a database.
  Best of two runs, the two trees interleaved.
- Leaf preparation alone: \`prepareEntry\` on the 200k events of the durable
  rows: the data column's JSON, the JCS of the data as the store will read it
  back (written directly, no JSON round trip), the record written in its
  fixed key order, and its leaf hash. It runs inside \`append\`.
- Durable: 200k \`tag.reading\` events shaped as the node writes them, through
  \`SqlEventStore.append\` on a fresh store, one transaction per batch of 1,000
  or 100, each resolving once durable. Embedded: SQLite in WAL mode,
  \`synchronous=full\` (the default; fsync per commit) or \`normal\`.
  PostgreSQL: the server on this machine, sharing its two cores. The ledger is
  part of every append, so there is no store without it to compare with: the
  baseline is the SHA-256 ceiling on the records' real sizes, and the lines
  below split an entry's time: leaf preparation and the tree (\`prepare\` +
  \`commit\` on the same leaves, 1,000 a batch) each measured alone, and the
  store's own SQL (the events and their \`ledger_tiles\` rows, hash and nodes)
  measured alone on the same rows already prepared.

${bullets([...ledgerNotes.memory, ...ledgerNotes.durable])}

What could raise them further (not done):
1. PostgreSQL: Node and the server take turns (each waits while the other
   works). Preparing the next batch's leaves while the previous transaction
   is in flight (for instance when the node numbers events, before the
   batch reaches \`append\`) overlaps them, so the rate tends to that of the
   store's SQL alone (the line above).
2. SQLite: binding the seven values positionally instead of through a
   \`{1: .., 2: ..}\` object built for every row (src/store/embedded.ts).

### Checkpoint signing (table rows "Ledger.checkpoint()"; rate = 1 / median)
${bullets(ledgerNotes.signing)}

\`Ledger.checkpoint()\` reads the latest checkpoint, computes the root (from
the tile hashes, the subtrees above them and the last tile's kept nodes: a
node hash per ragged edge, none inside a complete subtree), signs the note
(the signer holds its key hash, computed once by \`noteSigner\`), inserts the
checkpoint (an fsync with \`synchronous=full\`) and reads it back with its
cosignatures: on PostgreSQL each of its four queries is a round trip (a
fifth, for the witnesses' last cosigned sizes, only when witnesses are
configured; the bench configures none). These
parts are not timed separately here.

### Proofs at 1M and 10M leaves
${ledgerNotes.proofTable.join('\n')}

Trees of 1M and 10M random leaf hashes (a proof does not depend on what was
hashed); at these sizes the last, incomplete tile holds 64 and 128 leaves.
Inclusion: the leaf, its proof and the check against the checkpoint's root
(computed once: \`Ledger.prove\` proves against the signed checkpoint).
Consistency: a proof from a random earlier size, both roots and the check
(what \`Ledger.consistency\` returns). Each proof asks for a different
complete tile, one the tree's cache does not hold ("tile reads" per proof;
1.00 means every proof read one tile). "Tile nodes from memory": the tile
source returns each tile's 510 nodes, built beforehand with
\`TiledTree.tileOf\`, from a buffer in memory, which leaves the tree's own
cost; "tile row read from SQLite": a file of 39,062 \`ledger_tiles (tile,
nodes)\` rows read through the store's own tile source (\`SELECT nodes FROM
ledger_tiles WHERE tile = $1\`, one row per tile read), fsynced and then
read through once, so its pages are in the OS page cache as a live node's are
while its store fits in RAM; "in the LRU cache": 32 tiles asked again; "read
from the disk": 300 inclusion proofs on a fresh tree right after emptying the
OS page cache (\`/proc/sys/vm/drop_caches\`, root only), every tile row read
from the disk. Each figure is the median of three rounds (over different
tiles, interleaved between the trees) of the medians of 1,000 inclusion and
500 consistency proofs, after a warm-up (the rounds' spread is in the notes
below: writeback or memory reclaim on this shared VM can slow one round).

${bullets(ledgerNotes.proofs)}

A proof hashes nothing inside a complete tile: the tile's row holds every
node it needs and the cache keeps those nodes. On the right edge it hashes
only the ragged subtrees, since the last tile keeps its nodes as it fills,
and each unaligned range's hash is remembered once computed (they are the
same for every proof against one checkpoint, and never change).
Every figure in the table, MerkleLog's included, also holds the check itself,
which hashes the whole path again (its time alone is in the line above).
`;
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
console.log(`Twinward benchmarks on ${machine}\n`);
await embedded();
await postgres().catch((err) => console.log(`postgres: skipped (${(err as Error).message}); set TWINWARD_TEST_PG`));
await validation();
await inProcess();
await detection();
await learnedDetectors();
await ledgerBenchmarks();
console.log('\nattack simulation (generated networks)');
const attackLines = [...(await attackBenchmarks([1000, 10_000, 50_000])), ransomwareBench(10_000, 10_000), bloodhoundScaleBench()];
await otProtocols();
await skabScores();
await scenarioScores();
const broker = await startEmbeddedBroker({ port: 0 });
await overMqtt('aedes', broker.url);
await broker.close();
await overMqtt('mosquitto', 'mqtt://127.0.0.1:1883').catch((err) => console.log(`mosquitto: skipped (${(err as Error).message})`));

if (process.argv.includes('--write')) {
  const table = rows.map((r) => `| ${r.what} | ${fmt(r.value)} ${r.unit} | ${r.baseline} | ${fmt(r.baseValue)} ${r.unit} | ${ratio(r.value / r.baseValue)} |`).join('\n');
  const doc = `# Benchmarks

Latest figures from \`npm run bench -- --write\` (\`npm run bench\` prints them
without writing this file). Each figure stands beside a baseline measured in
the same run on the same machine, and their ratio.

Machine: ${machine}; ${new Date().toISOString().slice(0, 10)}.

| what | Twinward | baseline | baseline figure | ratio |
|---|---|---|---|---|
${table}

${latencies.map((l) => `- Latency, ${l}.`).join('\n')}

${ledgerSection()}
## Attack simulation (issue 6): graph generation, path queries, ransomware Monte Carlo
\`node --import tsx bench/attack.ts\` runs this part alone. Networks are generated
(bench/attack.ts \`generatedNetwork\`): zones of 100 hosts in a chain from an
external zone through a DMZ and office zones to control zones, conduits
between neighbours allowing RDP, SMB and HTTPS (and Modbus into control
zones), a network CVE on one host in five, five admin accounts valid on each
zone's hosts, a PLC driving a tank in each control zone; MulVAL's 1,000-host
case is one flat, fully connected zone. The path query is the most likely
derivation of the farthest tank from the internet (Knuth's generalised
Dijkstra on the logical AND/OR graph); the "full query" adds 3 most likely and
3 cheapest paths, choke points and the least-cost hardening. Ransomware runs
on the spread graph (src/attack/spread.ts: assets, zone positions and
credentials, OR-only), each run a Dijkstra whose steps are drawn as they are
reached. BloodHound's scale is a random directed graph of 250,000 nodes and
6,000,000 edges with heavy-tailed out-degrees. Baselines, same run: a plain
BFS over the same arrays (for the Monte Carlo, one BFS of the spread graph per run).

${attackLines.map((l) => `- ${l}`).join('\n')}

## Detection quality on SKAB (\`twinward eval skab --data ../shared/data/skab [--detector name]\`)
Published protocol: first 400 rows of each of the 34 labelled files train, the
rest is scored point-wise and pooled; thresholds come from training rows only.
Goal: F1 >= 0.80 with FAR <= 13.55 % (Conv-AE: 0.78 / 13.55). **Not reached.**
What limits it: 400 training rows (under 7 minutes) do not show the slow drift
of later normal rows: the autoencoder alarms on 24 % of purely normal
continuation rows of the anomaly-free file at its threshold, a floor on FAR.
Twinward scores causally (a row's verdict uses only rows up to it, the same in
streaming and batch), while the published Conv-AE marks a row only when every
window covering it exceeds the threshold, about 58 rows of look-ahead. The
autoencoder's drift tracker absorbs part of long anomalies. Every setting was
fixed a priori or chosen on the anomaly-free file, never on SKAB's test
labels; SKAB results were seen along the way, so these are not single blind
runs. \`ensemble\` is pca + regression + autoencoder, 2 of 3.

| detector | F1 | FAR % | MAR % |
|---|---|---|---|
${evaluations.join('\n')}
| published T-squared+Q (PCA) | 0.76 | 26.62 | 24.92 |
| published Conv-AE | 0.78 | 13.55 | 28.02 |

## Detection on the simulator's labelled scenarios (\`twinward eval scenarios -m examples/water-treatment/model.yaml\`)
Detection groups train first on 3 h of simulated normal operation (seed 9001,
used by no scenario). "false alarms" are alerts outside every injection window
(plus 120 s of grace).

\`\`\`
${scenarioLines.join('\n')}
\`\`\`

Notes:
- "ingest" is the whole write path: each reading is judged by the runtime,
  applied to the live state, and group-committed to the event log; a batch is
  acknowledged only when durable. Asset-status events ride along, so events/s
  counts every event written.
- The embedded store fsyncs every commit (\`synchronous=FULL\`); one-at-a-time
  ingest is therefore bound by the disk's fsync rate, like its raw baseline.
- The Modbus row measures polling paced by the tags' sample periods (set
  to 1 ms here): the connector's timers, not the wire, set its rate; the bare
  client shows what the server and loopback could carry. Field PLCs are
  polled every 100 ms or slower.
- Per core: the node is one process on one core (Node's event loop); the
  MQTT figures share the machine's two cores with the broker and the
  publisher in the same run.
- The engine choice behind the embedded store is in
  docs/decisions/0001-embedded-store.md.

## Where the MQTT time goes (target: 80% of the raw broker rate; not met)
The connector alone reaches 83-90% of the raw broker rate (rows "no twin");
with the twin it falls to about half. A CPU profile of the Mosquitto run
(\`node --cpu-prof\` on the connector-with-twin path, 40k messages; the bench's
publisher runs in the same process) splits the time as: socket writes 12%
(publishes and PUBACKs), the SQLite commit path 17% (statement execution,
row encoding, fsync per batch), mqtt.js packet parsing 8.5%, the connector's
decoding and queueing 8%, garbage collection 6%, the twin's judging and
applying 4.4%, mqtt.js \`debug\` calls 3%, idle (waiting on fsync and the
broker) 10%; the rest is Node internals. Everything runs on one event loop,
so the twin's share adds directly to the connector's. Getting to 80% needs
the store commit off the event loop (a worker thread owning SQLite) and the
publisher out of the measuring process; both are planned, neither is done.
`;
  writeFileSync(new URL('../BENCHMARKS.md', import.meta.url), doc);
  console.log('\nBENCHMARKS.md written');
}
