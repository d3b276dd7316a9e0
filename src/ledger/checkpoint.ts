import { NoteError } from './note.js';

/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the text a log
 * signs to commit to its tree: origin line, decimal tree size, base64 root
 * hash, then optional extension lines.
 */
export interface Checkpoint {
  origin: string;
  size: bigint;
  root: Uint8Array;
  extensions: string[];
}

export function formatCheckpoint(c: Checkpoint): string {
  if (c.origin.length === 0 || c.origin.includes('\n')) throw new NoteError('a checkpoint origin is one non-empty line');
  if (c.root.length !== 32) throw new NoteError('a checkpoint root is a 32-byte SHA-256 hash');
  for (const e of c.extensions) if (e.length === 0 || e.includes('\n')) throw new NoteError('an extension is one non-empty line');
  return `${c.origin}\n${c.size}\n${Buffer.from(c.root).toString('base64')}\n${c.extensions.map((e) => `${e}\n`).join('')}`;
}

export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new NoteError('a checkpoint ends with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new NoteError('a checkpoint has at least three lines: origin, tree size, root hash');
  const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) throw new NoteError('line 1: the origin is empty');
  if (!/^(0|[1-9][0-9]*)$/.test(size) || BigInt(size) >= 2n ** 64n) throw new NoteError(`line 2: "${size}" is not a tree size (a decimal without leading zeros)`);
  const hash = Buffer.from(root, 'base64');
  if (hash.length !== 32 || hash.toString('base64') !== root) throw new NoteError('line 3: the root hash is not the base64 of 32 bytes');
  if (extensions.some((e) => e.length === 0)) throw new NoteError('an extension line is empty');
  return { origin, size: BigInt(size), root: hash, extensions };
}
