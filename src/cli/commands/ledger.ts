import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { isTwinwardError } from '../../common/errors.js';
import { loadOrCreateIdentity, KEY_FILE } from '../../identity/index.js';
import { checkConsistencyBundle, checkInclusionBundle, checkSignedCheckpoint, type ConsistencyBundle, type InclusionBundle } from '../../ledger/bundles.js';
import { parseCheckpoint } from '../../ledger/checkpoint.js';
import type { CheckpointView, LedgerStatus, VerifyReport } from '../../ledger/ledger.js';
import { ledgerSettings, nodeLedger, type NodeLedger, type NodeLedgerSettings } from '../../ledger/node-ledger.js';
import { parseNote } from '../../ledger/note.js';
import { checkModel, formatProblem, LedgerSettings } from '../../model/index.js';
import { openStore, type EventStore } from '../../store/index.js';
import { getJson, postJson } from '../api-client.js';
import { nodeModelFiles } from '../model-files.js';
import { EXIT, ExitError, type Output } from '../output.js';

export interface LedgerOptions {
  /** Ask this running node instead of reading its store. */
  api?: string;
  model?: string;
  dataDir: string;
  store?: string;
  json?: boolean;
}

/**
 * A ledger read from the node's store, beside the running node (read-only)
 * or, for `writable`, with the node stopped. The log's key is the node key
 * in the data directory; its origin comes from the model or, without one,
 * from the latest checkpoint (whose signature under the node key and that
 * name is then checked like any other).
 */
async function localLedger(o: LedgerOptions, writable = false): Promise<{ nl: NodeLedger; store: EventStore; close(): Promise<void> }> {
  const dataDir = resolve(o.dataDir);
  if (!existsSync(join(dataDir, KEY_FILE))) throw new ExitError(EXIT.usage, `no node key in ${dataDir}: is --data-dir the node's data directory? (or ask a running node with --api)`);
  const identity = loadOrCreateIdentity(dataDir);
  const store = await openStore(o.store, dataDir, { readOnly: !writable }).catch((err) => {
    if (isTwinwardError(err) && err.code === 'locked') throw new ExitError(EXIT.failure, `${err.message}; while the node runs, ask it with --api <url>`);
    if (isTwinwardError(err)) throw new ExitError(EXIT.failure, `${err.message}${writable ? '' : ' (has the node run in this data directory?)'}`);
    throw err;
  });
  try {
    return { nl: nodeLedger(await settingsFor(o, store), store, identity), store, close: () => store.close() };
  } catch (err) {
    await store.close();
    throw err;
  }
}

async function settingsFor(o: LedgerOptions, store: EventStore): Promise<NodeLedgerSettings> {
  if (o.model) {
    const { loaded, problems } = await checkModel(o.model, nodeModelFiles);
    if (!loaded) throw new ExitError(EXIT.invalid, `${o.model}: ${problems.length} problem(s): ${problems.slice(0, 3).map(formatProblem).join('; ')}`);
    return ledgerSettings(loaded.model);
  }
  const [latest] = await store.checkpoints({ limit: 1 });
  if (!latest) throw new ExitError(EXIT.usage, 'the ledger has no checkpoint yet to take its origin from; give the model with -m');
  const origin = parseCheckpoint(parseNote(latest.note).text).origin;
  return { ...LedgerSettings.parse({}), origin };
}

async function withLocal<T>(o: LedgerOptions, fn: (nl: NodeLedger, store: EventStore) => Promise<T>, writable = false): Promise<T> {
  const l = await localLedger(o, writable);
  try {
    return await fn(l.nl, l.store);
  } catch (err) {
    if (isTwinwardError(err) && !(err instanceof ExitError)) throw new ExitError(err.code === 'bad-request' ? EXIT.usage : EXIT.failure, err.message);
    throw err;
  } finally {
    await l.close();
  }
}

const short = (b64: string) => `${Buffer.from(b64, 'base64').toString('hex').slice(0, 16)}…`;

function printCheckpoint(cp: CheckpointView, io: Output): void {
  io.out(`checkpoint  size ${cp.size}, root ${cp.root}, signed ${cp.time}`);
  io.out(`  cosigned by ${cp.cosignatures.length ? cp.cosignatures.map((c) => `${c.witness} (${c.time})`).join(', ') : 'no witness'}; quorum ${cp.quorum.have}/${cp.quorum.needed}${cp.quorum.met ? ' met' : ' NOT met'}`);
}

export async function ledgerStatusCommand(o: LedgerOptions, io: Output): Promise<number> {
  const status = o.api ? await getJson<LedgerStatus>(o.api, '/api/ledger') : await withLocal(o, (nl) => nl.ledger.status());
  if (o.json) {
    io.out(JSON.stringify(status));
    return EXIT.ok;
  }
  io.out(`ledger      ${status.origin}: ${status.size} entries, root ${status.root}`);
  io.out(`public key  ${status.verifierKey}`);
  if (status.checkpoint) printCheckpoint(status.checkpoint, io);
  else io.out('checkpoint  none signed yet');
  io.out(`unsigned    ${status.unsigned} entr${status.unsigned === 1 ? 'y' : 'ies'} after the latest checkpoint`);
  for (const w of status.witnesses) {
    io.out(`witness     ${w.name}: ${w.cosignedSize === null ? 'has cosigned nothing' : `cosigned size ${w.cosignedSize} at ${w.cosignedAt}`}${w.lastError ? `; last error: ${w.lastError}` : ''}`);
  }
  return EXIT.ok;
}

