import { systemClock, type Clock } from '../common/clock.js';
import { silentLogger, type Logger } from '../common/logger.js';
import type { ConsistencyBundle, InclusionBundle } from './bundles.js';
import { checkSignedCheckpoint } from './bundles.js';
import { formatCheckpoint, parseCheckpoint } from './checkpoint.js';
import { parseCosignatureVerifierKey, parseSignatureLine, verifyCosignature } from './cosignature.js';
import { LedgerError } from './errors.js';
import { Frontier } from './frontier.js';
import { subtreeRoot, type Hash } from './merkle.js';
import { NoteError, parseNote, signNote, type NoteSigner } from './note.js';
import { commitment, ledgerRecord, recordLeaf, type LedgerRecord } from './records.js';
import type { LedgerStorage, StoredCheckpoint, StoredCosignature, StoredEntry } from './storage.js';
import { TILE } from './tiled-tree.js';
import { formatAddCheckpointBody } from './witness.js';

/** Another domain's node that cosigns this log's checkpoints. */
export interface WitnessPeer {
  name: string;
  /** Its C2SP cosignature/v1 verifier key. */
  verifierKey: string;
  /** Where it takes add-checkpoint requests (C2SP tlog-witness), e.g. http://peer:8080/api/witness. */
  url?: string;
}

export interface LedgerOptions {
  storage: LedgerStorage;
  /** The log's origin line, also its key name. */
  origin: string;
  /** The log's signed-note verifier key (Ed25519). */
  verifierKey: string;
  /** The log's signer; without one the ledger only reads (proofs, verify). */
  signer?: NoteSigner;
  witnesses?: readonly WitnessPeer[];
  /** Cosignatures a checkpoint needs before federation trusts it. */
  quorum?: number;
  clock?: Clock;
  logger?: Logger;
  /** How long to wait for one witness. */
  witnessTimeoutMs?: number;
}

export interface CheckpointView {
  size: number;
  root: string;
  time: string;
  /** The checkpoint note with the log's signature and every cosignature collected. */
  note: string;
  cosignatures: { witness: string; time: string }[];
  quorum: { needed: number; have: number; met: boolean };
}

export interface WitnessStatus {
  name: string;
  verifierKey: string;
  url: string | null;
  cosignedSize: number | null;
  cosignedAt: string | null;
  lastError: string | null;
}

export interface LedgerStatus {
  origin: string;
  verifierKey: string;
  size: number;
  root: string;
  checkpoint: CheckpointView | null;
  /** Entries after the latest checkpoint: appended, not yet signed. */
  unsigned: number;
  witnesses: WitnessStatus[];
}

export interface EntryView {
  index: number;
  seq: number;
  /** What the leaf commits to. */
  record: LedgerRecord;
  leafHash: string;
  /** For a private record: whether its data is still held or was erased. */
  private: 'held' | 'erased' | null;
  opening?: { salt: string; data: unknown };
}

export interface VerifyProblem {
  /** Entry index (seq - 1) when one entry is to blame. */
  index?: number;
  /** Entries [from, to] (indexes, inclusive) when only a range can be named. */
  range?: [number, number];
  checkpoint?: number;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  entries: number;
  checkpoints: number;
  /** The latest checkpoint the log was checked against. */
  against: { size: number; time: string } | null;
  unsigned: number;
  erased: number;
  problems: VerifyProblem[];
  /** The earliest entry found bad (or the start of the earliest bad range). */
  firstBad: VerifyProblem | null;
}

const b64 = (h: Uint8Array) => Buffer.from(h).toString('base64');
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/**
 * The tamper-evident ledger of one node: an RFC 6962 Merkle tree over every
 * event the store commits (see records.ts), with C2SP signed checkpoints,
 * inclusion and consistency proofs, cosignatures collected from other
 * domains' witnesses, and a verifier that re-hashes the whole log.
 */
export class Ledger {
  readonly origin: string;
  readonly verifierKey: string;
  readonly quorum: number;
  readonly #storage: LedgerStorage;
  readonly #signer: NoteSigner | undefined;
  readonly #witnesses: readonly WitnessPeer[];
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #timeout: number;
  readonly #errors = new Map<string, string>();
  #signing: Promise<StoredCheckpoint | undefined> | undefined;

