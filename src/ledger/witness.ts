import { type KeyObject } from 'node:crypto';
import { parseCheckpoint, type Checkpoint } from './checkpoint.js';
import { cosign, cosignatureVerifierKey } from './cosignature.js';
import { EMPTY_ROOT, ProofError, verifyConsistency } from './merkle.js';
import { NoteError, noteSigner, parseNote, parseVerifierKey, verifyNote, type NoteSigner, type NoteVerifier } from './note.js';

/**
 * A witness per C2SP tlog-witness (https://c2sp.org/tlog-witness), add-checkpoint
 * semantics only: no HTTP, no storage. For each configured log it keeps the
 * latest checkpoint it cosigned and cosigns a new one only if the log signed
 * it and it provably extends that one, so it never cosigns two views of one
 * log's history. An HTTP layer maps a refusal's `status` to the response
 * (409 with `latestSize` has body "<size>\n", Content-Type text/x.tlog.size).
 */

/** What the witness remembers of a log: its latest cosigned checkpoint. */
export interface WitnessRecord {
  size: bigint;
  root: Uint8Array;
  /** The full signed note the log sent, kept as evidence of what the log signed. */
  checkpoint: string;
}

/**
 * Where a witness keeps its records. It must persist `swap` before resolving,
 * and `swap` must be atomic: the spec's race (two requests checked against
 * the same record, the smaller written last) rolls the log back otherwise.
 */
export interface WitnessState {
  get(origin: string): Promise<WitnessRecord | undefined>;
  /** Writes `next` only if the record's size is still `expectedSize` (undefined: no record yet); false if another writer moved it. */
  swap(origin: string, expectedSize: bigint | undefined, next: WitnessRecord): Promise<boolean>;
}

const copy = (r: WitnessRecord): WitnessRecord => ({ size: r.size, root: Uint8Array.from(r.root), checkpoint: r.checkpoint });

/** In-memory WitnessState for tests and single-process use; forgets everything on exit. */
export class MemoryWitnessState implements WitnessState {
  readonly #records = new Map<string, WitnessRecord>();

  async get(origin: string): Promise<WitnessRecord | undefined> {
    const r = this.#records.get(origin);
    return r && copy(r);
  }

  async swap(origin: string, expectedSize: bigint | undefined, next: WitnessRecord): Promise<boolean> {
    if (this.#records.get(origin)?.size !== expectedSize) return false;
    this.#records.set(origin, copy(next));
    return true;
  }
}

export interface AddCheckpointRequest {
  /** The size of the checkpoint the client believes the witness last cosigned (0 if none). */
  oldSize: bigint;
  /** RFC 6962 §2.1.2 consistency proof from oldSize to the checkpoint's size; empty when oldSize is 0. */
  proof: Uint8Array[];
  /** The full signed note: checkpoint text, blank line, signature lines. */
  checkpoint: string;
}

export type RefusalCode =
  | 'malformed' // 400
  | 'old-size-too-large' // 400
  | 'bad-log-signature' // 403
  | 'unknown-log' // 404
  | 'stale-old-size' // 409, with latestSize
  | 'split-view' // 409: same size as recorded, other root
  | 'inconsistent'; // 422: the proof does not show the new checkpoint extends the recorded one

export type AddCheckpointResult =
  | { ok: true; cosignature: string; timestamp: bigint }
  | { ok: false; status: 400 | 403 | 404 | 409 | 422; code: RefusalCode; reason: string; latestSize?: bigint };

/** A refused checkpoint that the log did sign: possible proof of log misbehaviour ("the witness MAY log the request"). */
export interface WitnessEvidence {
  origin: string;
  code: 'split-view' | 'inconsistent';
  reason: string;
  recorded: WitnessRecord | undefined;
  request: AddCheckpointRequest;
}

export interface WitnessOptions {
  /** The witness's key name, as in its cosignature lines. */
  name: string;
  /** Ed25519; used only for cosignature/v1, never for another kind of signature. */
  privateKey: KeyObject;
  /** The logs this witness serves: origin line and the log's signed-note Ed25519 (0x01) verifier key. An origin may be listed with several keys. */
  logs: readonly { origin: string; verifierKey: string }[];
  state: WitnessState;
  clock?: () => Date;
  /** Called, and awaited, for each refusal that may prove misbehaviour, before the refusal is returned. */
  onEvidence?: (evidence: WitnessEvidence) => void | Promise<void>;
}

/** "The client MUST NOT send more than 63 consistency proof lines." */
export const MAX_PROOF_LINES = 63;
const MAX_SIZE = 2n ** 64n - 1n;
/** Tries at the compare-and-set before answering 409; each retry re-reads the record. */
const SWAP_TRIES = 3;

type Refusal = Extract<AddCheckpointResult, { ok: false }>;

function refuse(status: Refusal['status'], code: RefusalCode, reason: string, latestSize?: bigint): Refusal {
  return latestSize === undefined ? { ok: false, status, code, reason } : { ok: false, status, code, reason, latestSize };
}

const b64 = (h: Uint8Array) => Buffer.from(h).toString('base64');
const sameHash = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

export class Witness {
  readonly #signer: NoteSigner;
  readonly #logs = new Map<string, NoteVerifier[]>();
  readonly #state: WitnessState;
  readonly #clock: () => Date;
  readonly #onEvidence: WitnessOptions['onEvidence'];
  /** This witness's cosignature/v1 verifier key, for the configuration of clients and quorums. */
  readonly verifierKey: string;