/** An entry argument: an index (0-based) or, with a "seq:" prefix, an event seq. */
function parseEntry(text: string): number {
  const m = /^(seq:)?(\d+)$/.exec(text.trim());
  if (!m) throw new ExitError(EXIT.usage, `entry must be an index (0, 1, ...) or seq:<n>, got "${text}"`);
  const n = Number(m[2]);
  if (!Number.isSafeInteger(n) || (m[1] && n < 1)) throw new ExitError(EXIT.usage, `entry "${text}" is out of range`);
  return m[1] ? n - 1 : n;
}

function parseSize(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw new ExitError(EXIT.usage, `${name} must be a tree size (a whole number), got "${text}"`);
  return Number(text);
}

export async function ledgerProveCommand(entry: string, o: LedgerOptions & { size?: string; out?: string; opening?: boolean }, io: Output): Promise<number> {
  const index = parseEntry(entry);
  const size = parseSize('--size', o.size);
  const opening = o.opening !== false;
  const q = new URLSearchParams({ opening: String(opening), ...(size !== undefined ? { size: String(size) } : {}) });
  const bundle = o.api
    ? await getJson<InclusionBundle>(o.api, `/api/ledger/entries/${index}/proof?${q}`)
    : await withLocal(o, (nl) => nl.ledger.prove(index, size, { opening }));
  if (o.out) writeFileSync(o.out, `${JSON.stringify(bundle, null, 2)}\n`);
  if (o.json) {
    io.out(JSON.stringify(bundle));
    return EXIT.ok;
  }
  io.out(`entry ${bundle.index} (seq ${bundle.entry.seq}): ${JSON.stringify(bundle.entry)}`);
  io.out(`leaf hash   ${bundle.leafHash}`);
  io.out(`inclusion proof in a tree of ${bundle.treeSize} (${bundle.proof.length} hashes):`);
  for (const h of bundle.proof) io.out(`  ${h}`);
  io.out('checkpoint:');
  for (const line of bundle.checkpoint.trimEnd().split('\n')) io.out(`  ${line}`);
  if (o.out) io.out(`written to ${o.out}; anyone can check it with: twinward ledger check ${o.out} --key '<the log's verifier key>'`);
  return EXIT.ok;
}

export async function ledgerConsistencyCommand(size1: string, size2: string | undefined, o: LedgerOptions & { out?: string }, io: Output): Promise<number> {
  const from = parseSize('size1', size1)!;
  const to = parseSize('size2', size2);
  const bundle = o.api
    ? await getJson<ConsistencyBundle>(o.api, `/api/ledger/consistency?from=${from}${to !== undefined ? `&to=${to}` : ''}`)
    : await withLocal(o, (nl) => nl.ledger.consistency(from, to));
  if (o.out) writeFileSync(o.out, `${JSON.stringify(bundle, null, 2)}\n`);
  if (o.json) {
    io.out(JSON.stringify(bundle));
    return EXIT.ok;
  }
  io.out(`consistency ${bundle.size1} -> ${bundle.size2} (${bundle.proof.length} hashes)`);
  io.out(`root ${bundle.size1}: ${bundle.root1}${bundle.checkpoint1 ? ' (signed checkpoint)' : ''}`);
  io.out(`root ${bundle.size2}: ${bundle.root2}${bundle.checkpoint2 ? ' (signed checkpoint)' : ''}`);
  for (const h of bundle.proof) io.out(`  ${h}`);
  return EXIT.ok;
}

function printReport(r: VerifyReport, io: Output): number {
  const against = r.against ? `checkpoint ${r.against.size} (${r.against.time})` : 'no checkpoint';
  if (r.ok) {
    io.out(`ledger OK: ${r.entries} entries re-hashed and matched against ${r.checkpoints} checkpoint(s), the latest ${against}; ${r.erased} erased record(s), each logged${r.unsigned ? `; ${r.unsigned} entries after the latest checkpoint are not signed yet` : ''}`);
    return EXIT.ok;
  }
  for (const p of r.problems.slice(0, 20)) io.err(`  ${p.message}`);
  if (r.problems.length > 20) io.err(`  … and ${r.problems.length - 20} more`);
  const first = r.firstBad;
  const where = first ? (first.index !== undefined ? `first bad entry: ${first.index} (seq ${first.index + 1})` : `first bad entry among ${first.range![0]}..${first.range![1]}`) : 'a checkpoint or signature is bad';
  throw new ExitError(EXIT.invalid, `ledger verification FAILED (${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}); ${where}: ${first?.message ?? r.problems[0]!.message}`);
}

