import { DetectError } from '../errors.js';

/** Point-wise confusion counts: one row of the test part = one decision. */
export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export const emptyConfusion = (): Confusion => ({ tp: 0, fp: 0, tn: 0, fn: 0 });

/**
 * Counts each row once, label against alarm, with no point-adjust (an event
 * is not counted as found because one of its rows was). Requires
 * labels.length === alarms.length.
 */
export function countConfusion(labels: readonly (0 | 1)[], alarms: readonly boolean[]): Confusion {
  if (labels.length !== alarms.length) {
    throw new DetectError('bad-input', `labels (${labels.length}) and alarms (${alarms.length}) differ in length`);
  }
  const c = emptyConfusion();
  for (let i = 0; i < labels.length; i++) {
    const alarm = alarms[i]!;
    if (labels[i] === 1) alarm ? c.tp++ : c.fn++;
    else alarm ? c.fp++ : c.tn++;
  }
  return c;
}

/** Pooling as SKAB does over its 34 files: counts are summed, then scored once. */
export function sumConfusion(parts: readonly Confusion[]): Confusion {
  const c = emptyConfusion();
  for (const p of parts) {
    c.tp += p.tp;
    c.fp += p.fp;
    c.tn += p.tn;
    c.fn += p.fn;
  }
  return c;
}
