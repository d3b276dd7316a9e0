import { DetectError } from '../errors.js';

/** One anomaly event: a maximal run of label-1 rows, [start, end] inclusive, 0-based test-row indexes. */
export interface LabelledEvent {
  start: number;
  end: number;
  detected: boolean;
  /** First alarm inside the run, when detected. */
  firstAlarm?: number;
  /** firstAlarm - start, in rows. */
  delayRows?: number;
  /** Time of the first alarm minus time of the event's start, when times were given. */
  delaySeconds?: number;
}

/** Contiguous runs of label 1, in order. */
export function findEvents(labels: readonly (0 | 1)[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = -1;
  for (let i = 0; i <= labels.length; i++) {
    const on = i < labels.length && labels[i] === 1;
    if (on && start < 0) start = i;
    if (!on && start >= 0) {
      out.push({ start, end: i - 1 });
      start = -1;
    }
  }
  return out;
}

/**
 * Per-event detection: an event is detected when any row inside its run
 * alarms (alarms before the run do not count: they are false alarms on the
 * point-wise scale). Times, when given, are epoch milliseconds per row.
 * Requires labels, alarms (and times) of equal length.
 */
export function scoreEvents(labels: readonly (0 | 1)[], alarms: readonly boolean[], times?: readonly number[]): LabelledEvent[] {
  if (labels.length !== alarms.length || (times && times.length !== labels.length)) {
    throw new DetectError('bad-input', 'labels, alarms and times must have the same length');
  }
  return findEvents(labels).map(({ start, end }) => {
    for (let i = start; i <= end; i++) {
      if (!alarms[i]) continue;
      const e: LabelledEvent = { start, end, detected: true, firstAlarm: i, delayRows: i - start };
      if (times) e.delaySeconds = (times[i]! - times[start]!) / 1000;
      return e;
    }
    return { start, end, detected: false };
  });
}
