import { createPublicKey } from 'node:crypto';
import type { Logger } from '../common/logger.js';
import { silentLogger } from '../common/logger.js';
import type { NodeIdentity } from '../identity/index.js';
import type { LedgerSettings, TwinModel } from '../model/index.js';
import { Ledger } from './ledger.js';
import { noteSigner, verifierKey } from './note.js';
import type { LedgerStorage } from './storage.js';
import { Witness, type WitnessEvidence, type WitnessState } from './witness.js';

/** A node's ledger settings with its origin resolved (the model's `node.ledger`, origin default twinward/<domain>). */
export type NodeLedgerSettings = LedgerSettings & { origin: string };

export function ledgerSettings(model: TwinModel): NodeLedgerSettings {
  return { ...model.node.ledger, origin: model.node.ledger.origin ?? `twinward/${model.node.domain}` };
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
  /** Cosigns the logs of `witnessFor` with the node key, as `<origin>/witness`. */
  witness: Witness;
  witnessName: string;
  refusals(): readonly WitnessRefusal[];
  /** Checkpoints on the settings' schedule; returns the stop function. */
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
 * settings list under `witnessFor`.
 */
export function nodeLedger(settings: NodeLedgerSettings, storage: LedgerStorage, identity: NodeIdentity, logger: Logger = silentLogger): NodeLedger {
  const { origin } = settings;
  const key = identity.signingKey();
  const ledger = new Ledger({
    storage, origin, verifierKey: verifierKey(origin, createPublicKey(key)), signer: noteSigner(origin, key), logger, quorum: settings.quorum,
    witnesses: settings.witnesses.map((w) => ({ name: w.name, verifierKey: w.key, ...(w.url ? { url: w.url } : {}) })),
  });
  const refusals: WitnessRefusal[] = [];
  const onEvidence = (e: WitnessEvidence) => {
    refusals.unshift({ time: new Date().toISOString(), origin: e.origin, code: e.code, reason: e.reason });
    refusals.length = Math.min(refusals.length, 50);
    logger.warn({ origin: e.origin, code: e.code, reason: e.reason }, 'witness refused a checkpoint that contradicts the history it cosigned');
  };
  const witnessName = `${origin}/witness`;
  const witness = new Witness({
    name: witnessName, privateKey: key, state: storedWitnessState(storage), onEvidence,
    logs: settings.witnessFor.map((l) => ({ origin: l.origin, verifierKey: l.key })),
  });
  return { ledger, witness, witnessName, refusals: () => refusals, schedule: () => ledger.schedule(settings.checkpointEvery * 1000) };
}