  constructor(o: LedgerOptions) {
    this.#storage = o.storage;
    this.origin = o.origin;
    this.verifierKey = o.verifierKey;
    this.#signer = o.signer;
    this.#witnesses = o.witnesses ?? [];
    for (const w of this.#witnesses) parseCosignatureVerifierKey(w.verifierKey);
    this.quorum = o.quorum ?? 0;
    if (!(Number.isInteger(this.quorum) && this.quorum >= 0 && this.quorum <= this.#witnesses.length)) {
      throw new LedgerError('bad-request', `quorum ${this.quorum} must be between 0 and the ${this.#witnesses.length} witnesses configured`);
    }
    this.#clock = o.clock ?? systemClock;
    this.#log = o.logger ?? silentLogger;
    this.#timeout = o.witnessTimeoutMs ?? 5_000;
  }

  get size(): number {
    return this.#storage.tree.size;
  }

  async status(): Promise<LedgerStatus> {
    const tree = this.#storage.tree;
    const size = tree.size;
    const [latest] = await this.#storage.checkpoints({ limit: 1 });
    const cosigned = new Map((await this.#storage.latestCosignatures()).map((c) => [c.witness, c]));
    return {
      origin: this.origin,
      verifierKey: this.verifierKey,
      size,
      root: b64(await tree.root(size)),
      checkpoint: latest ? (await this.#views([latest]))[0]! : null,
      unsigned: size - (latest?.size ?? 0),
      witnesses: this.#witnesses.map((w) => {
        const c = cosigned.get(w.name);
        return { name: w.name, verifierKey: w.verifierKey, url: w.url ?? null, cosignedSize: c?.size ?? null, cosignedAt: c?.time ?? null, lastError: this.#errors.get(w.name) ?? null };
      }),
    };
  }

  async latestCheckpoint(): Promise<CheckpointView | undefined> {
    const [latest] = await this.#storage.checkpoints({ limit: 1 });
    return latest ? (await this.#views([latest]))[0] : undefined;
  }

  async checkpointAt(size: number): Promise<CheckpointView | undefined> {
    const c = await this.#storage.checkpoint(size);
    return c ? (await this.#views([c]))[0] : undefined;
  }

  async checkpoints(query: { before?: number; limit: number }): Promise<CheckpointView[]> {
    return this.#views(await this.#storage.checkpoints(query));
  }

  /** Checkpoints with their cosignatures, read in one query. */
  async #views(cs: readonly StoredCheckpoint[]): Promise<CheckpointView[]> {
    const bySize = await this.#cosignatures(cs);
    return cs.map((c) => {
      const cos = bySize.get(c.size) ?? [];
      const known = cos.filter((x) => this.#witnesses.some((w) => w.name === x.witness));
      return {
        size: c.size,
        root: b64(parseCheckpoint(parseNote(c.note).text).root),
        time: c.time,
        note: c.note + cos.map((x) => x.line).join(''),
        cosignatures: cos.map((x) => ({ witness: x.witness, time: x.time })),
        quorum: { needed: this.quorum, have: known.length, met: known.length >= this.quorum },
      };
    });
  }

  async #cosignatures(cs: readonly StoredCheckpoint[]): Promise<Map<number, StoredCosignature[]>> {
    const bySize = new Map<number, StoredCosignature[]>();
    if (cs.length === 0) return bySize;
    for (const x of await this.#storage.cosignatures(cs.map((c) => c.size))) bySize.set(x.size, [...(bySize.get(x.size) ?? []), x]);
    return bySize;
  }

  /**
   * Signs a checkpoint of everything committed so far (if the tree grew since
   * the last one), stores it, then asks the witnesses to cosign it. Resolves
   * with the latest checkpoint.
   */
  async checkpoint(): Promise<CheckpointView> {
    if (!this.#signer) throw new LedgerError('read-only', 'this ledger was opened without the node key; only the running node signs checkpoints');
    // One signing at a time: two checkpoints of the same size would race for one row.
    while (this.#signing) await this.#signing.catch(() => undefined);
    const run = this.#sign();
    this.#signing = run;
    let made: StoredCheckpoint | undefined;
    try {
      made = await run;
    } finally {
      this.#signing = undefined;
    }
    if (made) await this.collectCosignatures(made);
    const latest = await this.latestCheckpoint();
    if (!latest) throw new LedgerError('no-checkpoint', 'the ledger is empty: there is nothing to sign yet');
    return latest;
  }

  async #sign(): Promise<StoredCheckpoint | undefined> {
    const tree = this.#storage.tree;
    const size = tree.size;
    const [latest] = await this.#storage.checkpoints({ limit: 1 });
    if (size === 0 || (latest && latest.size >= size)) return undefined;
    const root = await tree.root(size);
    const text = formatCheckpoint({ origin: this.origin, size: BigInt(size), root, extensions: [] });
    const c: StoredCheckpoint = { size, time: this.#clock.now().toISOString(), note: signNote(text, [this.#signer!]) };
    await this.#storage.putCheckpoint(c);
    this.#log.info({ size, root: b64(root) }, 'ledger checkpoint signed');
    return c;
  }

  /**
   * Asks each witness with a URL that has not yet cosigned `c` (or a later
   * checkpoint) to cosign it (C2SP tlog-witness), keeping the cosignatures
   * that verify.
   */
  async collectCosignatures(c: StoredCheckpoint): Promise<void> {
    if (!this.#witnesses.some((w) => w.url)) return;
    const cosigned = new Map((await this.#storage.latestCosignatures()).map((x) => [x.witness, x.size]));
    await Promise.all(this.#witnesses.filter((w) => w.url && (cosigned.get(w.name) ?? -1) < c.size).map(async (w) => {
      try {
        await this.#askWitness(w, c, cosigned.get(w.name) ?? 0, true);
        this.#errors.delete(w.name);
      } catch (err) {
        const reason = (err as Error).message;
        this.#errors.set(w.name, reason);
        this.#log.warn({ witness: w.name, size: c.size, reason }, 'witness did not cosign the checkpoint');
      }
    }));
  }

  async #askWitness(w: WitnessPeer, c: StoredCheckpoint, oldSize: number, retry: boolean): Promise<void> {
    if (oldSize > c.size) throw new Error(`the witness has cosigned size ${oldSize}, beyond this checkpoint (${c.size})`);
    const proof = await this.#storage.tree.consistencyProof(oldSize, c.size);
    const body = formatAddCheckpointBody({ oldSize: BigInt(oldSize), proof, checkpoint: c.note });
    const res = await fetch(`${w.url!.replace(/\/$/, '')}/add-checkpoint`, {
      method: 'POST', body, headers: { 'content-type': 'text/plain; charset=utf-8' }, signal: AbortSignal.timeout(this.#timeout),
    });
    const text = await res.text();
    if (res.status === 409 && retry && /^(0|[1-9][0-9]*)\n$/.test(text)) {
      // The witness last cosigned another size than we remember: prove from there.
      return this.#askWitness(w, c, Number(text.trim()), false);
    }
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.trim().slice(0, 300)}`);
    const checkpointText = parseNote(c.note).text;
    const lines = text.split('\n').filter((l) => l.length > 0).map((l) => `${l}\n`);
    for (const line of lines) {
      const sig = parseSignatureLine(line);
      if (sig.name !== w.name) continue;
      const ts = verifyCosignature(sig, w.verifierKey, checkpointText);
      await this.#storage.putCosignature({ size: c.size, witness: w.name, time: new Date(Number(ts) * 1000).toISOString(), line });
      return;
    }
    throw new Error('the answer holds no cosignature by this witness');
  }

  /** Schedules a checkpoint every `everyMs` while the tree grows; returns the stop function. */
  schedule(everyMs: number): () => void {
    let busy = false;
    const timer = setInterval(() => {
      if (this.#storage.tree.size === 0 || busy) return;
      busy = true;
      this.#tick()
        .catch((err) => this.#log.warn({ err }, 'scheduled ledger checkpoint failed'))
        .finally(() => (busy = false));
    }, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Signs if the log grew; otherwise asks the witnesses that missed the latest checkpoint again. */
  async #tick(): Promise<void> {
    const [latest] = await this.#storage.checkpoints({ limit: 1 });
    if (!latest || latest.size < this.#storage.tree.size) await this.checkpoint();
    else await this.collectCosignatures(latest);
  }

  async entry(index: number): Promise<EntryView> {
    this.#checkIndex(index);
    const [e] = await this.#storage.entries(index, 1);
    if (!e || e.seq !== index + 1) throw new LedgerError('no-entry', `entry ${index} is missing from the store`);
    const record = recordOf(e);
    return {
      index, seq: e.seq, record, leafHash: b64(recordLeaf(record)),
      private: e.commitment ? (e.private ? 'held' : 'erased') : null,
      ...(e.private ? { opening: { salt: e.private.salt.toString('base64'), data: e.private.data } } : {}),
    };
  }

  /**
   * The inclusion proof of entry `index` against the checkpoint of `size`
   * (default: the latest checkpoint; a running node signs a new one if the
   * entry is newer than it). A private record's opening (its salt and data)
   * is included unless `opening` is false: leave it out of a bundle that
   * leaves the domain.
   */
  async prove(index: number, size?: number, options: { opening?: boolean } = {}): Promise<InclusionBundle> {
    this.#checkIndex(index);
    let cp: StoredCheckpoint | undefined;
    if (size === undefined) {
      [cp] = await this.#storage.checkpoints({ limit: 1 });
      if ((!cp || cp.size <= index) && this.#signer) {
        await this.checkpoint();
        [cp] = await this.#storage.checkpoints({ limit: 1 });
      }
      if (!cp || cp.size <= index) throw new LedgerError('no-checkpoint', `entry ${index} is not yet under a signed checkpoint (latest covers ${cp?.size ?? 0} entries)`);
    } else {
      cp = await this.#storage.checkpoint(size);
      if (!cp) throw new LedgerError('no-checkpoint', `there is no checkpoint of size ${size}; see the checkpoint list`);
      if (index >= size) throw new LedgerError('bad-request', `entry ${index} is not in a tree of ${size}`);
    }
    const [view] = await this.#views([cp]);
    const entry = await this.entry(index);
    const proof = await this.#storage.tree.inclusionProof(index, cp.size);
    return {
      kind: 'twinward-inclusion-proof/v1', origin: this.origin, index, entry: entry.record, leafHash: entry.leafHash,
      treeSize: cp.size, proof: proof.map(b64), checkpoint: view!.note, ...(entry.opening && options.opening !== false ? { opening: entry.opening } : {}),
    };
  }

  /** The consistency proof from size1 to size2 (default: the latest checkpoint), with the checkpoints of either size. */
  async consistency(size1: number, size2?: number): Promise<ConsistencyBundle> {
    const tree = this.#storage.tree;
    const [latest] = await this.#storage.checkpoints({ limit: 1 });
    const to = size2 ?? latest?.size ?? tree.size;
    for (const [name, s] of [['size1', size1], ['size2', to]] as const) {
      if (!(Number.isSafeInteger(s) && s >= 0 && s <= tree.size)) throw new LedgerError('bad-request', `${name} ${s} is not a tree size between 0 and ${tree.size}`);
    }
    if (size1 > to) throw new LedgerError('bad-request', `size1 ${size1} is larger than size2 ${to}`);
    const [c1, c2] = await Promise.all([this.#storage.checkpoint(size1), this.#storage.checkpoint(to)]);
    return {
      kind: 'twinward-consistency-proof/v1', origin: this.origin, size1, size2: to,
      proof: (await tree.consistencyProof(size1, to)).map(b64),
      root1: b64(await tree.root(size1)), root2: b64(await tree.root(to)),
      ...(c1 ? { checkpoint1: c1.note } : {}), ...(c2 ? { checkpoint2: c2.note } : {}),
    };
  }

  /**
   * Re-checks the whole log: every checkpoint's signature (and each
   * cosignature of a known witness), every entry's record against its leaf,
   * every private record against its commitment, every erasure against the
   * log, and the tree re-hashed from the records against every tile and
   * checkpoint. Problems name the first bad entry (or, when leaves and
   * records were both rewritten, the smallest range the checkpoints and
   * tiles pin it to).
   */
  async verify(onProgress?: (done: number, total: number) => void): Promise<VerifyReport> {
    const problems: VerifyProblem[] = [];
    const checkpoints: StoredCheckpoint[] = [];
    for (let before: number | undefined; ;) {
      const page = await this.#storage.checkpoints({ ...(before !== undefined ? { before } : {}), limit: 1000 });
      checkpoints.push(...page);
      if (page.length < 1000) break;
      before = page[page.length - 1]!.size;
    }
    checkpoints.reverse();
    const cosigned = await this.#cosignatures(checkpoints);
    const roots = new Map<number, Hash>();
    for (const c of checkpoints) {
      try {
        const cp = checkSignedCheckpoint(c.note, this.verifierKey, `checkpoint ${c.size}`);
        if (cp.size !== BigInt(c.size)) problems.push({ checkpoint: c.size, message: `checkpoint ${c.size}: the signed note commits to size ${cp.size}` });
        else roots.set(c.size, cp.root);
        const text = parseNote(c.note).text;
        for (const cos of cosigned.get(c.size) ?? []) {
          const w = this.#witnesses.find((x) => x.name === cos.witness);
          if (!w) continue;
          try {
            verifyCosignature(cos.line, w.verifierKey, text);
          } catch (err) {
            problems.push({ checkpoint: c.size, message: `checkpoint ${c.size}: the cosignature of ${cos.witness} does not verify (${(err as NoteError).reason ?? (err as Error).message})` });
          }
        }
      } catch (err) {
        problems.push({ checkpoint: c.size, message: `${(err as Error).message}` });
      }
    }
    const signed = [...roots.keys()].sort((a, b) => a - b);
    const tree = this.#storage.tree;
    const total = tree.size;
    const frontier = new Frontier();
    const erasedWithoutData = new Set<number>();
    const loggedErasures = new Set<number>();
    let tile: Hash[] = [];
    let nextSigned = 0;
    let lastGood = 0;
    let expected = 1;
    let erased = 0;
    for (let after = 0; ;) {
      const page = await this.#storage.entries(after, 5000);
      if (page.length === 0) break;
      for (const e of page) {
        const index = e.seq - 1;
        if (e.seq !== expected) {
          problems.push({ index: expected - 1, message: `entries ${expected - 1}..${index - 1} are missing from the store` });
          expected = e.seq;
        }
        expected++;
        const record = recordOf(e);
        const leaf = recordLeaf(record);
        if (!e.leaf) problems.push({ index, message: `entry ${index} (seq ${e.seq}) has no leaf hash` });
        else if (!same(e.leaf, leaf)) problems.push({ index, message: `entry ${index} (seq ${e.seq}, ${e.type}): its record no longer hashes to its stored leaf; the entry or its leaf was altered` });
        if (e.commitment) {
          if (e.private) {
            if (!same(commitment(e.private.salt, e.private.data), e.commitment)) {
              problems.push({ index, message: `entry ${index} (seq ${e.seq}): its private data no longer matches its commitment; the data was altered` });
            }
          } else {
            erasedWithoutData.add(e.seq);
            erased++;
          }
        }
        if (e.type === 'record.erased' && Array.isArray((e.data as { seqs?: unknown })?.seqs)) {
          for (const s of (e.data as { seqs: number[] }).seqs) loggedErasures.add(s);
        }
        frontier.add(leaf);
        tile.push(leaf);
        if (tile.length === TILE) {
          const t = index >> 8;
          if (t < tree.completeTiles && !same(tree.tileHash(t), subtreeRoot(tile))) {
            problems.push({ range: [t * TILE, t * TILE + TILE - 1], message: `entries ${t * TILE}..${t * TILE + TILE - 1} (tile ${t}) no longer hash to the tile stored when they were appended` });
          }
          tile = [];
        }
        while (nextSigned < signed.length && signed[nextSigned] === frontier.size) {
          const size = signed[nextSigned]!;
          if (!same(roots.get(size)!, frontier.root())) {
            problems.push({ range: [lastGood, size - 1], checkpoint: size, message: `the log no longer matches checkpoint ${size}: an entry in ${lastGood}..${size - 1} was changed since it was signed` });
          } else lastGood = size;
          nextSigned++;
        }
      }
      after = page[page.length - 1]!.seq;
      onProgress?.(Math.min(after, total), total);
    }
    const held = frontier.size;
    for (; nextSigned < signed.length; nextSigned++) {
      problems.push({ range: [held, signed[nextSigned]! - 1], checkpoint: signed[nextSigned]!, message: `checkpoint ${signed[nextSigned]} commits to ${signed[nextSigned]} entries but the log holds ${held}: entries were deleted` });
    }
    for (const seq of erasedWithoutData) {
      if (!loggedErasures.has(seq)) problems.push({ index: seq - 1, message: `entry ${seq - 1} (seq ${seq}): its private data is gone but no record.erased entry logs the erasure` });
    }
    const latest = checkpoints.filter((c) => roots.has(c.size)).pop();
    // An entry named exactly explains a tile or checkpoint range that holds it; a range nothing explains
    // (records and leaves both rewritten) is the best the signatures can pin.
    const exact = problems.filter((p) => p.index !== undefined);
    const unexplained = problems.filter((p) => p.range && !exact.some((x) => x.index! >= p.range![0] && x.index! <= p.range![1]));
    const start = (p: VerifyProblem) => p.index ?? p.range![0];
    const firstBad = [...exact, ...unexplained].sort((a, b) => start(a) - start(b) || (a.index !== undefined ? -1 : 1))[0] ?? null;
    return {
      ok: problems.length === 0, entries: held, checkpoints: checkpoints.length,
      against: latest ? { size: latest.size, time: latest.time } : null,
      unsigned: held - (latest?.size ?? 0), erased, problems, firstBad,
    };
  }

  #checkIndex(index: number): void {
    const size = this.#storage.tree.size;
    if (!(Number.isSafeInteger(index) && index >= 0)) throw new LedgerError('bad-request', `entry must be a non-negative integer, got ${index}`);
    if (index >= size) throw new LedgerError('no-entry', `no entry ${index}: the ledger holds ${size} entries (0..${size - 1})`);
  }
}

/** The record an entry's leaf commits to, as rebuilt from the store. */
export function recordOf(e: StoredEntry): LedgerRecord {
  return e.commitment ? ledgerRecord(e, undefined, e.commitment) : ledgerRecord(e, e.data);
}
