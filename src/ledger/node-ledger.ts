import { createPublicKey } from 'node:crypto';
import type { Logger } from '../common/logger.js';
import { silentLogger } from '../common/logger.js';
import type { NodeIdentity } from '../identity/index.js';
import type { TwinModel } from '../model/index.js';
import { cosignatureVerifierKey } from './cosignature.js';
import { Ledger } from './ledger.js';
import { noteSigner, verifierKey } from './note.js';
import type { LedgerStorage } from './storage.js';
import { Witness, type WitnessEvidence, type WitnessState } from './witness.js';

/** The origin of a node's log: the model's `node.ledger.origin`, or twinward/<domain>. */
export function ledgerOrigin(model: TwinModel): string {
  return model.node.ledger.origin ?? `twinward/${model.node.domain}`;
}

/** The key name this node cosigns other logs' checkpoints with. */
export function witnessName(model: TwinModel): string {
  return `${ledgerOrigin(model)}/witness`;
}

/** A refusal this node's witness made, kept for the status page (the newest few). */
export interface WitnessRefusal {
  time: string;
  origin: string;
  code: string;
  reason: string;
}

export interface NodeLedger {
  ledger: Ledger;
  /** Present when the node key is: a witness cosigns with it. */
  witness: Witness | undefined;
  witnessName: string;
  witnessKey: string;
  refusals(): readonly WitnessRefusal[];
  /** Checkpoints on the model's schedule; returns the stop function. */
  schedule(): () => void;
}

/** The witness's record of each log it cosigns, kept in the node's store. */
function storedWitnessState(storage: LedgerStorage): WitnessState {
  return {
    async get(origin) {
      const w = await storage.witnessed(origin);
      return w ? { size: BigInt(w.size), root: w.root, checkpoint: w.note } : undefined;
    },
    async swap(origin, expectedSize, next) {
      return storage.swapWitnessed(expectedSize === undefined ? undefined : Number(expectedSize), {
        origin, size: Number(next.size), root: next.root, note: next.checkpoint, time: new Date().toISOString(),
      });
    },
  };
}

/**
 * The ledger of a node, signed with the node's key (the verifier key is
 * published at /api/ledger/key), and the witness it runs for the logs its
 * model lists under `node.ledger.witnessFor`.
 */
export function nodeLedger(model: TwinModel, storage: LedgerStorage, identity: NodeIdentity | undefined, logger: Logger = silentLogger, publicKey?: string): NodeLedger {
  const settings = model.node.ledger;
  const origin = ledgerOrigin(model);
  const key = identity?.signingKey();
  const vkey = publicKey ?? (key ? verifierKey(origin, createPublicKey(key)) : undefined);
  if (!vkey) throw new Error('a ledger needs the node key or the log\'s verifier key');
  const ledger = new Ledger({
    storage, origin, verifierKey: vkey, logger, quorum: settings.quorum,
    ...(key ? { signer: noteSigner(origin, key) } : {}),
    witnesses: settings.witnesses.map((w) => ({ name: w.name, verifierKey: w.key, ...(w.url ? { url: w.url } : {}) })),
  });
  const refusals: WitnessRefusal[] = [];
  const name = witnessName(model);
  const onEvidence = (e: WitnessEvidence) => {
    refusals.unshift({ time: new Date().toISOString(), origin: e.origin, code: e.code, reason: e.reason });
    refusals.length = Math.min(refusals.length, 50);
    logger.warn({ origin: e.origin, code: e.code, reason: e.reason }, 'witness refused a checkpoint that contradicts the history it cosigned');
  };
  const witnessKey = key ? cosignatureVerifierKey(name, key) : '';
  const witness = key
    ? new Witness({ name, privateKey: key, state: storedWitnessState(storage), onEvidence, logs: settings.witnessFor.map((l) => ({ origin: l.origin, verifierKey: l.key })) })
    : undefined;
  return {
    ledger, witness, witnessName: name, witnessKey,
    refusals: () => refusals,
    schedule: () => ledger.schedule(settings.checkpointEvery * 1000),
  };
}