export async function ledgerVerifyCommand(o: LedgerOptions, io: Output): Promise<number> {
  if (o.api) return printReport(await postJson<VerifyReport>(o.api, '/api/ledger/verify', {}), io);
  const report = await withLocal(o, async (nl) => {
    const bar = io.tty && nl.ledger.size > 50_000 ? new SingleBar({ format: 'verify [{bar}] {percentage}% {value}/{total} entries', stream: process.stderr, fps: 5 }) : undefined;
    bar?.start(nl.ledger.size, 0);
    try {
      return await nl.ledger.verify((done) => bar?.update(done));
    } finally {
      bar?.stop();
    }
  });
  if (o.json) io.out(JSON.stringify(report));
  return printReport(report, io);
}

export async function ledgerCheckpointCommand(o: LedgerOptions, io: Output): Promise<number> {
  const cp = o.api ? await postJson<CheckpointView>(o.api, '/api/ledger/checkpoints', {}) : await withLocal(o, (nl) => nl.ledger.checkpoint(), true);
  if (o.json) io.out(JSON.stringify(cp));
  else {
    printCheckpoint(cp, io);
    io.out(cp.note.trimEnd());
  }
  return EXIT.ok;
}

export async function ledgerEraseCommand(seqs: string[], o: LedgerOptions & { reason: string; requestedBy?: string }, io: Output): Promise<number> {
  const list = seqs.map((s) => {
    if (!/^\d+$/.test(s.trim()) || Number(s) < 1) throw new ExitError(EXIT.usage, `a record to erase is an event seq (1, 2, ...), got "${s}"`);
    return Number(s);
  });
  if (!o.api) {
    throw new ExitError(EXIT.usage, 'erasure goes through the running node (it logs the erasure in its ledger): give --api <url>');
  }
  const r = await postJson<{ seq: number; erased: number[]; reason: string }>(o.api, '/api/ledger/erasures', { seqs: list, reason: o.reason, ...(o.requestedBy ? { requestedBy: o.requestedBy } : {}) });
  io.out(`erased ${r.erased.length} private record(s) (${r.erased.join(', ')}); the erasure is event ${r.seq}: "${r.reason}". Their leaves stay: every proof still verifies.`);
  return EXIT.ok;
}

/** Reads a key given as text, as a file holding it, or from a node (/api/ledger/key). */
async function keyFrom(text: string): Promise<string> {
  if (/^https?:\/\//.test(text)) return (await getJson<{ verifierKey: string }>(text, '/api/ledger/key')).verifierKey;
  if (existsSync(text)) return readFileSync(text, 'utf8').trim();
  return text.trim();
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ExitError(EXIT.usage, `cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ExitError(EXIT.invalid, `${file}: not JSON (${(err as Error).message})`);
  }
}

/**
 * The standalone verifier: a proof bundle and the log's public key, nothing
 * else (no store, no trust in the node). With --checkpoint, the bundle must
 * also match a checkpoint obtained elsewhere (from a witness, say).
 */
export async function ledgerCheckCommand(file: string, o: { key: string; checkpoint?: string; json?: boolean }, io: Output): Promise<number> {
  const key = await keyFrom(o.key);
  const bundle = readJson(file) as { kind?: string; checkpoint?: string; checkpoint2?: string };
  try {
    if (bundle?.kind === 'twinward-consistency-proof/v1') {
      const r = checkConsistencyBundle(bundle, key);
      io.out(o.json ? JSON.stringify({ ok: true, ...r }) : `consistency proof OK: ${r.origin} at size ${r.size2} extends size ${r.size1}; nothing signed before was rewritten`);
      return EXIT.ok;
    }
    const r = checkInclusionBundle(bundle, key);
    if (o.checkpoint) {
      const other = checkSignedCheckpoint(readFileSync(o.checkpoint, 'utf8'), key, o.checkpoint);
      if (other.size < BigInt(r.treeSize)) throw new ExitError(EXIT.invalid, `${o.checkpoint} is of size ${other.size}, older than the proof's tree (${r.treeSize}); ask for a proof at that size`);
      if (other.size === BigInt(r.treeSize) && Buffer.from(other.root).toString('base64') !== r.root) {
        throw new ExitError(EXIT.invalid, `SPLIT VIEW: ${o.checkpoint} and the proof's checkpoint are both signed for size ${r.treeSize} with different roots`);
      }
    }
    io.out(o.json ? JSON.stringify({ ok: true, ...r }) : `inclusion proof OK: entry ${r.index} is in ${r.origin} at tree size ${r.treeSize} (root ${short(r.root)}), signed by the key given${r.opening === 'matches' ? '; the private data matches its commitment' : ''}`);
    return EXIT.ok;
  } catch (err) {
    if (isTwinwardError(err) && err.code === 'bad-proof') throw new ExitError(EXIT.invalid, `proof REJECTED: ${err.message}`);
    throw err;
  }
}
