import { ProofError } from './merkle.js';

/**
 * The subtrees a proof is made of, as leaf ranges [lo, hi), following the
 * recursive definitions of RFC 6962 §2.1.1 (PATH) and §2.1.2 (SUBPROOF),
 * in proof order. A tree holding its nodes in any layout (all in memory, or
 * tiles on disk) answers a proof by hashing these ranges.
 */
export type Range = readonly [lo: number, hi: number];

/** Largest power of two strictly below n (n >= 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function inclusionRanges(index: number, size: number): Range[] {
  if (!(Number.isInteger(index) && index >= 0 && index < size)) throw new ProofError(`entry ${index} is not in a tree of ${size}`);
  const out: Range[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index - lo < k) {
      out.push([lo + k, hi]);
      hi = lo + k;
    } else {
      out.push([lo, lo + k]);
      lo += k;
    }
  }
  return out.reverse();
}

export function consistencyRanges(size1: number, size2: number): Range[] {
  if (!(Number.isInteger(size1) && size1 >= 0 && size1 <= size2)) throw new ProofError(`no consistency proof from size ${size1} to ${size2}`);
  if (size1 === 0 || size1 === size2) return [];
  const out: Range[] = [];
  let lo = 0;
  let hi = size2;
  let m = size1;
  let complete = true;
  for (;;) {
    const n = hi - lo;
    if (m === n) {
      if (!complete) out.push([lo, hi]);
      break;
    }
    const k = splitPoint(n);
    if (m <= k) {
      out.push([lo + k, hi]);
      hi = lo + k;
    } else {
      out.push([lo, lo + k]);
      lo += k;
      m -= k;
      complete = false;
    }
  }
  return out.reverse();
}

/** Whether [lo, hi) is one complete aligned subtree (a power of two long, starting at a multiple of it). */
export function isAligned(lo: number, hi: number): boolean {
  const n = hi - lo;
  return n > 0 && (n & (n - 1)) === 0 && lo % n === 0;
}
