import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson, canonicalJsonAsStored } from '../common/canonical-json.js';
import type { StoredEvent } from '../twin/events.js';
import type { LedgerRecord } from './formats.js';
import { leafHash, type Hash } from './merkle.js';

export type { LedgerRecord } from './formats.js';

export const SALT_BYTES = 32;

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Times are hashed as the store gives them back: ISO 8601 UTC to the millisecond. */
export function normalTime(time: string): string {
  return ISO_MS.test(time) ? time : new Date(time).toISOString();
}

/** The canonical record, written with its keys in JCS order (data|private, seq, subject, time, type). */
function recordText(e: { seq: number; time: string; type: string; subject: string | null }, body: string): string {
  return `{${body},"seq":${e.seq},"subject":${e.subject === null ? 'null' : JSON.stringify(e.subject)},"time":${JSON.stringify(normalTime(e.time))},"type":${JSON.stringify(e.type)}}`;
}

export function commitment(salt: Uint8Array, data: unknown): Buffer {
  return commitmentOfJcs(salt, canonicalJson(data));
}

function commitmentOfJcs(salt: Uint8Array, jcs: string): Buffer {
  return createHash('sha256').update(salt).update(jcs, 'utf8').digest();
}

export function newSalt(): Buffer {
  return randomBytes(SALT_BYTES);
}

/** The record a leaf commits to; `privateCommitment` replaces the data of a private record. */
export function ledgerRecord(e: { seq: number; time: string; type: string; subject: string | null }, data: unknown, privateCommitment?: Uint8Array): LedgerRecord {
  const base = { seq: e.seq, time: normalTime(e.time), type: e.type, subject: e.subject };
  return privateCommitment ? { ...base, private: Buffer.from(privateCommitment).toString('base64') } : { ...base, data };
}

/** JCS(r), written by the one record writer prepareEntry uses too. */
export function recordBytes(r: LedgerRecord): Buffer {
  return Buffer.from(recordText(r, r.private !== undefined ? `"private":${JSON.stringify(r.private)}` : `"data":${canonicalJson(r.data)}`), 'utf8');
}

export function recordLeaf(r: LedgerRecord): Hash {
  return leafHash(recordBytes(r));
}

/** What the store writes for one event: the data column, the private part if any, and the leaf. */
export interface PreparedEntry {
  event: StoredEvent;
  /** JSON of the public data column: the data, or null for a private record. */
  dataJson: string;
  private?: { salt: Buffer; dataJson: string; commitment: Buffer };
  leaf: Hash;
}

/** Decides, for each event, whether its data is private (kept apart, erasable). */
export type PrivacyPolicy = (e: StoredEvent) => boolean;

export const nothingPrivate: PrivacyPolicy = () => false;

/**
 * The leaf of an event as the store will keep it, computed without building
 * the record object (this runs for every event the node commits); equal to
 * recordLeaf(ledgerRecord(...)) of what reads back (records.test.ts).
 */
export function prepareEntry(e: StoredEvent, isPrivate: PrivacyPolicy): PreparedEntry {
  const json = JSON.stringify(e.data) ?? 'null';
  const jcs = canonicalJsonAsStored(e.data);
  if (!isPrivate(e)) return { event: e, dataJson: json, leaf: leafHash(Buffer.from(recordText(e, `"data":${jcs}`), 'utf8')) };
  const salt = newSalt();
  const c = commitmentOfJcs(salt, jcs);
  return { event: e, dataJson: 'null', private: { salt, dataJson: json, commitment: c }, leaf: leafHash(Buffer.from(recordText(e, `"private":"${c.toString('base64')}"`), 'utf8')) };
}