  /** Throws NoteError on a bad name, key or log configuration. */
  constructor(options: WitnessOptions) {
    if (options.privateKey.asymmetricKeyType !== 'ed25519' || options.privateKey.type !== 'private') throw new NoteError('a witness key is an Ed25519 private key');
    this.#signer = noteSigner(options.name, options.privateKey);
    this.verifierKey = cosignatureVerifierKey(options.name, options.privateKey);
    for (const log of options.logs) {
      if (log.origin.length === 0 || log.origin.includes('\n')) throw new NoteError(`log origin ${JSON.stringify(log.origin)} must be one non-empty line`);
      const list = this.#logs.get(log.origin) ?? [];
      list.push(parseVerifierKey(log.verifierKey));
      this.#logs.set(log.origin, list);
    }
    this.#state = options.state;
    this.#clock = options.clock ?? (() => new Date());
    this.#onEvidence = options.onEvidence;
  }

  /**
   * tlog-witness add-checkpoint. Checks, in the spec's order: the note parses
   * (400), its origin is configured (404), a trusted log key signed it (403),
   * the checkpoint parses and oldSize <= its size (400), oldSize is the size
   * last cosigned (409 + latestSize), same size means same root (409, a split
   * view), the consistency proof verifies (422). Only then is the new record
   * swapped in (atomically against oldSize) and the checkpoint cosigned.
   */
  async addCheckpoint(request: AddCheckpointRequest): Promise<AddCheckpointResult> {
    let text: string;
    try {
      text = parseNote(request.checkpoint).text;
    } catch (err) {
      if (err instanceof NoteError) return refuse(400, 'malformed', `the checkpoint is not a signed note: ${err.reason}`);
      throw err;
    }
    if (/[\u0000-\u0009\u000b-\u001f]/.test(request.checkpoint)) return refuse(400, 'malformed', 'a signed note cannot contain control characters other than newline');
    const origin = text.slice(0, text.indexOf('\n'));
    const verifiers = this.#logs.get(origin);
    if (!verifiers) return refuse(404, 'unknown-log', `this witness does not serve a log with origin ${JSON.stringify(origin)}`);

    try {
      if (verifyNote(request.checkpoint, verifiers).signedBy.length === 0) {
        return refuse(403, 'bad-log-signature', `no signature from a key this witness trusts for ${JSON.stringify(origin)}`);
      }
    } catch (err) {
      if (err instanceof NoteError) return refuse(403, 'bad-log-signature', err.reason);
      throw err;
    }

    let cp: Checkpoint;
    try {
      cp = parseCheckpoint(text);
    } catch (err) {
      if (err instanceof NoteError) return refuse(400, 'malformed', `the checkpoint text is malformed: ${err.reason}`);
      throw err;
    }
    const shape = checkRequestShape(request);
    if (shape) return refuse(400, 'malformed', shape);
    if (request.oldSize > cp.size) return refuse(400, 'old-size-too-large', `old size ${request.oldSize} is larger than the checkpoint size ${cp.size}`);

    for (let attempt = 0; attempt < SWAP_TRIES; attempt++) {
      const recorded = await this.#state.get(origin);
      const latest = recorded?.size ?? 0n;
      if (request.oldSize !== latest) {
        return refuse(409, 'stale-old-size', `old size ${request.oldSize} is not the size ${latest} this witness last cosigned for ${JSON.stringify(origin)}`, latest);
      }
      // With no record, the witness has (implicitly) seen the empty tree.
      const refusal = checkExtends(latest, recorded?.root ?? EMPTY_ROOT, cp, request.proof);
      if (refusal) {
        await this.#onEvidence?.({ origin, code: refusal.code as WitnessEvidence['code'], reason: refusal.reason, recorded, request });
        return refusal;
      }
      // Persist before answering: a cosignature must never outrun the record.
      if (await this.#state.swap(origin, recorded?.size, { size: cp.size, root: cp.root, checkpoint: request.checkpoint })) {
        const timestamp = this.#now();
        return { ok: true, cosignature: cosign(text, this.#signer, timestamp), timestamp };
      }
    }
    const latest = (await this.#state.get(origin))?.size ?? 0n;
    return refuse(409, 'stale-old-size', `the record for ${JSON.stringify(origin)} kept moving while this request was checked; it is now at size ${latest}`, latest);
  }

  #now(): bigint {
    const ms = this.#clock().getTime();
    if (!Number.isFinite(ms) || ms < 0) throw new NoteError('the witness clock is not a time after 1970');
    return BigInt(Math.floor(ms / 1000));
  }
}

/** The request fields a caller may have built by hand: sizes are u64, proofs at most 63 hashes of 32 bytes. */
function checkRequestShape(r: AddCheckpointRequest): string | undefined {
  if (r.oldSize < 0n || r.oldSize > MAX_SIZE) return `old size ${r.oldSize} is not a 64-bit tree size`;
  if (r.proof.length > MAX_PROOF_LINES) return `the proof has ${r.proof.length} hashes; at most ${MAX_PROOF_LINES} are allowed`;
  const bad = r.proof.findIndex((h) => h.length !== 32);
  if (bad >= 0) return `proof hash ${bad + 1} has ${r.proof[bad]!.length} bytes, not 32`;
  return undefined;
}

/** Whether `cp` extends the recorded (size, root) by `proof`; a refusal if not. Requires size <= cp.size. */
function checkExtends(size: bigint, root: Uint8Array, cp: Checkpoint, proof: readonly Uint8Array[]): Refusal | undefined {
  if (size === cp.size) {
    // "If the old size matches the checkpoint size, the witness MUST check that the root hashes are also identical" (409).
    if (!sameHash(root, cp.root)) {
      const reason =
        size === 0n
          ? `a checkpoint of size 0 must have the empty tree's root ${b64(EMPTY_ROOT)}, not ${b64(cp.root)}`
          : `split view: this witness cosigned size ${size} with root ${b64(root)}, and this checkpoint has the same size with root ${b64(cp.root)}; the log shows two different histories`;
      return refuse(409, 'split-view', reason);
    }
    if (proof.length > 0) return refuse(422, 'inconsistent', 'the consistency proof between equal sizes must be empty');
    return undefined;
  }
  if (size === 0n) {
    // "The proof MUST be empty if the old size is zero."
    if (proof.length > 0) return refuse(422, 'inconsistent', 'the consistency proof must be empty when the old size is 0');
    return undefined;
  }
  try {
    verifyConsistency(size, cp.size, root, cp.root, proof);
  } catch (err) {
    if (!(err instanceof ProofError)) throw err;
    return refuse(
      422,
      'inconsistent',
      `the consistency proof from size ${size} to ${cp.size} does not verify (${err.reason}): this checkpoint is not shown to extend the one this witness cosigned, a fork of the log's history or a wrong proof`,
    );
  }
  return undefined;
}

/**
 * Parses an add-checkpoint request body: "old <size>\n", up to 63 lines of
 * base64 proof hashes, an empty line, then the signed checkpoint note. The
 * body is untrusted; throws NoteError naming the line at fault. The note
 * itself is checked by Witness.addCheckpoint.
 */
export function parseAddCheckpointBody(body: string): AddCheckpointRequest {
  const end = body.indexOf('\n\n');
  if (end < 0) throw new NoteError('no empty line after the old size and proof lines');
  const head = body.slice(0, end).split('\n');
  const old = head[0]!;
  const m = /^old (0|[1-9][0-9]*)$/.exec(old);
  if (!m) throw new NoteError(`line 1: expected "old <size>" in decimal without leading zeros, got ${JSON.stringify(old.slice(0, 40))}`);
  const oldSize = BigInt(m[1]!);
  if (oldSize > MAX_SIZE) throw new NoteError('line 1: the old size does not fit in 64 bits');
  const lines = head.slice(1);
  if (lines.length > MAX_PROOF_LINES) throw new NoteError(`line ${MAX_PROOF_LINES + 2}: more than ${MAX_PROOF_LINES} consistency proof lines`);
  const proof = lines.map((line, i) => {
    const hash = Buffer.from(line, 'base64');
    if (hash.length !== 32 || hash.toString('base64') !== line) throw new NoteError(`line ${i + 2}: a proof line is the base64 of one 32-byte hash`);
    return new Uint8Array(hash);
  });
  const checkpoint = body.slice(end + 2);
  if (checkpoint.length === 0) throw new NoteError(`line ${head.length + 2}: the checkpoint is missing after the empty line`);
  return { oldSize, proof, checkpoint };
}

/** The add-checkpoint request body for `request`; throws NoteError on a request the spec does not allow. */
export function formatAddCheckpointBody(request: AddCheckpointRequest): string {
  const shape = checkRequestShape(request);
  if (shape) throw new NoteError(shape);
  if (request.oldSize === 0n && request.proof.length > 0) throw new NoteError('the proof must be empty when the old size is 0');
  if (!request.checkpoint.endsWith('\n')) throw new NoteError('a signed note ends with a newline');
  return `old ${request.oldSize}\n${request.proof.map((h) => `${b64(h)}\n`).join('')}\n${request.checkpoint}`;
}
