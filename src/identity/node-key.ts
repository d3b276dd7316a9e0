import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { TwinwardError } from '../common/errors.js';

export class IdentityError extends TwinwardError<'bad-key-file'> {}

export const KEY_FILE = 'node-key.pem';

/** The public half of a node's identity: safe to print, serve and share. */
export interface PublicIdentity {
  algorithm: 'ed25519';
  /** Raw 32-byte public key, base64 (RFC 8032 §5.1.5 encoding). */
  publicKey: string;
  /** SubjectPublicKeyInfo PEM, for tools like openssl. */
  publicKeyPem: string;
  /** First 8 bytes of SHA-256 over the raw key, hex: a short name for logs. */
  keyId: string;
}

/**
 * A node's Ed25519 key pair. The private key stays inside this object: it
 * has no accessor, and JSON or console output of the object shows only the
 * public part, so it cannot leak through logs by accident.
 */
export class NodeIdentity {
  readonly public: PublicIdentity;
  readonly #privateKey: KeyObject;

  constructor(privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new IdentityError('bad-key-file', 'the node key must be an Ed25519 key');
    this.#privateKey = privateKey;
    const pub = createPublicKey(privateKey);
    const raw = pub.export({ format: 'jwk' }).x!;
    const rawBytes = Buffer.from(raw, 'base64url');
    this.public = {
      algorithm: 'ed25519',
      publicKey: rawBytes.toString('base64'),
      publicKeyPem: pub.export({ format: 'pem', type: 'spki' }).toString(),
      keyId: createHash('sha256').update(rawBytes).digest('hex').slice(0, 16),
    };
  }

  sign(data: Uint8Array): Buffer {
    return sign(null, data, this.#privateKey);
  }

  /**
   * The private key object, for signers that take one (the ledger's signed
   * notes and cosignatures). It stays in memory: never log or serialize it.
   */
  signingKey(): KeyObject {
    return this.#privateKey;
  }

  verify(data: Uint8Array, signature: Uint8Array): boolean {
    return verify(null, data, createPublicKey(this.#privateKey), signature);
  }

  toJSON(): PublicIdentity {
    return this.public;
  }

  [inspect.custom](): string {
    return `NodeIdentity(ed25519 ${this.public.keyId})`;
  }
}

/**
 * Loads `<dataDir>/node-key.pem`, creating it on first start with mode 0600.
 * A key file others can read is tightened to 0600 and reported through
 * `onWarning`; the key itself is never printed.
 */
export function loadOrCreateIdentity(dataDir: string, onWarning: (msg: string) => void = () => undefined): NodeIdentity {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, KEY_FILE);
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new IdentityError('bad-key-file', `cannot read ${path}: ${(err as Error).message}`, { cause: err });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(path, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
    return new NodeIdentity(privateKey);
  }
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077) {
    chmodSync(path, 0o600);
    onWarning(`${path} was readable by others (mode ${mode.toString(8)}); its mode is now 600`);
  }
  try {
    return new NodeIdentity(createPrivateKey(pem));
  } catch (err) {
    throw new IdentityError('bad-key-file', `${path} does not hold a PKCS#8 PEM Ed25519 private key`, { cause: err });
  }
}
